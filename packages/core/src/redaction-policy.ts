/**
 * The built-in PII detectors, by the name a policy switches them with. `secret` covers API keys
 * (OpenAI, Anthropic, AWS, GitHub, Slack, Google, Stripe), JWTs, bearer tokens and private key
 * blocks.
 */
export const redactionDetectorNames = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'secret',
  'ipv4',
  'ipv6',
] as const

export type RedactionDetectorName = (typeof redactionDetectorNames)[number]

/**
 * `redact` replaces a match with `[REDACTED:EMAIL]`; `hash` with `[EMAIL:<12 hex>]`, the start
 * of an HMAC-SHA256 of the value under a per-project key, so equal values stay joinable without
 * being readable.
 */
export type RedactionMode = 'redact' | 'hash'

/** Names of custom patterns: lower-case snake_case, upper-cased in the label (`[REDACTED:EMPLOYEE_ID]`). */
export const customRedactionPatternName = '^[a-z][a-z0-9_]{0,63}$'

/** Longest custom pattern accepted (as for query regex filters). */
export const maxCustomRedactionPatternLength = 1000

/** A project's own pattern: matches are labelled with `name` upper-cased (`employee_id` → `EMPLOYEE_ID`). */
export interface CustomRedactionPattern {
  name: string
  /** RE2 syntax (no backreferences or lookaround), run by a linear-time engine. */
  pattern: string
}

/**
 * PII redaction rules applied at ingestion, before anything is stored (prompts, responses,
 * tool calls and results, error messages, content-bearing attributes, log bodies).
 *
 * @example
 * const policy: RedactionPolicy = {
 *   enabled: true,
 *   mode: 'hash',
 *   detectors: { ipv4: false }, // every detector not named is on
 *   customPatterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }],
 * }
 */
export interface RedactionPolicy {
  enabled: boolean
  mode: RedactionMode
  /** Detectors switched on or off by name; a detector not named here is on. */
  detectors: Partial<Record<RedactionDetectorName, boolean>>
  customPatterns: CustomRedactionPattern[]
  /**
   * Attribute keys whose values are redacted (on spans, span events and log records): exact
   * keys, or prefixes ending in `*` (`llm.input_messages.*`). Absent: the content-bearing GenAI
   * keys of every supported instrumentation (the ingest package's default list).
   */
  attributeKeys?: string[]
}

/** Redaction off: what every project has unless the server or the project turns it on. */
export const disabledRedactionPolicy: Readonly<RedactionPolicy> = {
  enabled: false,
  mode: 'redact',
  detectors: {},
  customPatterns: [],
}
