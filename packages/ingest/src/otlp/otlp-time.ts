import { nanosToMicros } from '@llm-observatory/core'

const decimal = /^\d{1,20}$/

/**
 * An OTLP `*UnixNano` field (decimal string or number) in microseconds since the epoch, or null
 * when it is absent, zero (OTLP's "unknown"), negative or not a number.
 *
 * @example otlpNanosToMicros('1795414955842000000') // 1795414955842000
 */
export function otlpNanosToMicros(value: string | number | undefined): number | null {
  if (value === undefined) return null
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? nanosToMicros(value) : null
  }
  if (!decimal.test(value)) return null
  const us = nanosToMicros(value)
  return us > 0 ? us : null
}
