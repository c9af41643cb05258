import type {
  LogRecord,
  Message,
  MessagePart,
  RedactionPolicy,
  Span,
  SpanEvent,
} from '@llm-observatory/core'
import { setOwn } from '../otlp/otlp-values.js'
import { AttributeKeyMatcher, defaultRedactionAttributeKeys } from './attribute-key-matcher.js'
import { compileCustomPattern } from './custom-pattern.js'
import { builtInDetectors, type FindPii } from './pii-detectors.js'
import { TextRedactor, type RedactionCounter } from './text-redactor.js'

/** Nesting walked inside one value; a deeper subtree is replaced whole rather than kept unread. */
const maxDepth = 32
const tooDeep = '[REDACTED:TOO_DEEP]'

/**
 * One project's redaction policy, compiled: applies the detectors to everything of a span or
 * log record that carries content, before it is stored.
 *
 * - Spans: every message part (text, reasoning, tool call arguments, tool results, `other`
 *   values, media URIs that are not `data:`), the error message, the attributes and span event
 *   attributes named by the policy's `attributeKeys` (default
 *   {@link defaultRedactionAttributeKeys}). `redactionCount` becomes the number of replacements.
 * - Log records: the body (any shape) and the same attribute keys.
 * - Strings holding JSON (`{…}`, `[…]`, `"…"`, as many stacks send messages) are parsed,
 *   redacted value by value and serialized again only if something was replaced, so they stay
 *   valid JSON. Object keys, numbers and booleans are kept; tool definitions and media content
 *   (base64 data) are not scanned.
 *
 * Never mutates shared values: changed messages, attribute records and events are copies (spans
 * of one request can share message arrays). Throws on an invalid custom pattern, so check
 * policies with `checkRedactionPolicy` before storing them.
 *
 * @example
 * const redactor = new PiiRedactor({ enabled: true, mode: 'redact', detectors: {}, customPatterns: [] }, key)
 * redactor.redactSpan(span) // span.inputMessages[0].parts[0].content === 'mail [REDACTED:EMAIL]'
 */
export class PiiRedactor {
  readonly #text: TextRedactor
  readonly #keys: AttributeKeyMatcher
  /** Built-in finders only: their matches do not depend on where a JSON string starts or ends. */
  readonly #canPrefilterJson: boolean

  constructor(policy: RedactionPolicy, hashKey: Uint8Array) {
    const finders: FindPii[] = []
    for (const detector of builtInDetectors) {
      if (policy.detectors[detector.name] !== false) finders.push(detector.find)
    }
    for (const custom of policy.customPatterns) finders.push(compileCustomPattern(custom))
    this.#text = new TextRedactor({ finders, mode: policy.mode, hashKey })
    this.#keys = new AttributeKeyMatcher(policy.attributeKeys ?? defaultRedactionAttributeKeys)
    this.#canPrefilterJson = policy.customPatterns.length === 0
  }

  /** Redacts a span in place (its fields get redacted copies) and sets its `redactionCount`. */
  redactSpan(span: Span): void {
    const counter: RedactionCounter = { count: 0 }
    span.inputMessages = this.#messages(span.inputMessages, counter)
    span.outputMessages = this.#messages(span.outputMessages, counter)
    if (span.errorMessage !== null)
      span.errorMessage = this.#text.redact(span.errorMessage, counter)
    span.attributes = this.#attributes(span.attributes, counter)
    if (span.events.length > 0) span.events = this.#events(span.events, counter)
    span.redactionCount = counter.count
  }

  /** A redacted copy of a log record (the record itself when nothing matched). */
  redactLog(log: LogRecord): LogRecord {
    const counter: RedactionCounter = { count: 0 }
    const body = this.#value(log.body, counter, 0)
    const attributes = this.#attributes(log.attributes, counter)
    if (counter.count === 0) return log
    return { ...log, body, attributes }
  }

  /** Redacts one text as message text is (no JSON parsing), counting into `counter`. */
  redactText(text: string, counter: RedactionCounter): string {
    return this.#text.redact(text, counter)
  }

  #messages(messages: Message[] | null, counter: RedactionCounter): Message[] | null {
    if (messages === null) return null
    let out: Message[] | null = null
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!
      const parts = this.#parts(m.parts, counter)
      if (parts !== m.parts) {
        out ??= messages.slice()
        out[i] = { ...m, parts }
      }
    }
    return out ?? messages
  }

  #parts(parts: MessagePart[], counter: RedactionCounter): MessagePart[] {
    let out: MessagePart[] | null = null
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!
      const r = this.#part(p, counter)
      if (r !== p) {
        out ??= parts.slice()
        out[i] = r
      }
    }
    return out ?? parts
  }

  #part(p: MessagePart, counter: RedactionCounter): MessagePart {
    switch (p.type) {
      case 'text':
      case 'reasoning': {
        // Text as the model or user wrote it: not parsed as JSON, so its formatting is kept.
        const content = this.#text.redact(p.content, counter)
        return content === p.content ? p : { ...p, content }
      }
      case 'tool_call': {
        const args = this.#value(p.arguments, counter, 0)
        return args === p.arguments ? p : { ...p, arguments: args }
      }
      case 'tool_result': {
        const content = this.#value(p.content, counter, 0)
        return content === p.content ? p : { ...p, content }
      }
      case 'media': {
        if (p.uri === null || p.uri.startsWith('data:')) return p
        const uri = this.#text.redact(p.uri, counter)
        return uri === p.uri ? p : { ...p, uri }
      }
      case 'other': {
        const value = this.#value(p.value, counter, 0)
        return value === p.value ? p : { ...p, value }
      }
    }
  }

  #events(events: SpanEvent[], counter: RedactionCounter): SpanEvent[] {
    let out: SpanEvent[] | null = null
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!
      const attributes = this.#attributes(e.attributes, counter)
      if (attributes !== e.attributes) {
        out ??= events.slice()
        out[i] = { ...e, attributes }
      }
    }
    return out ?? events
  }

  #attributes(
    attributes: Record<string, unknown>,
    counter: RedactionCounter,
  ): Record<string, unknown> {
    let out: Record<string, unknown> | null = null
    for (const key in attributes) {
      if (!Object.hasOwn(attributes, key) || !this.#keys.matches(key)) continue
      const value = attributes[key]
      const r = this.#value(value, counter, 0)
      if (r !== value) {
        out ??= copyRecord(attributes)
        setOwn(out, key, r)
      }
    }
    return out ?? attributes
  }

  #value(value: unknown, counter: RedactionCounter, depth: number): unknown {
    if (typeof value === 'string') return this.#string(value, counter, depth)
    if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value
    if (depth >= maxDepth) {
      counter.count++
      return tooDeep
    }
    if (Array.isArray(value)) {
      let out: unknown[] | null = null
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i]
        const r = this.#value(v, counter, depth + 1)
        if (r !== v) {
          out ??= value.slice()
          out[i] = r
        }
      }
      return out ?? value
    }
    const record = value as Record<string, unknown>
    let out: Record<string, unknown> | null = null
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue
      const v = record[key]
      const r = this.#value(v, counter, depth + 1)
      if (r !== v) {
        out ??= copyRecord(record)
        setOwn(out, key, r)
      }
    }
    return out ?? record
  }

  #string(s: string, counter: RedactionCounter, depth: number): string {
    const first = firstNonSpace(s)
    // 123 '{', 91 '[', 34 '"': JSON text, as most stacks send messages and tool arguments.
    if (first === 123 || first === 91 || first === 34) {
      if (this.#canPrefilterJson && !this.#text.hasMatch(unescapeJson(s))) return s
      let parsed: unknown
      try {
        parsed = JSON.parse(s)
      } catch {
        return this.#text.redact(s, counter)
      }
      const before = counter.count
      const r = this.#value(parsed, counter, depth + 1)
      return counter.count === before ? s : JSON.stringify(r)
    }
    return this.#text.redact(s, counter)
  }
}

const jsonEscape = /\\(?:u([0-9A-Fa-f]{4})|(.))/g
const escaped: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }

/**
 * JSON text with its string escapes decoded and its structure kept. The built-in finders match
 * in it wherever they match in one of its decoded strings (quotes, colons and commas around a
 * value are non-word, non-separator characters, like the start and end of a string), so finding
 * nothing here spares parsing, walking and serializing it: the common case.
 */
function unescapeJson(s: string): string {
  if (!s.includes('\\')) return s
  return s.replace(jsonEscape, (_, hex: string | undefined, c: string | undefined) =>
    hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : (escaped[c!] ?? c!),
  )
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return c
  }
  return -1
}

/** A shallow copy keeping a `__proto__` key as an own property (spread does; assignment would not). */
function copyRecord(record: Record<string, unknown>): Record<string, unknown> {
  return { ...record }
}
