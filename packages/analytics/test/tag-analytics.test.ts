import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '@llm-observatory/core'
import { spansView } from '@llm-observatory/query'
import { createDuckDbBackend, makeWriteBatch, type DuckDbBackend } from '@llm-observatory/storage'
import { makeSpan, randomProjectId } from '@llm-observatory/testkit'
import {
  getCosts,
  isoFromMicros,
  runAnalytics,
  type AnalyticsGroup,
  type QueryRunner,
} from '../src/index.js'

const hourUs = 3_600_000_000
const t0 = 1_748_736_000_000_000
const scope = { projectId: randomProjectId(), fromUs: t0, toUs: t0 + 3 * hourUs }

/** [hour, tags, cost] per LLM span. */
const rows: [number, string[], number][] = [
  [0, ['a', 'b'], 1],
  [0, ['a'], 2],
  [1, ['c'], 10],
  [1, [], 0.25],
  [2, ['b'], 0.5],
  [2, ['a'], 4],
]
const spans: Span[] = rows.map(([hour, tags, costUsd], i) =>
  makeSpan({
    projectId: scope.projectId,
    traceId: `${i + 1}`.padStart(32, '0'),
    spanId: `${i + 1}`.padStart(16, '0'),
    parentSpanId: null,
    kind: 'llm',
    countsUsage: true,
    startTimeUs: t0 + hour * hourUs + 1000 * i,
    endTimeUs: t0 + hour * hourUs + 1000 * i + 500,
    tags,
    costUsd,
  }),
)

let backend: DuckDbBackend
let dir: string
const run: QueryRunner = (q) => backend.query(q)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'observatory-tag-analytics-'))
  backend = createDuckDbBackend({ dataDir: dir, memoryLimit: '256MB' })
  await backend.open()
  await backend.write(makeWriteBatch({ spans }))
})

afterAll(async () => {
  await backend?.close()
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
})

/** The spans counted in a tag's group: those holding it, or (null) those holding none. */
const inGroup = (tag: string | null) => (s: Span) =>
  tag === null ? s.tags.length === 0 : s.tags.includes(tag)

function expectedGroup(tag: string | null) {
  const group = spans.filter(inGroup(tag))
  const cost = (list: Span[]) =>
    list.length === 0 ? null : list.reduce((sum, s) => sum + (s.costUsd ?? 0), 0)
  return {
    key: { tag },
    requests: group.length,
    cost_usd: cost(group),
    series: [0, 1, 2].map((hour) => {
      const inHour = group.filter((s) => Math.floor((s.startTimeUs - t0) / hourUs) === hour)
      return {
        ts: isoFromMicros(t0 + hour * hourUs),
        requests: inHour.length,
        cost_usd: cost(inHour),
      }
    }),
  }
}

/** A group's key, requests, cost and series (without the derived rates). */
function shape(group: AnalyticsGroup) {
  return {
    key: group.key,
    requests: group['requests'],
    cost_usd: group['cost_usd'],
    series: group.series?.map((p) => ({
      ts: p.ts,
      requests: p['requests'],
      cost_usd: p['cost_usd'],
    })),
  }
}

describe('analytics grouped by tag', () => {
  it('ranks tags by cost and gives each kept tag its own series', async () => {
    const result = await runAnalytics(run, spansView, ['requests', 'cost_usd'], {
      scope,
      groupBy: ['tag'],
      interval: { count: 1, unit: 'hour' },
      top: 2,
      rankBy: 'cost_usd',
    })
    // a: 1 + 2 + 4, c: 10, b: 1 + 0.5, untagged: 0.25.
    expect(result.groups?.map(shape)).toEqual([expectedGroup('c'), expectedGroup('a')])
    expect(result.totals['cost_usd']).toBeCloseTo(17.75, 9)
  })

  it('keeps the untagged (null) group with its series when it ranks in the top', async () => {
    const result = await getCosts(run, {
      scope,
      groupBy: ['tag'],
      interval: { count: 1, unit: 'hour' },
      top: 4,
    })
    expect(result.groups?.map((g) => g.key['tag'])).toEqual(['c', 'a', 'b', null])
    expect(result.groups?.map(shape)).toEqual(['c', 'a', 'b', null].map(expectedGroup))
  })
})
