import { ObservatoryError } from '@llm-observatory/core'
import { describe, expect, it } from 'vitest'
import { parseTimeRange } from './parse-time-range.js'
import { parseTimeValue } from './parse-time-value.js'

/** 2025-06-01T12:00:00Z */
const nowMs = 1_748_779_200_000
const nowUs = nowMs * 1000
const hourUs = 3_600_000_000
const dayUs = 24 * hourUs

function errorOf(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

describe('parseTimeValue', () => {
  it.each([
    ['2025-06-01T12:00:00Z', nowUs],
    ['2025-06-01T14:00:00+02:00', nowUs],
    ['2025-06-01T06:30:00-0530', nowUs],
    ['2025-06-01T12:00:00.123456Z', nowUs + 123_456],
    ['2025-06-01T12:00:00', nowUs],
    ['2025-06-01', nowUs - 12 * hourUs],
    ['1748779200000', nowUs],
    [1_748_779_200_000, nowUs],
    [1_748_779_200, nowUs],
    ['now', nowUs],
    ['NOW', nowUs],
    ['now-30s', nowUs - 30_000_000],
    ['now-15m', nowUs - 15 * 60_000_000],
    ['now-1h', nowUs - hourUs],
    ['now-7d', nowUs - 7 * dayUs],
    ['now-2w', nowUs - 14 * dayUs],
    ['now+1h', nowUs + hourUs],
    [' now - 1h ', nowUs - hourUs],
  ])('reads %j', (input, expected) => {
    expect(parseTimeValue(input, nowMs)).toBe(expected)
  })

  it.each([
    'yesterday',
    'now-1y',
    'now-1',
    'now-h',
    '2025-02-30T00:00:00Z',
    '2025-06-01T12:00:00+25:00',
    '2025-13-01',
    '2100-01-01T00:00:00Z',
    '-5',
    '',
    true,
    {},
    Number.NaN,
    -1,
  ])('rejects %j naming the field', (input) => {
    const err = errorOf(() => parseTimeValue(input, nowMs, 'from'))
    expect(err.code).toBe('ERR_QUERY_INVALID_TIME_RANGE')
    expect(err.fieldErrors).toEqual([
      { field: 'from', message: expect.stringMatching(/ISO-8601.*epoch milliseconds.*now-1h/) },
    ])
  })
})

describe('parseTimeRange', () => {
  it('reads both bounds', () => {
    expect(parseTimeRange({ from: '2025-06-01T00:00:00Z', to: 'now' }, nowMs)).toEqual({
      fromUs: nowUs - 12 * hourUs,
      toUs: nowUs,
    })
  })

  it('defaults to the last 24 hours, and a missing from to 24 hours before to', () => {
    expect(parseTimeRange({}, nowMs)).toEqual({ fromUs: nowUs - dayUs, toUs: nowUs })
    expect(parseTimeRange({ from: '', to: '' }, nowMs)).toEqual({
      fromUs: nowUs - dayUs,
      toUs: nowUs,
    })
    expect(parseTimeRange({ to: 'now-1d' }, nowMs)).toEqual({
      fromUs: nowUs - 2 * dayUs,
      toUs: nowUs - dayUs,
    })
    expect(parseTimeRange({ from: 'now-7d' }, nowMs)).toEqual({
      fromUs: nowUs - 7 * dayUs,
      toUs: nowUs,
    })
  })

  it('takes the default window from the options', () => {
    expect(parseTimeRange({}, nowMs, { defaultWindowMs: 3_600_000 })).toEqual({
      fromUs: nowUs - hourUs,
      toUs: nowUs,
    })
  })

  it('rejects from at or after to', () => {
    for (const range of [
      { from: 'now', to: 'now' },
      { from: 'now-1h', to: 'now-2h' },
    ]) {
      const err = errorOf(() => parseTimeRange(range, nowMs))
      expect(err.code).toBe('ERR_QUERY_INVALID_TIME_RANGE')
      expect(err.statusCode).toBe(400)
      expect(err.fieldErrors).toEqual([{ field: 'from', message: 'from must be before to' }])
    }
    expect(errorOf(() => parseTimeRange({ from: 'now+1h' }, nowMs)).fieldErrors).toEqual([
      { field: 'from', message: 'from must be before now (to is absent)' },
    ])
  })

  it('rejects ranges longer than 400 days, or than the option', () => {
    expect(parseTimeRange({ from: 'now-400d' }, nowMs).fromUs).toBe(nowUs - 400 * dayUs)
    expect(errorOf(() => parseTimeRange({ from: 'now-401d' }, nowMs)).fieldErrors).toEqual([
      { field: 'from', message: 'the range may span at most 400 days; narrow from/to' },
    ])
    expect(
      errorOf(() => parseTimeRange({ from: 'now-2h' }, nowMs, { maxSpanMs: 3_600_000 }))
        .fieldErrors,
    ).toEqual([{ field: 'from', message: 'the range may span at most 1 hours; narrow from/to' }])
  })

  it('reports both bad bounds at once, under the prefix given', () => {
    const err = errorOf(() =>
      parseTimeRange({ from: 'last week', to: '2025-99-01' }, nowMs, {
        fieldPrefix: 'time_range.',
      }),
    )
    expect(err.fieldErrors?.map((e) => e.field)).toEqual(['time_range.from', 'time_range.to'])
  })
})
