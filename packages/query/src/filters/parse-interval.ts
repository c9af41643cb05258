import { ObservatoryError } from '@llm-observatory/core'
import type { BucketInterval, BucketUnit } from '../query-tree.js'
import type { ParsedTimeRange } from './parse-time-range.js'

const unitUs: Readonly<Record<BucketUnit, number>> = {
  second: 1_000_000,
  minute: 60_000_000,
  hour: 3_600_000_000,
  day: 86_400_000_000,
  week: 604_800_000_000,
}

const unitNames: Readonly<Record<string, BucketUnit>> = {
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  week: 'week',
  weeks: 'week',
}

/** The widths `auto` chooses from: the ones people read on a time axis. */
const autoLadder: readonly BucketInterval[] = [
  [1, 'minute'],
  [2, 'minute'],
  [5, 'minute'],
  [10, 'minute'],
  [15, 'minute'],
  [30, 'minute'],
  [1, 'hour'],
  [2, 'hour'],
  [3, 'hour'],
  [6, 'hour'],
  [12, 'hour'],
  [1, 'day'],
  [2, 'day'],
  [1, 'week'],
  [2, 'week'],
  [4, 'week'],
].map(([count, unit]) => Object.freeze({ count: count as number, unit: unit as BucketUnit }))

export interface ParseIntervalOptions {
  /** Most buckets a range may be cut into. Default 2000 (1m over a day is 1440). */
  readonly maxBuckets?: number
  /** The most buckets `auto` aims for; it picks the finest width giving at most this. Default 200. */
  readonly autoTargetBuckets?: number
  /** The field named in errors. Default `interval`. */
  readonly field?: string
}

/**
 * Parses a bucket width for a time series over `range`.
 *
 * - `<n><unit>` with unit m/min/minute(s), h/hour(s), d/day(s), w/week(s): `5m`, `1h`, `1d`,
 *   `1w`. Buckets are calendar-free: a bucket starts at a multiple of its width since the
 *   epoch (UTC), so there are no months (use `30d`) and no second-wide buckets.
 * - `auto` or absent: the finest of 1m, 2m, 5m, 10m, 15m, 30m, 1h, 2h, 3h, 6h, 12h, 1d, 2d,
 *   1w, 2w, 4w that cuts the range's span into at most 200 widths (so ~60–200 buckets for most
 *   ranges; one more when the range is not aligned to the width).
 * - More than `maxBuckets` buckets is an error that says which width would fit.
 * - Errors: `ERR_QUERY_INVALID_INTERVAL` (400) naming `interval`.
 *
 * @example parseInterval('5m', { fromUs: 0, toUs: 3_600_000_000 }) // { count: 5, unit: 'minute' }
 * @example parseInterval('auto', lastSevenDays) // { count: 1, unit: 'hour' } (168 buckets)
 */
export function parseInterval(
  input: unknown,
  range: ParsedTimeRange,
  options: ParseIntervalOptions = {},
): BucketInterval {
  const maxBuckets = options.maxBuckets ?? 2000
  const target = Math.min(options.autoTargetBuckets ?? 200, maxBuckets)
  const field = options.field ?? 'interval'
  const fail = (message: string): never => {
    throw new ObservatoryError('ERR_QUERY_INVALID_INTERVAL', {
      message: `${field}: ${message}.`,
      fieldErrors: [{ field, message }],
    })
  }

  const text = typeof input === 'string' ? input.trim().toLowerCase() : input
  if (text === undefined || text === null || text === '' || text === 'auto') {
    // By span, not by buckets touched: an unaligned range touches one more, and 400 days in
    // 2d buckets (201 touched) reads better than 58 weeks.
    const span = range.toUs - range.fromUs
    const chosen = autoLadder.find((i) => Math.ceil(span / (i.count * unitUs[i.unit])) <= target)
    return chosen ?? autoLadder[autoLadder.length - 1]!
  }
  if (typeof text !== 'string' || text.length > 32) {
    return fail('give a width such as 1m, 5m, 1h, 1d, 1w, or auto')
  }
  const m = /^(\d{1,6})\s*([a-z]+)$/.exec(text)
  const unit = m?.[2] === undefined ? undefined : unitNames[m[2]]
  if (!m || unit === undefined) {
    if (m && /^(s|sec|secs|second|seconds|ms)$/.test(m[2] ?? '')) {
      return fail('the finest bucket is 1m')
    }
    if (m && /^(mo|mon|month|months|y|year|years)$/.test(m[2] ?? '')) {
      return fail('buckets are calendar-free: use days (30d) or weeks instead of months or years')
    }
    return fail('give a width such as 1m, 5m, 1h, 1d, 1w, or auto')
  }
  const interval: BucketInterval = Object.freeze({ count: Number(m[1]), unit })
  if (interval.count < 1) return fail('the width must be at least 1')
  const buckets = countBuckets(interval, range)
  if (buckets > maxBuckets) {
    const fitting = autoLadder.find((i) => countBuckets(i, range) <= maxBuckets)
    const hint = fitting ? `; use ${fitting.count}${fitting.unit[0]} or wider` : ''
    return fail(`${buckets} buckets is more than the ${maxBuckets} allowed${hint}`)
  }
  return interval
}

/** Buckets touched by `[fromUs, toUs)` when buckets start at multiples of the width. */
export function countBuckets(interval: BucketInterval, range: ParsedTimeRange): number {
  const width = interval.count * unitUs[interval.unit]
  if (range.toUs <= range.fromUs) return 0
  return Math.floor((range.toUs - 1) / width) - Math.floor(range.fromUs / width) + 1
}
