import type { FieldError, RedactionPolicy } from '@llm-observatory/core'
import { checkCustomPattern } from './custom-pattern.js'

/**
 * What the policy schema (contracts `RedactionPolicySchema`) cannot check: each custom pattern
 * compiles as RE2 and does not match the empty text, names are unique, and an attribute key
 * pattern has `*` only at its end. Returns field errors (`customPatterns[1].pattern`), empty when
 * the policy can be used; messages never quote the pattern.
 *
 * @example checkRedactionPolicy({ ...policy, customPatterns: [{ name: 'x', pattern: '(a' }] })
 * // [{ field: 'customPatterns[0].pattern', message: 'missing closing )' }]
 */
export function checkRedactionPolicy(policy: RedactionPolicy): FieldError[] {
  const errors: FieldError[] = []
  const names = new Set<string>()
  policy.customPatterns.forEach((custom, i) => {
    const problem = checkCustomPattern(custom)
    if (problem !== null) {
      const [field, message] = splitProblem(problem)
      errors.push({ field: `customPatterns[${i}].${field}`, message })
    }
    const name = custom.name.toUpperCase()
    if (names.has(name)) {
      errors.push({ field: `customPatterns[${i}].name`, message: 'names must be unique' })
    }
    names.add(name)
  })
  policy.attributeKeys?.forEach((key, i) => {
    if (key.length === 0 || key.indexOf('*') !== (key.endsWith('*') ? key.length - 1 : -1)) {
      errors.push({
        field: `attributeKeys[${i}]`,
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
