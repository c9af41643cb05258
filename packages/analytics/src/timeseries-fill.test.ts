import { describe, expect, it } from 'vitest'
import { fillGaps, parseFill } from './timeseries-fill.js'

describe('fillGaps', () => {
  const values = [null, 2, null, null, 8, null]
  const times = [0, 10, 20, 30, 40, 60]

  it('fills each gap by the strategy, leaving what it cannot fill', () => {
    expect(fillGaps(values, times, 'null')).toEqual(values)
    expect(fillGaps(values, times, 'zero')).toEqual([0, 2, 0, 0, 8, 0])
    expect(fillGaps(values, times, { value: -1 })).toEqual([-1, 2, -1, -1, 8, -1])
    expect(fillGaps(values, times, 'previous')).toEqual([null, 2, 2, 2, 8, 8])
    expect(fillGaps(values, times, 'linear')).toEqual([null, 2, 4, 6, 8, null])
  })

  it('interpolates by time, not by position', () => {
    expect(fillGaps([0, null, 9], [0, 1, 3], 'linear')).toEqual([0, 3, 9])
  })
})

describe('parseFill', () => {
  it('reads names in any case, null and { value }', () => {
    expect(parseFill(undefined)).toBe('null')
    expect(parseFill(null)).toBe('null')
    expect(parseFill('PREVIOUS')).toBe('previous')
    expect(parseFill({ value: 0.5 })).toEqual({ value: 0.5 })
    expect(parseFill(3)).toEqual({ value: 3 })
  })

  it('rejects anything else naming fill', () => {
    for (const bad of ['cubic', { value: 'x' }, { value: 1, extra: 2 }, [1], Number.NaN])
      expect(() => parseFill(bad)).toThrow(/fill/)
  })
})
