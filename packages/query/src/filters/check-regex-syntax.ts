import { RE2JS } from 're2js'

/** Longest pattern accepted: longer ones are data, not filters, and cost compile time on every row group. */
export const maxRegexLength = 1000

/**
 * Checks that `pattern` is valid RE2 syntax, the dialect both DuckDB (`regexp_matches`) and
 * ClickHouse (`match`) run in linear time (https://github.com/google/re2/wiki/Syntax): no
 * backreferences, no lookaround, repeat counts up to 1000. Returns null when valid, else the
 * reason without the pattern (errors never echo values). Uses re2js, a port of the same
 * parser, so what passes here compiles on both engines.
 *
 * @example checkRegexSyntax('^gpt-4o(-mini)?$') // null
 * @example checkRegexSyntax('(a') // 'missing closing )'
 */
export function checkRegexSyntax(pattern: string): string | null {
  if (pattern.length > maxRegexLength) {
    return `a pattern may be at most ${maxRegexLength} characters`
  }
  try {
    RE2JS.compile(pattern)
    return null
  } catch (err) {
    const text = err instanceof Error ? err.message : ''
    // re2js says "error parsing regexp: <reason>: `<fragment>`"; keep the reason only.
    const reason = /^error parsing regexp: ([^:`]+)/.exec(text)?.[1]?.trim()
    return reason ?? 'not a valid RE2 pattern'
  }
}
