import { setOwn } from '../otlp/otlp-values.js'

/** The first argument that is neither undefined nor null (clients send null for "absent"). */
export function firstGiven<T>(...values: (T | null | undefined)[]): T | null {
  for (const v of values) if (v !== undefined && v !== null) return v
  return null
}

/** A trimmed non-empty string, else null. */
export function textOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const t = value.trim()
  return t === '' ? null : t
}

/** A finite number, else null. */
export function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** A plain object (not an array), else null. */
export function recordOrNull(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null
}

/**
 * Values as strings, for tags and metadata: strings as they are, numbers and booleans
 * printed, objects and arrays as JSON; null and undefined entries dropped.
 */
export function toStringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const record = recordOrNull(value)
  if (!record) return out
  for (const [k, v] of Object.entries(record)) {
    if (v === null || v === undefined) continue
    const text =
      typeof v === 'string'
        ? v
        : typeof v === 'number' || typeof v === 'boolean'
          ? String(v)
          : JSON.stringify(v)
    setOwn(out, k, text ?? '')
  }
  return out
}

/** Copies the fields of `body` not in `known` into `into` (a `__proto__` key stays data). */
export function copyUnknownFields(
  body: Record<string, unknown>,
  known: ReadonlySet<string>,
  into: Record<string, unknown>,
): void {
  for (const [k, v] of Object.entries(body)) {
    if (!known.has(k) && v !== undefined) setOwn(into, k, v)
  }
}

/** Copies every field of `source` into `into` (later calls win). */
export function copyFields(source: unknown, into: Record<string, unknown>): void {
  const record = recordOrNull(source)
  if (!record) return
  for (const [k, v] of Object.entries(record)) if (v !== undefined) setOwn(into, k, v)
}
