import { describe, expect, it } from 'vitest'
import { buildWaterfall } from './span-tree.js'

const span = (id: string, parent: string | null, startMs: number, endMs: number) => ({
  span_id: id,
  parent_span_id: parent,
  start_time: new Date(Date.UTC(2026, 10, 23, 12, 0, 0, startMs)).toISOString(),
  end_time: new Date(Date.UTC(2026, 10, 23, 12, 0, 0, endMs)).toISOString(),
})

describe('buildWaterfall', () => {
  it('orders parents before children, siblings by start, with offsets on the trace axis', () => {
    const rows = buildWaterfall([
      span('llm2', 'agent', 600, 1000),
      span('agent', null, 0, 1000),
      span('tool', 'llm1', 300, 400),
      span('llm1', 'agent', 100, 500),
    ])
    expect(rows.map((r) => [r.span.span_id, r.depth, r.offset, r.width])).toEqual([
      ['agent', 0, 0, 1],
      ['llm1', 1, 0.1, 0.4],
      ['tool', 2, 0.3, 0.1],
      ['llm2', 1, 0.6, 0.4],
    ])
  })
  it('shows a span whose parent is missing as a root, and survives parent cycles', () => {
    const rows = buildWaterfall([
      span('orphan', 'gone', 0, 10),
      span('a', 'b', 0, 10),
      span('b', 'a', 0, 10),
    ])
    expect(rows.map((r) => [r.span.span_id, r.depth])).toEqual([
      ['orphan', 0],
      ['a', 0],
      ['b', 1],
    ])
  })
  it('keeps instant spans visible with a minimum width', () => {
    const rows = buildWaterfall([span('root', null, 0, 1000), span('event', 'root', 500, 500)])
    expect(rows[1]!.width).toBe(0.005)
  })
})
