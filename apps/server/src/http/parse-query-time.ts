import { ObservatoryError, isObservatoryError } from '@llm-observatory/core'
import { parseTimeInput } from '@llm-observatory/ingest'

const unitMicros: Record<string, number> = {
  s: 1e6,
  m: 60e6,
  h: 3_600e6,
  d: 86_400e6,
  w: 604_800e6,
}

const relativePattern = /^now(?:\s*([+-])\s*(\d{1,6})\s*([smhdw]))?$/i

/**
 * A time given in a query (`from`, `to`) in microseconds since the epoch: ISO-8601, epoch
 * seconds/milliseconds (as in ingestion), or relative to `nowUs`: `now`, `now-15m`, `now-1h`,
 * `now-7d`, `now-2w` (units s, m, h, d, w). Anything else is a 400 `validation_error` naming
 * `field`.
 * @example parseQueryTime('now-1h', 'from', Date.UTC(2026, 0, 1) * 1000) // 1767222000000000
 */
export function parseQueryTime(value: string, field: string, nowUs: number): number {
  const relative = relativePattern.exec(value.trim())
  if (relative) {
    const [, sign, amount, unit] = relative
    if (sign === undefined) return nowUs
    const delta = Number(amount) * (unitMicros[unit!.toLowerCase()] ?? 0)
    return sign === '-' ? nowUs - delta : nowUs + delta
  }
  try {
    return parseTimeInput(value, field)
  } catch (err) {
    if (!isObservatoryError(err)) throw err
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message: `${field} must be an ISO-8601 time, epoch milliseconds or now-<n><s|m|h|d|w>.`,
      fieldErrors: [{ field, message: 'not a time' }],
    })
  }
}
