import { ObservatoryError } from '@llm-observatory/core'
import {
  countBuckets,
  parseInterval,
  type BucketInterval,
  type BucketUnit,
  type ParsedTimeRange,
} from '@llm-observatory/query'

const secondsPer = {
  s: 1,
  m: 60,
  h: 3_600,
  d: 86_400,
  w: 604_800,
  // A month is 30 days (seed 001's OneMonth): buckets are calendar-free, so a "month" bucket
  // starts at a multiple of 30 days since the epoch, not on the 1st.
  mo: 2_592_000,
} as const

const unitAliases: Readonly<Record<string, keyof typeof secondsPer>> = {
  s: 's',
  sec: 's',
  secs: 's',
  second: 's',
  seconds: 's',
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hr: 'h',
  hrs: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  week: 'w',
  weeks: 'w',
  mo: 'mo',
  mon: 'mo',
  month: 'mo',
  months: 'mo',
}

/** The compiler takes at most a million units per bucket (`maxBucketCount` there). */
const maxUnitCount = 1_000_000

/** From the widest unit down: a window is counted in the widest unit that divides it. */
const units: readonly (readonly [BucketUnit, number])[] = [
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
]

/** Windows suggested when the one asked for cuts the range into too many. */
const hintLadder: readonly BucketInterval[] = (
  [
    [1, 'minute'],
    [5, 'minute'],
    [15, 'minute'],
    [1, 'hour'],
    [6, 'hour'],
    [1, 'day'],
    [1, 'week'],
    [30, 'day'],
  ] as const
).map(([count, unit]) => Object.freeze({ count, unit }))

export interface ParseWindowOptions {
  /** Most windows a range may be cut into (points per series). Default 2000. */
  readonly maxBuckets?: number
  /** The field named in errors. Default `window`. */
  readonly field?: string
}

/**
 * Parses a time-series window (the width of its buckets) for a query over `range`.
 *
 * - A duration of one or more `<n><unit>` parts: units s, m, h, d, w and mo (a month is 30
 *   days), with long names too (`5 minutes`): `1m`, `5m`, `15m`, `1h`, `6h`, `1d`, `1w`,
 *   `1mo`, `90s`, `2h30m`. The finest window is 1 second.
 * - Buckets are calendar-free: a bucket starts at a multiple of the window since the epoch
 *   (UTC); a window of whole weeks starts on Mondays (from 1970-01-05), so `14d` and `2w`
 *   are the same Monday-based buckets, while `1mo` starts every 30 days from 1970-01-01.
 * - `auto` or absent: the finest of 1m, 2m, 5m, … 4w giving at most 200 windows (as the
 *   analytics endpoints choose their interval).
 * - More than `maxBuckets` (2000) windows over the range is an error saying which window fits.
 * - Errors: `ERR_QUERY_INVALID_INTERVAL` (400 `validation_error`) naming `window`.
 *
 * @example parseWindow('2h30m', lastDay) // { count: 150, unit: 'minute' }
 * @example parseWindow('1mo', lastYear) // { count: 30, unit: 'day' }
 */
export function parseWindow(
  input: unknown,
  range: ParsedTimeRange,
  options: ParseWindowOptions = {},
): BucketInterval {
  const field = options.field ?? 'window'
  const maxBuckets = options.maxBuckets ?? 2000
  const fail = (message: string): never => {
    throw new ObservatoryError('ERR_QUERY_INVALID_INTERVAL', {
      message: `${field}: ${message}.`,
      fieldErrors: [{ field, message }],
    })
  }
  if (input === undefined || input === null || input === '' || input === 'auto')
    return parseInterval('auto', range, { maxBuckets, field })
  if (typeof input !== 'string' || input.length > 32)
    return fail('give a duration such as 1m, 5m, 1h, 1d, 1w, 1mo, 90s or 2h30m, or auto')
  const seconds = readDurationSeconds(input.trim().toLowerCase())
  if (seconds === null)
    return fail('give a duration such as 1m, 5m, 1h, 1d, 1w, 1mo, 90s or 2h30m, or auto')
  if (seconds < 1) return fail('the finest window is 1s')
  const [unit, size] = units.find(([, s]) => seconds % s === 0)!
  const interval: BucketInterval = Object.freeze({ count: seconds / size, unit })
  if (interval.count > maxUnitCount)
    return fail(`a window over ${maxUnitCount} seconds must be a whole number of minutes`)
  const buckets = countBuckets(interval, range)
  if (buckets > maxBuckets) {
    const fitting = hintLadder.find((i) => countBuckets(i, range) <= maxBuckets)
    const hint = fitting ? `; use ${formatWindow(fitting)} or wider` : ''
    return fail(`${buckets} windows is more than the ${maxBuckets} allowed${hint}`)
  }
  return interval
}

/** Seconds of a duration text (`2h30m`, `90s`, `1mo`); null when it is not one. */
function readDurationSeconds(text: string): number | null {
  const part = /(\d{1,7})\s*([a-z]+)\s*/y
  let total = 0
  let index = 0
  while (index < text.length) {
    part.lastIndex = index
    const m = part.exec(text)
    const unit = m?.[2] === undefined ? undefined : unitAliases[m[2]]
    if (!m || unit === undefined) return null
    total += Number(m[1]) * secondsPer[unit]
    index = part.lastIndex
  }
  return index === 0 ? null : total
}

/** Seconds in one window. */
export function windowSeconds(interval: BucketInterval): number {
  return interval.count * units.find(([u]) => u === interval.unit)![1]
}

/**
 * The shortest text of a window: whole weeks as `2w`, else days, hours, minutes and seconds
 * (`30d` for `1mo`, `2h30m`, `1m30s`).
 * @example formatWindow({ count: 150, unit: 'minute' }) // '2h30m'
 */
export function formatWindow(interval: BucketInterval): string {
  if (interval.unit === 'week') return `${interval.count}w`
  let rest = windowSeconds(interval)
  let text = ''
  for (const [suffix, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${suffix}`
      rest %= size
    }
  }
  return text
}
