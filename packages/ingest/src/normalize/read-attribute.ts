/**
 * Typed reads of attribute values that `keyValuesToRecord` already converted to plain JS. Senders
 * disagree on types (the JS JSON exporter sends ints as numbers, protobuf decoding gives strings,
 * Langfuse stringifies model parameters), so every reader accepts the forms seen in the wild and
 * answers null for anything else, never throwing.
 */

/** A non-empty string, else null. */
export function readString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** A finite number, from a number or a numeric string, else null. */
export function readNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value)
    return Number.isFinite(n) ? n : null
  }
  return null
}

/** A token count: a finite number ≥ 0, else null (a negative count is a sender bug, not data). */
export function readCount(value: unknown): number | null {
  const n = readNumber(value)
  return n !== null && n >= 0 ? n : null
}

/** true/false, also from the strings `true`/`false` (any case), else null. */
export function readBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value
  if (typeof value === 'string') {
    const lower = value.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
  }
  return null
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The parsed value when `value` is a string holding a JSON object, array or string, else `value`
 * itself (also when parsing fails). Only those three start characters are tried, so plain text
 * that happens to be `42` or `true` stays text.
 */
export function parseJsonLoose(value: unknown): unknown {
  if (typeof value !== 'string') return value
  let i = 0
  while (i < value.length && value.charCodeAt(i) <= 32) i++
  const c = value.charCodeAt(i)
  // { [ "
  if (c !== 123 && c !== 91 && c !== 34) return value
  try {
    return JSON.parse(value) as unknown
  } catch {
    return value
  }
}

/** Like {@link parseJsonLoose}, but only an object counts; anything else gives null. */
export function parseJsonRecord(value: unknown): Record<string, unknown> | null {
  const parsed = parseJsonLoose(value)
  return isRecord(parsed) ? parsed : null
}

/** A metadata value as the string our `metadata` map holds. */
export function toMetadataString(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return ''
  if (typeof value === 'object') {
    try {
      return JSON.stringify(value)
    } catch {
      return ''
    }
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value)
  }
  return ''
}
