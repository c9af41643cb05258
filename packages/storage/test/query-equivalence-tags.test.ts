import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '@llm-observatory/core'
import {
  col,
  eq,
  inQuery,
  isNull,
  or,
  param,
  planQuery,
  resolveField,
  spansView,
  tracesView,
  type Condition,
  type QueryRequest,
  type SelectQuery,
  type SemanticView,
} from '@llm-observatory/query'
import { makeSpan, randomProjectId } from '@llm-observatory/testkit'
import { makeWriteBatch, type Row } from '../src/index.js'
import {
  compareNullsLast,
  EquivalenceStores,
  firstDifference,
  modelOf,
  sumOrNull,
  usageSum,
} from './query-equivalence-harness.js'
import {
  dayUs,
  fixtureDays,
  fixtureStartUs,
  makeQueryFixture,
  quantileCont,
  type QueryFixture,
} from './query-fixture.js'

const fixture: QueryFixture = makeQueryFixture(7)
const [projectA, projectB] = fixture.projects
const fullRange = { fromUs: fixtureStartUs, toUs: fixtureStartUs + fixtureDays * dayUs }
const scopeA = { projectId: projectA, ...fullRange }
const spansA = fixture.spans.filter((s) => s.projectId === projectA)

let stores: EquivalenceStores

beforeAll(async () => {
  stores = await EquivalenceStores.open()
  await stores.writeFixture(fixture)
})

afterAll(async () => {
  await stores?.close()
})

const runOnBoth = (tree: SelectQuery): Promise<Row[]> => stores.runOnBoth(tree)

function plan(
  view: SemanticView,
  request: Omit<QueryRequest, 'scope'> & { scope?: QueryRequest['scope'] },
): SelectQuery {
  return planQuery(view, { scope: scopeA, ...request })
}

/** The groups a row counts in when grouped by tag: each distinct tag, or null for none. */
const tagGroupsOf = (tags: readonly string[]): (string | null)[] =>
  tags.length === 0 ? [null] : [...new Set(tags)]

function groupByTag<T>(rows: readonly T[], tagsOf: (row: T) => readonly string[]) {
  const groups = new Map<string | null, T[]>()
  for (const row of rows)
    for (const tag of tagGroupsOf(tagsOf(row))) groups.set(tag, [...(groups.get(tag) ?? []), row])
  return [...groups.entries()].sort(([x], [y]) => compareNullsLast(x, y))
}

interface TraceSummary {
  traceId: string
  startUs: number
  latencyMs: number
  costUsd: number | null
  status: 'ok' | 'error'
  tags: string[]
}

/** The traces of a project folded from their spans (as the traces view folds trace parts). */
function tracesOf(projectId: string): TraceSummary[] {
  const byTrace = new Map<string, Span[]>()
  for (const span of fixture.spans.filter((s) => s.projectId === projectId))
    byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span])
  return [...byTrace.entries()].map(([traceId, spans]) => {
    const startUs = Math.min(...spans.map((s) => s.startTimeUs))
    const endUs = Math.max(...spans.map((s) => s.endTimeUs))
    return {
      traceId,
      startUs,
      latencyMs: (endUs - startUs) / 1000,
      costUsd: usageSum(spans, 'costUsd'),
      status: spans.some((s) => s.status === 'error') ? 'error' : 'ok',
      tags: [...new Set(spans.flatMap((s) => s.tags))].sort(),
    }
  })
}

describe('group by tag: a row counts once per distinct tag it holds, untagged rows as null', () => {
  it('breaks span usage down by tag, each multi-tag span in every one of its groups', async () => {
    const measures = ['requests', 'cost_usd', 'input_tokens', 'traces', 'latency_ms_p95']
    const rows = await runOnBoth(plan(spansView, { groupBy: ['tag'], measures }))
    expect(spansA.some((s) => s.tags.length >= 2)).toBe(true)
    expect(spansA.some((s) => s.tags.length === 0)).toBe(true)
    const expected = groupByTag(spansA, (s) => s.tags).map(([tag, spans]) => ({
      tag,
      requests: spans.length,
      cost_usd: usageSum(spans, 'costUsd'),
      input_tokens: usageSum(spans, 'inputTokens'),
      traces: new Set(spans.map((s) => s.traceId)).size,
      latency_ms_p95: quantileCont(
        spans.map((s) => s.durationMs),
        0.95,
      ),
    }))
    expect(expected.at(-1)?.tag).toBeNull()
    expect(firstDifference(rows, expected)).toBeNull()
    const total = rows.reduce((n, r) => n + (r['requests'] as number), 0)
    expect(total).toBe(spansA.reduce((n, s) => n + tagGroupsOf(s.tags).length, 0))
  })

  it('keeps the where inside: filtered rows only, per day, tag and model, ranked', async () => {
    const where = eq(resolveField(spansView, 'kind').expr, param('llm', 'string'))
    const rows = await runOnBoth(
      plan(spansView, {
        where,
        interval: { count: 1, unit: 'day' },
        groupBy: ['tag', 'model'],
        measures: ['requests', 'cost_usd'],
        orderBy: [{ field: 'requests', direction: 'desc' }],
      }),
    )
    const groups = new Map<string, Span[]>()
    for (const span of spansA.filter((s) => s.kind === 'llm'))
      for (const tag of tagGroupsOf(span.tags)) {
        const key = JSON.stringify([
          Math.floor(span.startTimeUs / dayUs) * dayUs,
          tag,
          modelOf(span),
        ])
        groups.set(key, [...(groups.get(key) ?? []), span])
      }
    const expected = [...groups.entries()]
      .map(([key, spans]) => {
        const [ts, tag, model] = JSON.parse(key) as [number, string | null, string | null]
        return { ts, tag, model, requests: spans.length, cost_usd: usageSum(spans, 'costUsd') }
      })
      .sort(
        (x, y) =>
          y.requests - x.requests ||
          x.ts - y.ts ||
          compareNullsLast(x.tag, y.tag) ||
          compareNullsLast(x.model, y.model),
      )
    expect(expected.length).toBeGreaterThan(50)
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('breaks traces down by the union of their spans tags', async () => {
    const rows = await runOnBoth(
      plan(tracesView, {
        groupBy: ['tag'],
        measures: ['traces', 'errors', 'cost_usd', 'latency_ms_p50'],
      }),
    )
    const traces = tracesOf(projectA).filter(
      (t) => t.startUs >= fullRange.fromUs && t.startUs < fullRange.toUs,
    )
    const expected = groupByTag(traces, (t) => t.tags).map(([tag, group]) => ({
      tag,
      traces: group.length,
      errors: group.filter((t) => t.status === 'error').length,
      cost_usd: sumOrNull(group.map((t) => t.costUsd)),
      latency_ms_p50: quantileCont(
        group.map((t) => t.latencyMs),
        0.5,
      ),
    }))
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('counts a tag repeated in one row once, and an empty list as the null group', async () => {
    const projectId = randomProjectId()
    const t = fixtureStartUs + dayUs
    const span = (n: number, tags: string[], costUsd: number) =>
      makeSpan({
        projectId,
        traceId: `${n}`.padStart(32, '0'),
        spanId: `${n}`.padStart(16, '0'),
        parentSpanId: null,
        startTimeUs: t + n,
        endTimeUs: t + n + 1000,
        tags,
        costUsd,
        countsUsage: true,
      })
    const spans = [
      span(1, ['a', 'a', 'b'], 1),
      span(2, ['b'], 2),
      span(3, [], 4),
      span(4, ['a b', 'é'], 8),
    ]
    await stores.write(makeWriteBatch({ spans }))
    const scope = { projectId, ...fullRange }
    const expected = [
      { tag: 'a', requests: 1, cost_usd: 1 },
      { tag: 'a b', requests: 1, cost_usd: 8 },
      { tag: 'b', requests: 2, cost_usd: 3 },
      { tag: 'é', requests: 1, cost_usd: 8 },
      { tag: null, requests: 1, cost_usd: 4 },
    ]
    const request = { scope, groupBy: ['tag'], measures: ['requests', 'cost_usd'] }
    expect(await runOnBoth(planQuery(spansView, request))).toEqual(expected)
    const traces = await runOnBoth(
      planQuery(tracesView, { scope, groupBy: ['tag'], measures: ['traces', 'cost_usd'] }),
    )
    expect(traces).toEqual(
      expected.map(({ tag, requests, cost_usd }) => ({ tag, traces: requests, cost_usd })),
    )
  })

  it('stays in the planned project when the where names another one', async () => {
    const bypass = or(
      eq(col('project_id'), param(projectB, 'string')),
      isNull(col('span_id'), true),
    )
    const rows = await runOnBoth(
      plan(spansView, { where: bypass, groupBy: ['tag'], measures: ['requests'] }),
    )
    expect(rows.reduce((n, r) => n + (r['requests'] as number), 0)).toBe(
      spansA.reduce((n, s) => n + tagGroupsOf(s.tags).length, 0),
    )
  })
})

describe('semi-joins (in_query): traces that hold a span matching span filters', () => {
  const modelIs = (model: string): Condition =>
    eq(resolveField(spansView, 'model').expr, param(model, 'string'))
  const traceIdsOf = (where: Condition, scope = scopeA): SelectQuery =>
    planQuery(spansView, { scope, where, select: ['trace_id'], orderBy: [] })
  const byTraceId = [{ field: 'trace_id', direction: 'asc' }] as const
  const inRange = (t: TraceSummary) => t.startUs >= fullRange.fromUs && t.startUs < fullRange.toUs

  it('lists the traces holding a span of a model, and the others with NOT IN', async () => {
    const holding = new Set(spansA.filter((s) => modelOf(s) === 'gpt-4o').map((s) => s.traceId))
    const traces = tracesOf(projectA).filter(inRange)
    const expectedIn = traces.filter((t) => holding.has(t.traceId)).map((t) => t.traceId)
    const expectedOut = traces.filter((t) => !holding.has(t.traceId)).map((t) => t.traceId)
    expect(expectedIn.length).toBeGreaterThan(10)
    expect(expectedOut.length).toBeGreaterThan(10)
    for (const [negated, expected] of [
      [false, expectedIn],
      [true, expectedOut],
    ] as const) {
      const rows = await runOnBoth(
        plan(tracesView, {
          where: inQuery(col('trace_id'), traceIdsOf(modelIs('gpt-4o')), negated),
          select: ['trace_id'],
          orderBy: byTraceId,
        }),
      )
      expect(rows.map((r) => r['trace_id'])).toEqual(expected.sort())
    }
  })

  it('aggregates traces holding an error span of one day, the subquery scoped on its own', async () => {
    // The subquery's range (day 3) is narrower than the outer one: its own parameters must
    // bind in place, or the answer would differ from the one computed here.
    const day3 = {
      projectId: projectA,
      fromUs: fixtureStartUs + 2 * dayUs,
      toUs: fixtureStartUs + 3 * dayUs,
    }
    const failing = eq(resolveField(spansView, 'status').expr, param('error', 'string'))
    const rows = await runOnBoth(
      plan(tracesView, {
        where: inQuery(col('trace_id'), traceIdsOf(failing, day3)),
        groupBy: ['status'],
        measures: ['traces', 'cost_usd'],
      }),
    )
    const holding = new Set(
      spansA
        .filter(
          (s) => s.status === 'error' && s.startTimeUs >= day3.fromUs && s.startTimeUs < day3.toUs,
        )
        .map((s) => s.traceId),
    )
    const traces = tracesOf(projectA).filter((t) => inRange(t) && holding.has(t.traceId))
    expect(traces.length).toBeGreaterThan(3)
    const expected = [
      { status: 'error', traces: traces.length, cost_usd: sumOrNull(traces.map((t) => t.costUsd)) },
    ]
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('ignores NULLs the subquery returns, and a NULL left side matches neither way', async () => {
    const sessionsOf = (where: Condition): SelectQuery =>
      planQuery(spansView, { scope: scopeA, where, select: ['session_id'], orderBy: [] })
    const session = col('session_id')
    const gptSessions = new Set(
      spansA.filter((s) => modelOf(s) === 'gpt-4o').map((s) => s.sessionId),
    )
    expect(gptSessions.has(null)).toBe(true)
    const cases: [string, Condition, (s: Span) => boolean][] = [
      [
        'in, members with NULL',
        inQuery(session, sessionsOf(modelIs('gpt-4o'))),
        (s) => s.sessionId !== null && gptSessions.has(s.sessionId),
      ],
      [
        'not in, members with NULL',
        inQuery(session, sessionsOf(modelIs('gpt-4o')), true),
        (s) => s.sessionId !== null && !gptSessions.has(s.sessionId),
      ],
      [
        'not in, no members',
        inQuery(session, sessionsOf(modelIs('no-such-model')), true),
        (s) => s.sessionId !== null,
      ],
      ['in, no members', inQuery(session, sessionsOf(modelIs('no-such-model'))), () => false],
    ]
    for (const [name, where, matches] of cases) {
      const [row] = await runOnBoth(plan(spansView, { where, measures: ['requests'] }))
      expect({ name, requests: row!['requests'] }).toEqual({
        name,
        requests: spansA.filter(matches).length,
      })
    }
  })
})
