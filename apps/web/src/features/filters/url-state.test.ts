import { describe, expect, it } from 'vitest'
import { parseGlobalQuery, toApiParams, writeGlobalQuery } from './url-state.js'

describe('global query in the URL', () => {
  it('reads presets and filters, one value per filter but several tags', () => {
    const q = parseGlobalQuery('?range=7d&model=gpt-4o&model=ignored&tag=prod&tag=beta&user=')
    expect(q).toEqual({
      range: { kind: 'preset', preset: '7d' },
      filters: { model: ['gpt-4o'], tag: ['prod', 'beta'] },
    })
  })
  it('falls back to the last 24 hours for an unknown preset or a backwards custom range', () => {
    const fallback = { kind: 'preset', preset: '24h' }
    expect(parseGlobalQuery('?range=13d').range).toEqual(fallback)
    expect(parseGlobalQuery('?from=2026-11-23T10:00&to=2026-11-22T10:00').range).toEqual(fallback)
  })
  it('round-trips through the URL, keeping other parameters and leaving defaults out', () => {
    const query = parseGlobalQuery('?from=2026-11-20T08:00&to=2026-11-21T08:00&service=bot&tag=a')
    const search = writeGlobalQuery('?trace=abc&range=7d', query)
    expect(search).toBe('trace=abc&from=2026-11-20T08%3A00&to=2026-11-21T08%3A00&service=bot&tag=a')
    expect(parseGlobalQuery(`?${search}`)).toEqual(query)
    expect(writeGlobalQuery('', { range: { kind: 'preset', preset: '24h' }, filters: {} })).toBe('')
  })
  it('maps presets to relative API times and custom ranges to ISO instants', () => {
    expect(
      toApiParams({ range: { kind: 'preset', preset: '15m' }, filters: { tag: ['x', 'y'] } }),
    ).toEqual({ from: 'now-15m', to: 'now', tag: ['x', 'y'] })
    const custom = toApiParams({
      range: { kind: 'custom', from: '2026-11-20T08:00', to: '2026-11-21T08:00' },
      filters: { provider: ['openai'] },
    })
    expect(custom).toEqual({
      from: new Date(2026, 10, 20, 8, 0).toISOString(),
      to: new Date(2026, 10, 21, 8, 0).toISOString(),
      provider: 'openai',
    })
  })
})
