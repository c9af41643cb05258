import { isIPv6 } from 'node:net'
import type { RedactionDetectorName } from '@llm-observatory/core'
import { isIbanValid, isLuhnValid } from './check-digits.js'

/** One finding in a text: `[start, end)` in UTF-16 units, the label, and the value to hash. */
export interface PiiMatch {
  start: number
  end: number
  /** `EMAIL`, `CREDIT_CARD`, … as it appears in the replacement. */
  label: string
  /** The value in a canonical form (e-mail lower-cased, card digits only) for hash mode. */
  value: string
}

/** Appends the matches it finds in `text` to `out`, in any order. Pure and linear-time. */
export type FindPii = (text: string, out: PiiMatch[]) => void

// ReDoS: these run on untrusted text, and JavaScript's engine backtracks. Every pattern here
// either starts with a rare literal (`sk-`, `AKIA`, `eyJ`, `+`) or has only bounded
// quantifiers, and none ends in a lookahead that could force backtracking over a long run:
// boundaries after a match are checked in code, where a too-long candidate is trimmed instead.
// Custom patterns from users run on re2js instead (custom-pattern.ts).

/**
 * E-mail addresses, found from each `@` outwards (a regex starting with the local part would
 * retry at every character of a long word). Local part: letters, digits, `._%+-`; the domain
 * needs a dot and an alphabetic TLD of 2+ letters, so `@decorators`, npm scopes and
 * `user@localhost` are not addresses.
 */
export function findEmails(text: string, out: PiiMatch[]): void {
  let i = text.indexOf('@')
  while (i !== -1) {
    let start = i
    const minStart = Math.max(0, i - 64)
    while (start > minStart && isLocalChar(text.charCodeAt(start - 1))) start--
    while (start < i && text.charCodeAt(start) === 46) start++
    let next = i + 1
    if (start < i) {
      let end = i + 1
      const maxEnd = Math.min(text.length, i + 254)
      while (end < maxEnd && isDomainChar(text.charCodeAt(end))) end++
      while (end > i + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45))
        end--
      if (isDomain(text, i + 1, end)) {
        out.push({ start, end, label: 'EMAIL', value: text.slice(start, end).toLowerCase() })
        next = end
      }
    }
    i = text.indexOf('@', next)
  }
}

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 || // .
    c === 95 || // _
    c === 37 || // %
    c === 43 || // +
    c === 45 // -
  )
}

function isDomainChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45
  )
}

function isDomain(text: string, start: number, end: number): boolean {
  let labels = 0
  let labelStart = start
  for (let k = start; k <= end; k++) {
    if (k < end && text.charCodeAt(k) !== 46) continue
    const length = k - labelStart
    if (length === 0 || length > 63) return false
    if (text.charCodeAt(labelStart) === 45 || text.charCodeAt(k - 1) === 45) return false
    labels++
    if (k === end) {
      // The TLD: letters only.
      if (length < 2) return false
      for (let j = labelStart; j < k; j++) {
        const c = text.charCodeAt(j) | 32
        if (c < 97 || c > 122) return false
      }
    }
    labelStart = k + 1
  }
  return labels >= 2
}

const phonePattern = new RegExp(
  [
    // International, E.164 without separators: +14155552671 (the lookahead backtracks ≤ 8 steps).
    String.raw`\+[1-9]\d{7,14}(?![ .(-]?\d)`,
    // International with separators: +44 20 7946 0958, +1 (415) 555-2671, +49 (0)30 1234567.
    String.raw`\+[1-9]\d{0,3}(?:[ .-]?\(0\))?(?:[ .-]?\(\d{1,4}\))?[ .-]?\d{1,8}(?:[ .-]\d{1,8}){0,5}`,
    // National with a trunk 0 and one separator style: 020 7946 0958, 06 12 34 56 78, 030-1234567.
    String.raw`\(0\d{1,4}\)[ .-]?\d{3,8}(?:[ .-]\d{2,8})?`,
    String.raw`\b0\d{1,4}([ .-])\d{2,8}(?:\1\d{2,8}){0,4}`,
    // North American: (415) 555-2671, 415-555-2671, 415.555.2671, 415 555 2671.
    String.raw`\(\d{3}\) ?\d{3}[-. ]\d{4}`,
    String.raw`\b\d{3}([-. ])\d{3}\2\d{4}`,
  ].join('|'),
  'g',
)

/**
 * Phone numbers: international (`+` and 8–15 digits), national numbers with a trunk `0` and
 * separators (9–12 digits), North American `(415) 555-2671` forms. Digit runs without
 * separators or `+` (token counts, timestamps, ids) are never phones, nor are dates (too few
 * digits, or mixed separators), UUIDs or IP addresses (glued to letters or dots).
 */
export function findPhones(text: string, out: PiiMatch[]): void {
  phonePattern.lastIndex = 0
  for (let m = phonePattern.exec(text); m !== null; m = phonePattern.exec(text)) {
    const start = m.index
    let candidate = m[0]
    if (isGlued(text.charCodeAt(start - 1))) continue
    for (;;) {
      if (isPhone(candidate) && !isGluedAfter(text, start + candidate.length)) {
        out.push({
          start,
          end: start + candidate.length,
          label: 'PHONE',
          value: phoneValue(candidate),
        })
        break
      }
      const trimmed = trimLastGroup(candidate)
      if (trimmed === null) break
      candidate = trimmed
    }
  }
}

function isPhone(candidate: string): boolean {
  let digits = countDigits(candidate)
  if (candidate.charCodeAt(0) === 43) {
    if (candidate.includes('(0)')) digits--
    return digits >= 8 && digits <= 15
  }
  if (candidate.charCodeAt(0) === 48 || candidate.startsWith('(0'))
    return digits >= 9 && digits <= 12
  // North American: the area code and the exchange start with 2–9.
  const value = phoneValue(candidate)
  return digits === 10 && value[0]! >= '2' && value[3]! >= '2'
}

function phoneValue(candidate: string): string {
  let value = candidate.charCodeAt(0) === 43 ? '+' : ''
  for (let k = 0; k < candidate.length; k++) {
    const c = candidate.charCodeAt(k)
    if (c >= 48 && c <= 57) value += candidate[k]
  }
  return value
}

const cardPattern = /\b[2-6](?:[ -]?\d){12,18}/g

/**
 * Payment card numbers: 13–19 digits, optionally grouped with spaces or dashes, starting with a
 * card network digit (2–6: Mastercard, Amex/Diners/JCB, Visa, Mastercard, Discover/UnionPay),
 * passing the Luhn check. Luhn-invalid numbers, millisecond and nanosecond timestamps (start
 * with 1) and digits inside longer dash-separated ids are not cards.
 */
export function findCards(text: string, out: PiiMatch[]): void {
  cardPattern.lastIndex = 0
  for (let m = cardPattern.exec(text); m !== null; m = cardPattern.exec(text)) {
    const start = m.index
    const before = text.charCodeAt(start - 1)
    // 'x.4111…' (a decimal, a version) and '12-4111…' (an id) are not card numbers.
    if (before === 46 || (before === 45 && isDigit(text.charCodeAt(start - 2)))) continue
    let candidate = m[0]
    for (;;) {
      const end = start + candidate.length
      const digits = candidate.replace(/[ -]/g, '')
      const after = text.charCodeAt(end)
      const continues =
        isWordChar(after) || ((after === 45 || after === 46) && isDigit(text.charCodeAt(end + 1)))
      if (!continues && digits.length >= 13 && isLuhnValid(digits)) {
        out.push({ start, end, label: 'CREDIT_CARD', value: digits })
        cardPattern.lastIndex = end
        break
      }
      const trimmed = trimLastGroup(candidate)
      if (trimmed === null) break
      candidate = trimmed
    }
  }
}

const ibanPattern = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,32}/g

/**
 * IBANs, compact or printed in groups of four (`DE89 3704 0044 0532 0130 00`): a known country
 * code and a valid mod-97 check. Upper case only, as IBANs are written.
 */
export function findIbans(text: string, out: PiiMatch[]): void {
  ibanPattern.lastIndex = 0
  for (let m = ibanPattern.exec(text); m !== null; m = ibanPattern.exec(text)) {
    const start = m.index
    let candidate = m[0]
    for (;;) {
      const end = start + candidate.length
      const compact = candidate.replace(/ /g, '')
      if (!isWordChar(text.charCodeAt(end)) && isIbanValid(compact)) {
        out.push({ start, end, label: 'IBAN', value: compact })
        ibanPattern.lastIndex = end
        break
      }
      const trimmed = trimLastGroup(candidate)
      if (trimmed === null) break
      candidate = trimmed
    }
  }
}

const secretPattern = new RegExp(
  String.raw`\b(?:` +
    [
      // OpenAI (sk-, sk-proj-, sk-svcacct-), Anthropic (sk-ant-api03-…), and this product's sk-lo-.
      String.raw`(sk-[A-Za-z0-9_-]{20,})`,
      // Stripe secret and restricted keys.
      String.raw`((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,})`,
      // AWS access key ids (long-lived and temporary).
      String.raw`((?:AKIA|ASIA)[A-Z0-9]{16})`,
      // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained.
      String.raw`(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`,
      // Slack bot, user, app and config tokens.
      String.raw`(xox[abposre]-[A-Za-z0-9-]{10,})`,
      // Google API keys.
      String.raw`(AIza[0-9A-Za-z_-]{35})`,
      // JWTs: base64url header and payload both start with '{"' (eyJ).
      String.raw`(eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)`,
      // An HTTP bearer credential: only the token is replaced.
      String.raw`[Bb]earer[ \t]+([A-Za-z0-9._~+/-]{16,}=*)`,
    ].join('|') +
    ')',
  'g',
)

const secretLabels = ['API_KEY', 'API_KEY', 'API_KEY', 'API_KEY', 'API_KEY', 'API_KEY', 'JWT']
const jwtShape = /^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./

/**
 * API keys and credentials: OpenAI and Anthropic `sk-…`, Stripe `sk_live_…`, AWS `AKIA…`, GitHub
 * `ghp_…`/`github_pat_…`, Slack `xox…`, Google `AIza…` (all `API_KEY`), JWTs (`JWT`), the token
 * of `Bearer <token>` (`BEARER_TOKEN`), and PEM private key blocks (`PRIVATE_KEY`, up to the END
 * line, or to the end of the text when it is cut off). Keys and tokens must contain a digit, so
 * words such as `sk-learn-compatible-estimators` are left alone.
 */
export function findSecrets(text: string, out: PiiMatch[]): void {
  findPrivateKeys(text, out)
  secretPattern.lastIndex = 0
  for (let m = secretPattern.exec(text); m !== null; m = secretPattern.exec(text)) {
    let group = 1
    while (group < m.length && m[group] === undefined) group++
    const token = m[group]
    if (token === undefined) continue
    const start = m.index + m[0].length - token.length
    const end = start + token.length
    if (isWordChar(text.charCodeAt(end)) || !/\d/.test(token)) continue
    // A bearer token that is a JWT is labelled as one.
    const label = secretLabels[group - 1] ?? (jwtShape.test(token) ? 'JWT' : 'BEARER_TOKEN')
    out.push({ start, end, label, value: token })
  }
}

const pemBegin = '-----BEGIN '
const pemEnd = '-----END '

function findPrivateKeys(text: string, out: PiiMatch[]): void {
  let i = text.indexOf(pemBegin)
  while (i !== -1) {
    const headerEnd = text.indexOf('-----', i + pemBegin.length)
    if (headerEnd === -1) return
    const header = text.slice(i + pemBegin.length, headerEnd)
    if (!header.endsWith('PRIVATE KEY') || header.length > 40) {
      i = text.indexOf(pemBegin, i + pemBegin.length)
      continue
    }
    const footer = text.indexOf(pemEnd, headerEnd)
    let end = text.length
    if (footer !== -1) {
      const footerEnd = text.indexOf('-----', footer + pemEnd.length)
      end = footerEnd === -1 ? text.length : footerEnd + 5
    }
    out.push({ start: i, end, label: 'PRIVATE_KEY', value: text.slice(i, end) })
    i = text.indexOf(pemBegin, end)
  }
}

const octet = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`
const ipv4Pattern = new RegExp(String.raw`\b${octet}(?:\.${octet}){3}`, 'g')

/**
 * IPv4 addresses in dotted decimal. Not inside longer dotted numbers (`1.2.3.4.5`, OIDs) and
 * not glued to letters (`v1.2.3.4`).
 */
export function findIpv4(text: string, out: PiiMatch[]): void {
  ipv4Pattern.lastIndex = 0
  for (let m = ipv4Pattern.exec(text); m !== null; m = ipv4Pattern.exec(text)) {
    const start = m.index
    const end = start + m[0].length
    const before = text.charCodeAt(start - 1)
    const after = text.charCodeAt(end)
    if (before === 46 || isWordChar(after) || (after === 46 && isDigit(text.charCodeAt(end + 1))))
      continue
    out.push({ start, end, label: 'IPV4', value: m[0] })
  }
}

/** Longest IPv6 text form: 8 groups of 4 and 7 colons, or 6 groups plus an IPv4 tail. */
const maxIpv6Length = 45

/**
 * IPv6 addresses, full or compressed (`2001:db8::8a2e:370:7334`, `fe80::1`, `::ffff:10.0.0.1`),
 * validated by Node's parser. Found from colons that have another colon at most 5 characters
 * on (a regex would start at every hex letter of the text). Must hold a digit, so `dead::beef`
 * style words, C++/Rust paths (`std::vector`) and clock times (`12:30:45`, not a valid address)
 * are left alone, as are MAC addresses.
 */
export function findIpv6(text: string, out: PiiMatch[]): void {
  let i = text.indexOf(':')
  while (i !== -1) {
    const j = text.indexOf(':', i + 1)
    if (j === -1) return
    if (j - i > 5) {
      i = j
      continue
    }
    let start = i
    while (start > 0 && i - start < 4 && isHexDigit(text.charCodeAt(start - 1))) start--
    let end = i
    const maxEnd = Math.min(text.length, start + maxIpv6Length)
    while (end < maxEnd && isIpv6Char(text.charCodeAt(end))) end++
    const found = findIpv6In(text, start, end)
    if (found !== null) out.push(found)
    i = text.indexOf(':', found?.end ?? end)
  }
}

/** The address in `text[start, end)`, allowing for a label colon before it and a sentence's ':' or '.' after. */
function findIpv6In(text: string, start: number, end: number): PiiMatch | null {
  if (text.charCodeAt(start) === 58 && text.charCodeAt(start + 1) !== 58) start++
  for (;;) {
    const last = text.charCodeAt(end - 1)
    if (last === 46 || (last === 58 && text.charCodeAt(end - 2) !== 58)) end--
    else break
  }
  if (end - start < 3) return null
  // Glued to a word ('std::vector') or a dotted number; a single ':' before is a label's.
  const before = text.charCodeAt(start - 1)
  if (isWordChar(before) || before === 46 || isWordChar(text.charCodeAt(end))) return null
  const candidate = text.slice(start, end)
  if (!/\d/.test(candidate) || !isIPv6(candidate)) return null
  return { start, end, label: 'IPV6', value: candidate.toLowerCase() }
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

function isIpv6Char(c: number): boolean {
  return isHexDigit(c) || c === 58 || c === 46
}

/** The built-in detectors, in priority order: on overlapping matches of equal extent, the first wins. */
export const builtInDetectors: readonly { name: RedactionDetectorName; find: FindPii }[] = [
  { name: 'secret', find: findSecrets },
  { name: 'email', find: findEmails },
  { name: 'iban', find: findIbans },
  { name: 'credit_card', find: findCards },
  { name: 'ipv6', find: findIpv6 },
  { name: 'ipv4', find: findIpv4 },
  { name: 'phone', find: findPhones },
]

/** Drops the last separator-delimited group (`'+1 415 555 2671 2'` → `'+1 415 555 2671'`). */
function trimLastGroup(candidate: string): string | null {
  for (let k = candidate.length - 1; k > 0; k--) {
    const c = candidate.charCodeAt(k)
    if (c === 32 || c === 45 || c === 46) return candidate.slice(0, k)
  }
  return null
}

function countDigits(s: string): number {
  let n = 0
  for (let k = 0; k < s.length; k++) if (isDigit(s.charCodeAt(k))) n++
  return n
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

/** Letters, digits and `_` (NaN, past either end of the text, is not). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95
}

/** A phone glued to a word, a `+` or a dotted number before it is part of something else. */
function isGlued(c: number): boolean {
  return isWordChar(c) || c === 43 || c === 46
}

function isGluedAfter(text: string, end: number): boolean {
  const c = text.charCodeAt(end)
  return isWordChar(c) || ((c === 46 || c === 45) && isDigit(text.charCodeAt(end + 1)))
}
