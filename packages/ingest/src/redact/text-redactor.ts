import { createHmac } from 'node:crypto'
import type { RedactionMode } from '@llm-observatory/core'
import type { FindPii, PiiMatch } from './pii-detectors.js'

/** Counts replacements across the texts of one span or log record. */
export interface RedactionCounter {
  count: number
}

export interface TextRedactorOptions {
  /** Finders in priority order (on matches of equal start and length, the first wins). */
  finders: readonly FindPii[]
  mode: RedactionMode
  /** HMAC key of hash mode (per project); unused in redact mode. */
  hashKey: Uint8Array
}

/** The shortest text any detector can match (`::1`). */
const minLength = 3
/** Hash replacements remembered per redactor; the same address recurs in every turn of a chat. */
const maxCachedHashes = 4096

/**
 * Replaces every match of its finders in a text: `[REDACTED:EMAIL]` in `redact` mode,
 * `[EMAIL:1f9d0c2b7a4e]` in `hash` mode (the first 12 hex digits of HMAC-SHA256 of the value's
 * canonical form under the project's key). Overlapping matches: the leftmost wins, then the
 * longest, then the earlier finder. Each replacement adds 1 to `counter.count`.
 *
 * @example
 * const r = new TextRedactor({ finders: [findEmails], mode: 'redact', hashKey: key })
 * r.redact('mail bob@example.com', counter) // 'mail [REDACTED:EMAIL]'
 */
export class TextRedactor {
  readonly #finders: readonly FindPii[]
  readonly #mode: RedactionMode
  readonly #hashKey: Uint8Array
  // Reused between calls: redact() is synchronous and never re-entered.
  readonly #found: PiiMatch[] = []
  readonly #hashes = new Map<string, string>()

  constructor(options: TextRedactorOptions) {
    this.#finders = options.finders
    this.#mode = options.mode
    this.#hashKey = options.hashKey
  }

  /** Whether any finder matches in `text` (nothing is replaced or counted). */
  hasMatch(text: string): boolean {
    if (text.length < minLength) return false
    const found = this.#found
    found.length = 0
    for (const find of this.#finders) {
      find(text, found)
      if (found.length > 0) break
    }
    const hit = found.length > 0
    found.length = 0
    return hit
  }

  redact(text: string, counter: RedactionCounter): string {
    if (text.length < minLength) return text
    const found = this.#found
    found.length = 0
    for (const find of this.#finders) find(text, found)
    if (found.length === 0) return text
    // Array.prototype.sort is stable: equal extents keep the finders' priority order.
    if (found.length > 1) found.sort((x, y) => x.start - y.start || y.end - x.end)
    let out = ''
    let pos = 0
    for (const m of found) {
      if (m.start < pos) continue
      out += text.slice(pos, m.start) + this.#replacement(m)
      pos = m.end
      counter.count++
    }
    found.length = 0
    return out + text.slice(pos)
  }

  #replacement(m: PiiMatch): string {
    if (this.#mode === 'redact') return `[REDACTED:${m.label}]`
    const cacheKey = m.label + '\u0000' + m.value
    let replacement = this.#hashes.get(cacheKey)
    if (replacement === undefined) {
      const digest = createHmac('sha256', this.#hashKey).update(m.value).digest('hex')
      replacement = `[${m.label}:${digest.slice(0, 12)}]`
      if (this.#hashes.size >= maxCachedHashes) this.#hashes.clear()
      this.#hashes.set(cacheKey, replacement)
    }
    return replacement
  }
}
