import { describe, expect, it } from 'vitest'
import { ObservatoryError } from '@llm-observatory/core'
import { parseTimeInput } from './parse-time-input.js'

/** 2025-06-01T12:00:00Z */
const noonUs = 1_748_779_200_000_000

describe('parseTimeInput', () => {
  it.each([
    ['2025-06-01T12:00:00Z', noonUs],
    ['2025-06-01T12:00:00.123456Z', noonUs + 123_456],
    ['2025-06-01T12:00:00.123456789Z', noonUs + 123_456],
    ['2025-06-01T12:00:00.5z', noonUs + 500_000],
    ['2025-06-01T14:00:00+02:00', noonUs],
    ['2025-06-01T06:30:00-0530', noonUs],
    ['2025-06-01T13:00:00+01', noonUs],
    ['2025-06-01T12:00:00', noonUs],
    ['2025-06-01 12:00:00.250000', noonUs + 250_000],
    ['2025-06-01T12:00Z', noonUs],
    ['2025-06-01', noonUs - 12 * 3_600_000_000],
    ['  2025-06-01T12:00:00Z ', noonUs],
  ])('parses the ISO-8601 string %j', (input, expected) => {
    expect(parseTimeInput(input)).toBe(expected)
  })

  it.each([
    [1_748_779_200, noonUs, 'epoch seconds'],
    [1_748_779_200.25, noonUs + 250_000, 'fractional epoch seconds'],
    [1_748_779_200_000, noonUs, 'epoch milliseconds'],
    [1_748_779_200_000.5, noonUs + 500, 'fractional epoch milliseconds'],
    [1_748_779_200_000_123, noonUs + 123, 'epoch microseconds'],
    [1_748_779_200_000_000_000, noonUs, 'epoch nanoseconds'],
  ])('parses %d as %s', (input, expected) => {
    expect(parseTimeInput(input)).toBe(expected)
  })

  it('parses numeric strings like numbers (what Ajv coercion can hand over)', () => {
    expect(parseTimeInput('1748779200000')).toBe(noonUs)
    expect(parseTimeInput('1748779200')).toBe(noonUs)
  })

  it.each([
    'yesterday',
    'now-1h',
    '2025-02-30T00:00:00Z',
    '2025-13-01',
    '2025-06-01T24:00:00Z',
    '',
  ])('rejects %j with a field error', (input) => {
    expect(() => parseTimeInput(input, 'start_time')).toThrow(ObservatoryError)
    try {
      parseTimeInput(input, 'start_time')
    } catch (err) {
      expect((err as ObservatoryError).code).toBe('ERR_INGEST_VALIDATION')
      expect((err as ObservatoryError).fieldErrors).toEqual([
        {
          field: 'start_time',
          message: 'must be an ISO-8601 time (2025-06-01T12:00:00Z) or epoch seconds/milliseconds',
        },
      ])
    }
  })

  it.each([
    0,
    -5,
    946_684_799,
    4_102_444_800,
    '1999-12-31T23:59:59Z',
    '2100-01-01T00:00:00Z',
    Number.NaN,
  ])('rejects the out-of-range time %j', (input) => {
    try {
      parseTimeInput(input)
      expect.unreachable()
    } catch (err) {
      expect((err as ObservatoryError).fieldErrors).toEqual([
        {
          field: 'timestamp',
          message: expect.stringMatching(/between 2000-01-01 and 2100-01-01|ISO-8601/),
        },
      ])
    }
  })

  it('accepts the first microsecond of 2000 and the last before 2100', () => {
    expect(parseTimeInput('2000-01-01T00:00:00Z')).toBe(946_684_800_000_000)
    expect(parseTimeInput('2099-12-31T23:59:59.999999Z')).toBe(4_102_444_799_999_999)
  })
})
