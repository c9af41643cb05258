import type { ValueType } from '../query-tree.js'
import { readTimeUs, timeInputHint } from './parse-time-value.js'

/** Longest text value a filter may hold. */
export const maxTextLength = 4096
/** Most values of an `in` / `not_in` list. */
export const maxListLength = 1000

/** Plain decimal numbers only: no hex, no `Infinity`, no blanks (`Number('')` is 0). */
const numericText = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** A scalar read for one value type: the value, or the message saying what to send. */
export type ReadResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string }

/**
 * Reads a number: a finite JSON number, or a string holding a plain decimal number (`"0.01"`,
 * `"1e3"`), since query strings and form inputs only carry text.
 */
export function readNumber(value: unknown): ReadResult<number> {
  if (typeof value === 'number' && Number.isFinite(value)) return { ok: true, value }
  if (typeof value === 'string' && value.length <= 64 && numericText.test(value.trim())) {
    const n = Number(value.trim())
    if (Number.isFinite(n)) return { ok: true, value: n }
  }
  return { ok: false, message: 'give a number' }
}

/** Reads a boolean: `true`/`false`, or the strings `"true"`/`"false"`. */
export function readBoolean(value: unknown): ReadResult<boolean> {
  if (typeof value === 'boolean') return { ok: true, value }
  if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' }
  return { ok: false, message: 'give true or false' }
}

/** Reads a text value (at most 4096 characters); `nonEmpty` for substring and tag tests. */
export function readText(value: unknown, nonEmpty = false): ReadResult<string> {
  if (typeof value !== 'string') return { ok: false, message: 'give a string' }
  if (value.length > maxTextLength) {
    return { ok: false, message: `a value may be at most ${maxTextLength} characters` }
  }
  if (nonEmpty && value === '') return { ok: false, message: 'give a non-empty string' }
  return { ok: true, value }
}

/** Reads a time (ISO-8601, epoch, relative to `nowMs`) into microseconds since the epoch. */
export function readTimestamp(value: unknown, nowMs: number): ReadResult<number> {
  const us = readTimeUs(value, nowMs)
  return us === null ? { ok: false, message: timeInputHint } : { ok: true, value: us }
}

/** Reads one value of a dimension type. */
export function readScalar(
  type: ValueType,
  value: unknown,
  nowMs: number,
): ReadResult<string | number | boolean> {
  switch (type) {
    case 'string':
      return readText(value)
    case 'number':
      return readNumber(value)
    case 'boolean':
      return readBoolean(value)
    case 'timestamp':
      return readTimestamp(value, nowMs)
  }
}

/**
 * Reads a non-empty list (at most 1000 values), each read by `readItem`. A failure names the
 * first bad item by its index (`value[3]`) so one bad list gives one error, not a thousand.
 */
export function readList<T>(
  value: unknown,
  readItem: (item: unknown) => ReadResult<T>,
): { ok: true; value: T[] } | { ok: false; message: string; index?: number } {
  if (!Array.isArray(value)) return { ok: false, message: 'give a non-empty array of values' }
  if (value.length === 0) return { ok: false, message: 'give at least one value' }
  if (value.length > maxListLength) {
    return { ok: false, message: `a list may hold at most ${maxListLength} values` }
  }
  const items: T[] = []
  for (let i = 0; i < value.length; i++) {
    const item = readItem(value[i])
    if (!item.ok) return { ok: false, message: item.message, index: i }
    items.push(item.value)
  }
  return { ok: true, value: items }
}
