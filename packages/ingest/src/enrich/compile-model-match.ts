import type { MatchLogic } from '@pydantic/genai-prices'

/** A compiled match rule: true when the (trimmed) model name matches. */
export type ModelNameTest = (name: string) => boolean

/**
 * Compiles a genai-prices `MatchLogic` (equals | starts_with | ends_with | contains | regex |
 * or | and) into a test, once, so pricing never builds a RegExp per span (genai-prices does).
 *
 * All comparisons ignore case, as genai-prices' own (which lower-cases the name first); a
 * `regex` is compiled with the `i` flag and is not anchored for you: write `^…$`.
 * Throws a plain Error naming the problem for an unknown shape or a regex that does not compile.
 *
 * @example compileModelMatch({ regex: '^ft:gpt-4o-2024-08-06:acme:.*$' })('FT:gpt-4o-2024-08-06:acme::x1') // true
 */
export function compileModelMatch(logic: MatchLogic): ModelNameTest {
  if (typeof logic !== 'object' || logic === null || Object.keys(logic).length !== 1)
    throw new Error(
      'a match rule has exactly one of equals, starts_with, ends_with, contains, regex, or, and',
    )
  if ('or' in logic) {
    const tests = compileList(logic.or)
    return (name) => tests.some((test) => test(name))
  }
  if ('and' in logic) {
    const tests = compileList(logic.and)
    return (name) => tests.every((test) => test(name))
  }
  if ('regex' in logic) {
    const pattern = new RegExp(requireString(logic.regex), 'i')
    return (name) => pattern.test(name)
  }
  if ('equals' in logic) {
    const text = requireString(logic.equals).toLowerCase()
    return (name) => name.toLowerCase() === text
  }
  if ('starts_with' in logic) {
    const text = requireString(logic.starts_with).toLowerCase()
    return (name) => name.toLowerCase().startsWith(text)
  }
  if ('ends_with' in logic) {
    const text = requireString(logic.ends_with).toLowerCase()
    return (name) => name.toLowerCase().endsWith(text)
  }
  if ('contains' in logic) {
    const text = requireString(logic.contains).toLowerCase()
    return (name) => name.toLowerCase().includes(text)
  }
  throw new Error(
    'a match rule has exactly one of equals, starts_with, ends_with, contains, regex, or, and',
  )
}

function compileList(list: unknown): ModelNameTest[] {
  if (!Array.isArray(list) || list.length === 0) throw new Error('or/and need a non-empty list')
  return list.map((item) => compileModelMatch(item as MatchLogic))
}

function requireString(value: unknown): string {
  if (typeof value !== 'string') throw new Error('a match value must be a string')
  return value
}
