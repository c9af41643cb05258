import type { FieldError, RedactionPolicy } from '@llm-observatory/core'
import { checkCustomPattern } from './custom-pattern.js'

/**
 * What the policy schema (contracts `RedactionPolicySchema`) cannot check: each custom pattern
 * compiles as RE2 and does not match the empty text, names are unique, and an attribute key
 * pattern has `*` only at its end. Returns field errors named as in the API's snake_case form
 * (`custom_patterns.1.pattern`; prefix them with where the policy sits, e.g. `pii.`), empty
 * when the policy can be used; messages never quote the pattern.
 *
 * @example checkRedactionPolicy({ ...policy, customPatterns: [{ name: 'x', pattern: '(a' }] })
 * // [{ field: 'custom_patterns.0.pattern', message: 'missing closing )' }]
 */
export function checkRedactionPolicy(policy: RedactionPolicy): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  policy.customPatterns.forEach((custom, i) => {
    const problem = checkCustomPattern(custom)
    if (problem !== null) {
      const [field, message] = splitProblem(problem)
      errors.push({ field: `custom_patterns.${i}.${field}`, message })
    }
    const name = custom.name.toUpperCase()
    if (names.has(name)) {
      errors.push({ field: `custom_patterns.${i}.name`, message: 'names must be unique' })
    }
    names.add(name)
  })
  policy.attributeKeys?.forEach((key, i) => {
    if (key.length === 0 || key.indexOf('*') !== (key.endsWith('*') ? key.length - 1 : -1)) {
      errors.push({
        field: `attribute_keys.${i}`,
        message: 'a key, or a prefix ending in * (the only * allowed)',
      })
    }
  })
  return errors
}

function splitProblem(problem: string): [string, string] {
  const colon = problem.indexOf(': ')
  return [problem.slice(0, colon), problem.slice(colon + 2)]
}
