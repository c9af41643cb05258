import { createHash } from 'node:crypto'

const hex32 = /^[0-9a-f]{32}$/
const hex16 = /^[0-9a-f]{16}$/

export function isTraceId(value: string): boolean {
  return hex32.test(value) && value !== '0'.repeat(32)
}

export function isSpanId(value: string): boolean {
  return hex16.test(value) && value !== '0'.repeat(16)
}

/**
 * Maps any id to a lowercase-hex OTLP trace id, deterministically: valid hex ids pass through
 * (lower-cased), UUIDs lose their dashes, anything else is hashed (SHA-256, first 32 hex).
 * @example toTraceId('3F2504E0-4F89-11D3-9A0C-0305E82C3301') // '3f2504e04f8911d39a0c0305e82c3301'
 */
export function toTraceId(value: string): string {
  const lower = value.trim().toLowerCase()
  if (isTraceId(lower)) return lower
  const noDash = lower.replaceAll('-', '')
  if (isTraceId(noDash)) return noDash
  return createHash('sha256').update(value).digest('hex').slice(0, 32)
}

/** Same as {@link toTraceId} for 16-hex span ids. */
export function toSpanId(value: string): string {
  const lower = value.trim().toLowerCase()
  if (isSpanId(lower)) return lower
  return createHash('sha256').update(value).digest('hex').slice(0, 16)
}

/** Time helpers: our internal unit is microseconds since the epoch. */
export function nanosToMicros(nanos: string | number | bigint): number {
  if (typeof nanos === 'bigint') return Number(nanos / 1000n)
  if (typeof nanos === 'number') return Math.floor(nanos / 1000)
  if (nanos.length <= 15) return Math.floor(Number(nanos) / 1000)
  return Number(BigInt(nanos) / 1000n)
}

export function microsToIso(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString()
}
