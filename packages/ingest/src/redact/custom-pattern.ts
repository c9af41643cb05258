import { RE2JS } from 're2js'
import {
  customRedactionPatternName,
  maxCustomRedactionPatternLength,
  type CustomRedactionPattern,
} from '@llm-observatory/core'
import type { FindPii, PiiMatch } from './pii-detectors.js'

const namePattern = new RegExp(customRedactionPatternName)
const maxLength = maxCustomRedactionPatternLength

/**
 * Why a custom pattern cannot be used, or null when it can: the name must match core's
 * `customRedactionPatternName` (lower-case snake_case); the pattern must be RE2 syntax (no
 * backreferences or lookaround, https://github.com/google/re2/wiki/Syntax), at most 1000
 * characters, and must not match the empty text. The reason never quotes the pattern.
 *
 * @example checkCustomPattern({ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }) // null
 * @example checkCustomPattern({ name: 'x', pattern: '(a' }) // 'pattern: missing closing )'
 */
export function checkCustomPattern(custom: CustomRedactionPattern): string | null {
  if (!namePattern.test(custom.name)) {
    return 'name: lower-case letters, digits and _ (at most 64), starting with a letter'
  }
  if (custom.pattern.length === 0 || custom.pattern.length > maxLength) {
    return `pattern: 1 to ${maxLength} characters`
  }
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(custom.pattern)
  } catch (err) {
    const text = err instanceof Error ? err.message : ''
    // re2js says "error parsing regexp: <reason>: `<fragment>`"; keep the reason only.
    const reason = /^error parsing regexp: ([^:`]+)/.exec(text)?.[1]?.trim()
    return `pattern: ${reason ?? 'not a valid RE2 pattern'}`
  }
  // A pattern matching '' would "redact" every position of every text.
  if (compiled.matches('')) return 'pattern: must not match the empty text'
  return null
}

/**
 * A finder for one custom pattern, run by re2js (linear time in the text, whatever the pattern:
 * user patterns must not be a ReDoS on the ingest path). Call {@link checkCustomPattern} first;
 * this throws on an invalid pattern.
 */
export function compileCustomPattern(custom: CustomRedactionPattern): FindPii {
  const compiled = RE2JS.compile(custom.pattern)
  const label = custom.name.toUpperCase()
  return (text: string, out: PiiMatch[]) => {
    const matcher = compiled.matcher(text)
    while (matcher.find()) {
      const start = matcher.start()
      const end = matcher.end()
      if (end > start) out.push({ start, end, label, value: text.slice(start, end) })
    }
  }
}
