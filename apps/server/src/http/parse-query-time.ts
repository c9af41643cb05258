import { ObservatoryError } from '@llm-observatory/core'
import { readTimeUs } from '@llm-observatory/query'

/**
 * A time given in a query (`from`, `to`) in microseconds since the epoch, read as everywhere
 * in the query API (`readTimeUs`: ISO-8601, epoch by magnitude, or relative to `nowUs`:
 * `now`, `now-15m`, `now-1h`, `now-7d`, `now-2w`). Anything else is a 400 `validation_error`
 * naming `field`.
 * @example parseQueryTime('now-1h', 'from', Date.UTC(2026, 0, 1) * 1000) // 1767222000000000
 */
export function parseQueryTime(value: string, field: string, nowUs: number): number {
  const us = readTimeUs(value, nowUs / 1000)
  if (us === null)
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message: `${field} must be an ISO-8601 time, epoch milliseconds or now-<n><s|m|h|d|w>.`,
      fieldErrors: [{ field, message: 'not a time' }],
    })
  return us
}
