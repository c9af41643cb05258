import type { OtlpAnyValue, OtlpKeyValue } from './otlp-types.js'

/**
 * Limits applied while converting attribute values. Values past them are truncated with a
 * marker, never rejected: losing a span because one attribute is huge is worse than keeping
 * a shortened attribute (users hit exactly that in other tools).
 */
export interface ValueLimits {
  maxStringLength: number
  maxDepth: number
  maxArrayItems: number
}

export const defaultValueLimits: ValueLimits = {
  maxStringLength: 256 * 1024,
  maxDepth: 12,
  maxArrayItems: 10_000,
}

export const truncationMarker = '…[truncated]'

/** Converts an OTLP AnyValue to a plain JS value (kvlist → object, int64 → number). */
export function anyValueToJs(
  value: OtlpAnyValue | undefined,
  limits: ValueLimits = defaultValueLimits,
  depth = 0,
): unknown {
  if (value === undefined || value === null) return null
  if (value.stringValue !== undefined) return clipString(value.stringValue, limits)
  if (value.intValue !== undefined) return toNumber(value.intValue)
  if (value.doubleValue !== undefined) return toNumber(value.doubleValue)
  if (value.boolValue !== undefined) return value.boolValue
  if (value.arrayValue !== undefined) {
    if (depth >= limits.maxDepth) return truncationMarker
    const values = value.arrayValue.values ?? []
    const out = values.slice(0, limits.maxArrayItems).map((v) => anyValueToJs(v, limits, depth + 1))
    if (values.length > limits.maxArrayItems) out.push(truncationMarker)
    return out
  }
  if (value.kvlistValue !== undefined) {
    if (depth >= limits.maxDepth) return truncationMarker
    return keyValuesToRecord(value.kvlistValue.values, limits, depth + 1)
  }
  if (value.bytesValue !== undefined) return clipString(value.bytesValue, limits)
  return null
}

/** Converts an OTLP attribute list to a record; later duplicates win, as in the SDKs. */
export function keyValuesToRecord(
  kvs: OtlpKeyValue[] | undefined,
  limits: ValueLimits = defaultValueLimits,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!kvs) return out
  for (const kv of kvs) {
    if (typeof kv?.key !== 'string') continue
    setOwn(out, kv.key, anyValueToJs(kv.value, limits, depth))
  }
  return out
}

function clipString(s: string, limits: ValueLimits): string {
  return s.length > limits.maxStringLength
    ? s.slice(0, limits.maxStringLength) + truncationMarker
    : s
}

function toNumber(v: string | number): number | string {
  if (typeof v === 'number') return v
  const n = Number(v)
  return Number.isFinite(n) ? n : v
}

/**
 * `record[key] = value`, except that a key named `__proto__` (a sender may write any attribute key)
 * becomes an ordinary own property instead of replacing the record's prototype.
 */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    })
  } else {
    record[key] = value
  }
}
