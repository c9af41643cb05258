import { describe, expect, it } from 'vitest'
import { isObservatoryError } from '@llm-observatory/core'
import { formatWindow, parseWindow, windowSeconds } from './timeseries-window.js'

const hourUs = 3_600_000_000
const day = { fromUs: 0, toUs: 24 * hourUs }
const year = { fromUs: 0, toUs: 365 * 24 * hourUs }

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (isObservatoryError(err)) return err.fieldErrors?.[0]?.field
    throw err
  }
  return undefined
}

describe('parseWindow', () => {
  it('counts each window in the widest unit that divides it', () => {
    expect(parseWindow('1m', day)).toEqual({ count: 1, unit: 'minute' })
    expect(parseWindow('15m', day)).toEqual({ count: 15, unit: 'minute' })
    expect(parseWindow('6h', day)).toEqual({ count: 6, unit: 'hour' })
    expect(parseWindow('2h30m', day)).toEqual({ count: 150, unit: 'minute' })
    expect(parseWindow('1h 30m', day)).toEqual({ count: 90, unit: 'minute' })
    expect(parseWindow('90s', day)).toEqual({ count: 90, unit: 'second' })
    expect(parseWindow('120s', day)).toEqual({ count: 2, unit: 'minute' })
    expect(parseWindow('1d', year)).toEqual({ count: 1, unit: 'day' })
    expect(parseWindow('1W', year)).toEqual({ count: 1, unit: 'week' })
    expect(parseWindow('14d', year)).toEqual({ count: 2, unit: 'week' })
    expect(parseWindow('1mo', year)).toEqual({ count: 30, unit: 'day' })
    expect(parseWindow('2 months', year)).toEqual({ count: 60, unit: 'day' })
  })

  it('picks at most 200 windows for auto or no window', () => {
    expect(parseWindow('auto', day)).toEqual({ count: 10, unit: 'minute' })
    expect(parseWindow(undefined, day)).toEqual({ count: 10, unit: 'minute' })
  })

  it('names the window in errors: bad text, zero, too many windows', () => {
    expect(fieldOf(() => parseWindow('5x', day))).toBe('window')
    expect(fieldOf(() => parseWindow('m5', day))).toBe('window')
    expect(fieldOf(() => parseWindow('0s', day))).toBe('window')
    expect(fieldOf(() => parseWindow(5, day))).toBe('window')
    expect(() => parseWindow('1m', year)).toThrow(/windows is more than the 2000 allowed; use 6h/)
  })

  it('formats windows as their shortest text and counts their seconds', () => {
    expect(formatWindow({ count: 150, unit: 'minute' })).toBe('2h30m')
    expect(formatWindow({ count: 90, unit: 'second' })).toBe('1m30s')
    expect(formatWindow({ count: 30, unit: 'day' })).toBe('30d')
    expect(formatWindow({ count: 2, unit: 'week' })).toBe('2w')
    expect(windowSeconds({ count: 30, unit: 'day' })).toBe(2_592_000)
  })
})
