import { ObservatoryError, isObservatoryError, type FieldError } from '@llm-observatory/core'

/** 2000-01-01T00:00:00Z and 2100-01-01T00:00:00Z in µs: outside them a time is a bug, not data. */
const minUs = 946_684_800_000_000
const maxUs = 4_102_444_800_000_000

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/

/**
 * Parses a client-given time into microseconds since the epoch (UTC).
 *
 * - ISO-8601 strings: `2025-06-01T12:00:00Z`, offsets (`+02:00`, `+0200`, `+02`), a space for
 *   `T` (Python's `str(datetime)`), up to 9 fractional digits (kept to the µs), no zone = UTC,
 *   a date alone = midnight UTC.
 * - Numbers (or numeric strings, which Ajv's coercion can produce) are epoch times whose unit is
 *   told by magnitude, since any real time since 2000 falls in exactly one band:
 *   < 1e11 seconds (Python's `time.time()`), < 1e14 milliseconds (`Date.now()`),
 *   < 1e17 microseconds, else nanoseconds (OTLP). Fractions are kept to the µs.
 * - Rejected with `ERR_INGEST_VALIDATION` naming `field`: unparseable text, impossible dates
 *   (`2025-02-30`), and times before 2000 or from 2100 on (a 0, a unit mix-up, a typo).
 *   Relative times (`now-1h`) are for queries, not for data, and are rejected too.
 *
 * @example parseTimeInput('2025-06-01T12:00:00.5Z') // 1748779200500000
 * @example parseTimeInput(1748779200) // 1748779200000000 (seconds)
 */
export function parseTimeInput(value: string | number, field = 'timestamp'): number {
  const us = typeof value === 'number' ? fromEpochNumber(value) : fromString(value.trim())
  if (us === null) {
    throw invalid(
      field,
      'must be an ISO-8601 time (2025-06-01T12:00:00Z) or epoch seconds/milliseconds',
    )
  }
  if (us < minUs || us >= maxUs) {
    throw invalid(field, 'must be between 2000-01-01 and 2100-01-01 (check the unit)')
  }
  return us
}

/** Parses a time field, collecting its error instead of throwing, so all errors are reported at once. */
export function parseTimeField(
  value: string | number | undefined,
  field: string,
  errors: FieldError[],
): number | null {
  if (value === undefined) return null
  try {
    return parseTimeInput(value, field)
  } catch (err) {
    if (isObservatoryError(err) && err.fieldErrors) errors.push(...err.fieldErrors)
    else throw err
    return null
  }
}

function fromEpochNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null
  const abs = Math.abs(n)
  if (abs < 1e11) return Math.round(n * 1e6)
  if (abs < 1e14) return Math.round(n * 1e3)
  if (abs < 1e17) return Math.round(n)
  return Math.round(n / 1e3)
}

function fromString(s: string): number | null {
  if (/^-?\d+(\.\d+)?$/.test(s)) return fromEpochNumber(Number(s))
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
  const ms = Date.UTC(year, month - 1, day, hour, minute, second)
  // Date.UTC rolls 2025-02-30 over to March; a round trip catches it.
  if (new Date(ms).getUTCDate() !== day) return null
  const fractionUs = frac === '' ? 0 : Math.floor(Number(`0.${frac}`) * 1e6 + 1e-6)
  return (ms - zoneOffsetMs(zone)) * 1000 + fractionUs
}

function zoneOffsetMs(zone: string): number {
  if (zone === '' || zone === 'Z' || zone === 'z') return 0
  const sign = zone.startsWith('-') ? -1 : 1
  const digits = zone.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0
  return sign * (hours * 60 + minutes) * 60_000
}

function invalid(field: string, message: string): ObservatoryError {
  return new ObservatoryError('ERR_INGEST_VALIDATION', {
    message: `${field} ${message}.`,
    fieldErrors: [{ field, message }],
  })
}
