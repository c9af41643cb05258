import { ObservatoryError } from '@llm-observatory/core'

/** 2100-01-01T00:00:00Z in µs: a later time is a typo or a unit mix-up, never a real query bound. */
const maxUs = 4_102_444_800_000_000

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/
const relativePattern = /^now(?:\s*([+-])\s*(\d{1,9})\s*([smhdw]))?$/
const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const

/** What a time input may look like, for error messages. */
export const timeInputHint =
  'give an ISO-8601 time (2025-06-01T12:00:00Z), epoch milliseconds, or a relative time (now, now-15m, now-1h, now-7d; units s, m, h, d, w)'

/**
 * Reads one query time into microseconds since the epoch (UTC), or null when it is not one.
 *
 * - ISO-8601: `2025-06-01T12:00:00Z`, offsets (`+02:00`, `+0200`, `+02`), a space for `T`, up
 *   to 9 fractional digits (kept to the µs); no zone means UTC and a date alone is midnight UTC,
 *   as at ingest (`parseTimeInput`), so one time string means the same everywhere in the API.
 * - Numbers and digit strings are epoch times whose unit is told by magnitude, as at ingest:
 *   < 1e11 seconds, < 1e14 milliseconds (`Date.now()`), < 1e17 microseconds, else nanoseconds.
 * - Relative: `now`, `now-15m`, `now+1h`, … (units s, m, h, d, w) from `nowMs`.
 * - Null for anything else, for negative times and for times from 2100 on.
 *
 * @example readTimeUs('now-1h', Date.parse('2025-06-01T12:00:00Z')) // 1748775600000000
 */
export function readTimeUs(value: unknown, nowMs: number): number | null {
  let us: number | null = null
  if (typeof value === 'number') us = fromEpochNumber(value)
  else if (typeof value === 'string' && value.length <= 64) us = fromString(value.trim(), nowMs)
  if (us === null || us < 0 || us >= maxUs) return null
  return us
}

/**
 * Parses one query time (ISO-8601, epoch, or relative to `nowMs`; see `readTimeUs`) into
 * microseconds since the epoch, or throws `ERR_QUERY_INVALID_TIME_RANGE` naming `field`.
 *
 * @example parseTimeValue('2025-06-01', Date.now(), 'from') // 1748736000000000
 */
export function parseTimeValue(value: unknown, nowMs: number, field = 'time'): number {
  const us = readTimeUs(value, nowMs)
  if (us === null) {
    throw new ObservatoryError('ERR_QUERY_INVALID_TIME_RANGE', {
      message: `${field}: ${timeInputHint}.`,
      fieldErrors: [{ field, message: timeInputHint }],
    })
  }
  return us
}

function fromEpochNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null
  const abs = Math.abs(n)
  if (abs < 1e11) return Math.round(n * 1e6)
  if (abs < 1e14) return Math.round(n * 1e3)
  if (abs < 1e17) return Math.round(n)
  return Math.round(n / 1e3)
}

function fromString(s: string, nowMs: number): number | null {
  if (/^\d{1,20}(\.\d{1,9})?$/.test(s)) return fromEpochNumber(Number(s))
  const relative = relativePattern.exec(s.toLowerCase())
  if (relative) {
    const [, sign, amount, unit] = relative
    if (!Number.isFinite(nowMs)) return null
    if (sign === undefined || amount === undefined || unit === undefined) return nowMs * 1000
    const offsetMs = Number(amount) * unitMs[unit as keyof typeof unitMs]
    return Math.round((sign === '-' ? nowMs - offsetMs : nowMs + offsetMs) * 1000)
  }
  const m = isoPattern.exec(s)
  if (!m) return null
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac = '', zone = ''] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(sec)
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null
  const offsetMs = zoneOffsetMs(zone)
  if (offsetMs === null) return null
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches it.
  if (new Date(ms).getUTCDate() !== day) return null
  const fractionUs = frac === '' ? 0 : Math.floor(Number(`0.${frac}`) * 1e6 + 1e-6)
  return (ms - offsetMs) * 1000 + fractionUs
}

function zoneOffsetMs(zone: string): number | null {
  if (zone === '' || zone === 'Z' || zone === 'z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  if (hours > 23 || minutes > 59) return null
  return sign * (hours * 60 + minutes) * 60_000
}
