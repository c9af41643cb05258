import { FieldErrorCollector } from './field-error-collector.js'
import { readTimeUs, timeInputHint } from './parse-time-value.js'

const hourMs = 3_600_000
const dayMs = 24 * hourMs

export interface TimeRangeOptions {
  /** The window when `from` or both are absent: `[to - window, to)`. Default 24 hours. */
  readonly defaultWindowMs?: number
  /** The longest range accepted, so every query stays bounded. Default 400 days. */
  readonly maxSpanMs?: number
  /** Prefixes the field names in errors: `'time_range.'` → `time_range.from`. Default none. */
  readonly fieldPrefix?: string
}

/** A half-open range `[fromUs, toUs)` in microseconds since the epoch (UTC). */
export interface ParsedTimeRange {
  readonly fromUs: number
  readonly toUs: number
}

/**
 * Parses the `from`/`to` of a query into a bounded half-open range in microseconds.
 *
 * - Each bound is ISO-8601 (zone honoured, none = UTC, a date alone = midnight UTC), an epoch
 *   number or digit string (unit by magnitude, so epoch milliseconds work), or relative to
 *   `nowMs`: `now`, `now-15m`, `now-1h`, `now-7d`, `now-2w` (units s, m, h, d, w).
 * - Absent `to` is now; absent `from` is `to` minus the default window (24 h). Empty strings
 *   count as absent (an empty query-string field).
 * - `from` must be before `to`, and the span at most `maxSpanMs` (400 days): every query the
 *   API runs is bounded in time.
 * - Errors: `ERR_QUERY_INVALID_TIME_RANGE` (400) with `fieldErrors` naming `from` and/or `to`.
 *
 * @example
 * parseTimeRange({ from: 'now-1h' }, Date.parse('2025-06-01T12:00:00Z'))
 * // { fromUs: 1748775600000000, toUs: 1748779200000000 }
 */
export function parseTimeRange(
  input: { readonly from?: unknown; readonly to?: unknown },
  nowMs: number,
  options: TimeRangeOptions = {},
): ParsedTimeRange {
  const windowMs = options.defaultWindowMs ?? dayMs
  const maxSpanMs = options.maxSpanMs ?? 400 * dayMs
  const prefix = options.fieldPrefix ?? ''
  const errors = new FieldErrorCollector()
  const read = (value: unknown, name: string): number | null | undefined => {
    if (value === undefined || value === null || value === '') return undefined
    const us = readTimeUs(value, nowMs)
    if (us === null) errors.add('ERR_QUERY_INVALID_TIME_RANGE', prefix + name, timeInputHint)
    return us
  }
  const from = read(input.from, 'from')
  const to = read(input.to, 'to')
  errors.throwIfAny()
  const toUs = to ?? Math.round(nowMs * 1000)
  const fromUs = from ?? toUs - windowMs * 1000
  if (fromUs >= toUs) {
    const message =
      to === undefined ? 'from must be before now (to is absent)' : 'from must be before to'
    errors.add('ERR_QUERY_INVALID_TIME_RANGE', prefix + 'from', message)
  } else if (toUs - fromUs > maxSpanMs * 1000) {
    errors.add(
      'ERR_QUERY_INVALID_TIME_RANGE',
      prefix + 'from',
      `the range may span at most ${formatDuration(maxSpanMs)}; narrow from/to`,
    )
  }
  errors.throwIfAny()
  return { fromUs, toUs }
}

function formatDuration(ms: number): string {
  if (ms % dayMs === 0) return `${ms / dayMs} days`
  if (ms % hourMs === 0) return `${ms / hourMs} hours`
  return `${ms / 1000} seconds`
}
