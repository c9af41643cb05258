import { ObservatoryError } from '@llm-observatory/core'
import { describe, expect, it } from 'vitest'
import { countBuckets, parseInterval } from './parse-interval.js'

const hourUs = 3_600_000_000
const dayUs = 24 * hourUs
/** 2025-06-01T12:00:00Z */
const toUs = 1_748_779_200_000_000
const last = (us: number) => ({ fromUs: toUs - us, toUs })

function errorOf(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

describe('parseInterval', () => {
  it.each([
    ['1m', 1, 'minute'],
    ['5m', 5, 'minute'],
    ['15min', 15, 'minute'],
    ['1h', 1, 'hour'],
    ['6 hours', 6, 'hour'],
    ['1d', 1, 'day'],
    ['1W', 1, 'week'],
  ] as const)('reads %j', (input, count, unit) => {
    expect(parseInterval(input, last(dayUs))).toEqual({ count, unit })
  })

  it.each([
    [15 * 60_000_000, { count: 1, unit: 'minute' }, 15],
    [hourUs, { count: 1, unit: 'minute' }, 60],
    [dayUs, { count: 10, unit: 'minute' }, 144],
    [7 * dayUs, { count: 1, unit: 'hour' }, 168],
    [30 * dayUs, { count: 6, unit: 'hour' }, 120],
    [90 * dayUs, { count: 12, unit: 'hour' }, 180],
    [400 * dayUs, { count: 2, unit: 'day' }, 201],
  ] as const)('picks a width for auto over %d µs', (span, expected, buckets) => {
    const range = last(span)
    expect(parseInterval('auto', range)).toEqual(expected)
    expect(parseInterval(undefined, range)).toEqual(expected)
    expect(countBuckets(expected, range)).toBe(buckets)
  })

  it('counts the buckets a range touches at epoch-aligned starts', () => {
    expect(countBuckets({ count: 1, unit: 'hour' }, { fromUs: 0, toUs: hourUs })).toBe(1)
    expect(countBuckets({ count: 1, unit: 'hour' }, { fromUs: 1, toUs: hourUs + 1 })).toBe(2)
    expect(countBuckets({ count: 1, unit: 'day' }, { fromUs: 5, toUs: 5 })).toBe(0)
  })

  it('rejects widths giving more buckets than the cap, saying which width fits', () => {
    const err = errorOf(() => parseInterval('1m', last(7 * dayUs)))
    expect(err.code).toBe('ERR_QUERY_INVALID_INTERVAL')
    expect(err.statusCode).toBe(400)
    expect(err.fieldErrors).toEqual([
      {
        field: 'interval',
        message: '10080 buckets is more than the 2000 allowed; use 10m or wider',
      },
    ])
    expect(parseInterval('1m', last(dayUs))).toEqual({ count: 1, unit: 'minute' })
    expect(
      errorOf(() => parseInterval('1h', last(dayUs), { maxBuckets: 10 })).fieldErrors?.[0]?.message,
    ).toBe('24 buckets is more than the 10 allowed; use 3h or wider')
  })

  it.each([
    ['30s', 'the finest bucket is 1m'],
    ['1mo', 'buckets are calendar-free: use days (30d) or weeks instead of months or years'],
    ['0h', 'the width must be at least 1'],
    ['hourly', 'give a width such as 1m, 5m, 1h, 1d, 1w, or auto'],
    [60, 'give a width such as 1m, 5m, 1h, 1d, 1w, or auto'],
  ])('rejects %j', (input, message) => {
    expect(
      errorOf(() => parseInterval(input, last(dayUs), { field: 'window' })).fieldErrors,
    ).toEqual([{ field: 'window', message }])
  })
})
