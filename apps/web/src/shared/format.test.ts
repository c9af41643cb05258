import { describe, expect, it } from 'vitest'
import {
  formatChange,
  formatCost,
  formatCount,
  formatLatency,
  formatPercent,
  formatRate,
  formatTokens,
} from './format.js'

describe('formatCost', () => {
  it('shows dollars and cents from $1, four decimals below, two significant digits under a cent', () => {
    expect(formatCost(1234.567)).toBe('$1,234.57')
    expect(formatCost(1)).toBe('$1.00')
    expect(formatCost(0.12962619999999997)).toBe('$0.1296')
    expect(formatCost(0.004002)).toBe('$0.0040')
    expect(formatCost(0.00002625)).toBe('$0.000026')
    expect(formatCost(-0.5)).toBe('-$0.5000')
  })
  it('reads zero as $0 and a missing cost as a dash, never as $0', () => {
    expect(formatCost(0)).toBe('$0')
    expect(formatCost(null)).toBe('–')
    expect(formatCost(undefined)).toBe('–')
    expect(formatCost(Number.NaN)).toBe('–')
  })
})

describe('formatLatency', () => {
  it('uses ms below a second, seconds below a minute, then minutes and hours', () => {
    expect(formatLatency(0.25)).toBe('0.25 ms')
    expect(formatLatency(850.4)).toBe('850 ms')
    expect(formatLatency(1548.5)).toBe('1.55 s')
    expect(formatLatency(3256.0999999999985)).toBe('3.26 s')
    expect(formatLatency(12_340)).toBe('12.3 s')
    expect(formatLatency(125_000)).toBe('2m 05s')
    expect(formatLatency(3_720_000)).toBe('1h 02m')
    expect(formatLatency(null)).toBe('–')
  })
})

describe('formatCount and formatTokens', () => {
  it('keeps exact counts below 10,000 and shortens larger ones', () => {
    expect(formatCount(950)).toBe('950')
    expect(formatCount(9999)).toBe('9,999')
    expect(formatCount(43_459)).toBe('43.5k')
    expect(formatCount(120_000)).toBe('120k')
    expect(formatCount(4_560_000)).toBe('4.56M')
    expect(formatCount(1_200_000_000)).toBe('1.2B')
    expect(formatTokens(1)).toBe('1 token')
    expect(formatTokens(1234)).toBe('1,234 tokens')
    expect(formatTokens(null)).toBe('–')
  })
})

describe('formatPercent and formatChange', () => {
  it('formats ratios as percentages with sensible precision', () => {
    expect(formatPercent(0.1016949152542373)).toBe('10.2%')
    expect(formatPercent(0.08)).toBe('8%')
    expect(formatPercent(0.0035)).toBe('0.35%')
    expect(formatPercent(0)).toBe('0%')
  })
  it('signs changes and leaves a change without a previous value as a dash', () => {
    expect(formatChange(-0.18055555555555555)).toBe('−18.1%')
    expect(formatChange(0.04721319911233987)).toBe('+4.7%')
    expect(formatChange(0)).toBe('0%')
    expect(formatChange(null)).toBe('–')
  })
})

describe('formatRate', () => {
  it('switches to per minute or per hour for slow traffic', () => {
    expect(formatRate(2.5)).toBe('2.5/s')
    expect(formatRate(0.25)).toBe('15/min')
    expect(formatRate(0.000248015873015873)).toBe('0.89/h')
    expect(formatRate(0)).toBe('0/s')
  })
})
