import { describe, expect, it } from 'vitest'
import { alignGroups, groupLabel, readMetric, toAlignedSeries } from './series.js'

const t = (iso: string) => Date.parse(iso) / 1000

describe('toAlignedSeries', () => {
  it('turns API points into uPlot columns in seconds, keeping null buckets as gaps', () => {
    const points = [
      { ts: '2026-11-23T06:50:00.000Z', requests: 0, cost_usd: null, latency_ms: { p95: null } },
      { ts: '2026-11-23T06:48:00.000Z', requests: 3, cost_usd: 0.0042, latency_ms: { p95: 812.5 } },
    ]
    expect(toAlignedSeries(points, ['requests', 'cost_usd', 'latency_ms.p95'])).toEqual([
      [t('2026-11-23T06:48:00.000Z'), t('2026-11-23T06:50:00.000Z')],
      [3, 0],
      [0.0042, null],
      [812.5, null],
    ])
  })
  it('gives empty columns for an empty series', () => {
    expect(toAlignedSeries([], ['requests'])).toEqual([[], []])
  })
})

describe('readMetric', () => {
  it('reads nested paths and treats anything but a finite number as null', () => {
    const p = { ts: 'x', a: { b: 2 }, s: '3', n: Number.NaN }
    expect(readMetric(p, 'a.b')).toBe(2)
    expect(readMetric(p, 'a.c')).toBeNull()
    expect(readMetric(p, 's')).toBeNull()
    expect(readMetric(p, 'n')).toBeNull()
    expect(readMetric(p, 'missing.deep')).toBeNull()
  })
})

describe('alignGroups', () => {
  it('aligns groups on the union of their timestamps, null where a group has no bucket', () => {
    const groups = [
      { key: { model: 'gpt-4o' }, series: [{ ts: '2026-11-16T00:00:00.000Z', cost_usd: 1 }] },
      {
        key: { model: null },
        series: [
          { ts: '2026-11-17T00:00:00.000Z', cost_usd: 2 },
          { ts: '2026-11-16T00:00:00.000Z', cost_usd: 0.5 },
        ],
      },
    ]
    expect(alignGroups(groups, 'cost_usd')).toEqual({
      labels: ['gpt-4o', '(none)'],
      data: [
        [t('2026-11-16T00:00:00.000Z'), t('2026-11-17T00:00:00.000Z')],
        [1, null],
        [0.5, 2],
      ],
    })
  })
  it('labels composite keys with their values in order', () => {
    expect(groupLabel({ provider: 'openai', model: 'gpt-4o' })).toBe('openai / gpt-4o')
    expect(groupLabel({})).toBe('(all)')
  })
})
