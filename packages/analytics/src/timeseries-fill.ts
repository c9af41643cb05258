import { ObservatoryError } from '@llm-observatory/core'

/**
 * How windows without a value are filled (seed 001's FillStrategy): `null` leaves the gap,
 * `previous` repeats the last value before it, `linear` interpolates in time between the
 * values around it, `zero` writes 0, `{ value: n }` writes n.
 */
export type FillStrategy = 'null' | 'previous' | 'linear' | 'zero' | { readonly value: number }

const named = new Set(['null', 'previous', 'linear', 'zero'])

/**
 * Reads a fill strategy: one of the names (any case; JSON `null` and absent mean `null`), or
 * `{ value: n }` with a finite number (a bare number is taken as `{ value: n }` too).
 * Errors: `ERR_REQUEST_VALIDATION` (400 `validation_error`) naming `fill`.
 * @example parseFill('Linear') // 'linear'
 * @example parseFill({ value: -1 }) // { value: -1 }
 */
export function parseFill(input: unknown): FillStrategy {
  if (input === undefined || input === null) return 'null'
  if (typeof input === 'string' && named.has(input.toLowerCase()))
    return input.toLowerCase() as FillStrategy
  if (typeof input === 'number' && Number.isFinite(input)) return { value: input }
  if (typeof input === 'object' && !Array.isArray(input)) {
    const record = input as Record<string, unknown>
    const value = record['value']
    if (Object.keys(record).length === 1 && typeof value === 'number' && Number.isFinite(value))
      return { value }
  }
  throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
    message: 'fill: use null, previous, linear, zero or { "value": <number> }.',
    fieldErrors: [
      { field: 'fill', message: 'null, previous, linear, zero or { "value": <number> }' },
    ],
  })
}

/**
 * The values with their gaps (nulls) filled by `strategy`; `times` are the window starts, in
 * the same order, for `linear`. `previous` leaves gaps before the first value, and `linear`
 * gaps before the first or after the last value (there is nothing to interpolate from).
 * @example fillGaps([1, null, null, 4], [0, 1, 2, 3], 'linear') // [1, 2, 3, 4]
 */
export function fillGaps(
  values: readonly (number | null)[],
  times: readonly number[],
  strategy: FillStrategy,
): (number | null)[] {
  if (strategy === 'null') return [...values]
  if (strategy === 'zero') return values.map((v) => v ?? 0)
  if (typeof strategy === 'object') return values.map((v) => v ?? strategy.value)
  const out = [...values]
  let last: number | null = null
  if (strategy === 'previous') {
    for (let i = 0; i < out.length; i++) {
      if (out[i] === null) out[i] = last
      else last = out[i]!
    }
    return out
  }
  let lastIndex = -1
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!
    if (value === null) continue
    if (lastIndex >= 0 && i - lastIndex > 1) {
      const t0 = times[lastIndex]!
      const v0 = values[lastIndex]!
      const slope = (value - v0) / (times[i]! - t0)
      for (let j = lastIndex + 1; j < i; j++) out[j] = v0 + slope * (times[j]! - t0)
    }
    lastIndex = i
  }
  return out
}
