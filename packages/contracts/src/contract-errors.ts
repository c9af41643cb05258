import type { FieldError } from '@llm-observatory/core'
import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'

/** At most this many field errors are reported per value: enough to fix a body, bounded in size. */
export const maxFieldErrors = 20

const validators = new WeakMap<TSchema, Validator>()

function validatorOf(schema: TSchema): Validator {
  let v = validators.get(schema)
  if (!v) {
    v = Compile(schema)
    validators.set(schema, v)
  }
  return v
}

/** True when `value` matches `schema` (compiled once per schema object). */
export function matchesContract(schema: TSchema, value: unknown): boolean {
  return validatorOf(schema).Check(value)
}

/**
 * The problems of `value` against `schema` as field errors, `[]` when it matches. Fields are
 * dotted paths (`usage.prompt_tokens`, `messages.0.role`) after `prefix`; a union that matches
 * no branch gives one error for the union, not one per branch; at most {@link maxFieldErrors}.
 *
 * @example contractFieldErrors(LlmLogRequest, { usage: { prompt_tokens: -1 } })
 * // [{ field: 'usage.prompt_tokens', message: 'must be >= 0' }]
 */
export function contractFieldErrors(schema: TSchema, value: unknown, prefix = ''): FieldError[] {
  const validator = validatorOf(schema)
  if (validator.Check(value)) return []
  const errors = validator.Errors(value)
  const unionPaths = errors
    .filter((e) => e.keyword === 'anyOf')
    .map((e) => `${e.schemaPath}/anyOf/`)
  const out: FieldError[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    if (unionPaths.some((p) => e.schemaPath.startsWith(p))) continue
    const base = joinPath(prefix, pointerToPath(e.instancePath))
    const missing = (e.params as Record<string, unknown>)['requiredProperties']
    const items: FieldError[] =
      e.keyword === 'required' && Array.isArray(missing)
        ? missing.map((name) => ({ field: joinPath(base, String(name)), message: 'is required' }))
        : [
            {
              field: base || '(body)',
              message:
                e.keyword === 'anyOf' ? 'does not match any of the accepted shapes' : e.message,
            },
          ]
    for (const item of items) {
      const key = `${item.field}\u0000${item.message}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(item)
      if (out.length >= maxFieldErrors) return out
    }
  }
  return out
}

function pointerToPath(pointer: string): string {
  if (pointer === '') return ''
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .join('.')
}

function joinPath(a: string, b: string): string {
  if (!a) return b
  if (!b) return a
  return `${a}.${b}`
}
