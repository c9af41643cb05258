import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Span } from '@llm-observatory/core'
import {
  agg,
  and,
  as,
  col,
  compare,
  eq,
  eventsView,
  inList,
  isNull,
  jsonListHas,
  listHas,
  logsView,
  metricPointsView,
  not,
  or,
  param,
  planQuery,
  regex,
  resolveField,
  scoresView,
  select,
  spansView,
  textMatch,
  timeBucket,
  tracesView,
  type Condition,
  type QueryRequest,
  type SelectQuery,
  type SemanticView,
} from '@llm-observatory/query'
import { makeScore, randomProjectId } from '@llm-observatory/testkit'
import { makeWriteBatch, type Row } from '../src/index.js'
import { goldenTrees } from '../../query/test/golden-trees.js'
import { apiKeyRowMapper, projectRowMapper } from '../src/rows/metadata-row-mappers.js'
import {
  eventRowMapper,
  logRowMapper,
  metricPointRowMapper,
  scoreRowMapper,
} from '../src/rows/record-row-mappers.js'
import { spanRowMapper } from '../src/rows/span-row-mapper.js'
import { tracePartRowMapper } from '../src/rows/trace-part-row-mapper.js'
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
  hourUs,
  makeQueryFixture,
  quantileCont,
  type QueryFixture,
} from './query-fixture.js'

const fixture: QueryFixture = makeQueryFixture()
const [projectA, projectB] = fixture.projects
const fullRange = { fromUs: fixtureStartUs, toUs: fixtureStartUs + fixtureDays * dayUs }
const scopeA = { projectId: projectA, ...fullRange }

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

const spansOf = (projectId: string): Span[] =>
  fixture.spans.filter((s) => s.projectId === projectId)

describe('query trees on DuckDB (Backend.query) and ClickHouse (chDB) over the same rows', () => {
  it('groups spans by model (a null group included) with usage sums and exact percentiles', async () => {
    const rows = await runOnBoth(
      plan(spansView, {
        groupBy: ['model'],
        measures: [
          'requests',
          'errors',
          'error_rate',
          'input_tokens',
          'cost_usd',
          'cost_per_request',
          'latency_ms_avg',
          'latency_ms_p50',
          'latency_ms_p95',
          'latency_ms_p99',
          'ttft_ms_p95',
          'tokens_per_second',
          'users',
          'traces',
        ],
      }),
    )
    const groups = new Map<string | null, Span[]>()
    for (const span of spansOf(projectA))
      groups.set(modelOf(span), [...(groups.get(modelOf(span)) ?? []), span])
    const keys = [...groups.keys()].sort(compareNullsLast)
    expect(keys).toContain(null)
    const expected = keys.map((model) => {
      const spans = groups.get(model)!
      const errors = spans.filter((s) => s.status === 'error').length
      const cost = usageSum(spans, 'costUsd')
      const latencies = spans.map((s) => s.durationMs)
      const ttfts = spans.flatMap((s) => (s.ttftMs === null ? [] : [s.ttftMs]))
      const tps = spans.flatMap((s) => (s.tokensPerSecond === null ? [] : [s.tokensPerSecond]))
      return {
        model,
        requests: spans.length,
        errors,
        error_rate: errors / spans.length,
        input_tokens: usageSum(spans, 'inputTokens'),
        cost_usd: cost,
        cost_per_request: cost === null ? null : cost / spans.length,
        latency_ms_avg: latencies.reduce((x, y) => x + y, 0) / latencies.length,
        latency_ms_p50: quantileCont(latencies, 0.5),
        latency_ms_p95: quantileCont(latencies, 0.95),
        latency_ms_p99: quantileCont(latencies, 0.99),
        ttft_ms_p95: quantileCont(ttfts, 0.95),
        tokens_per_second: tps.length === 0 ? null : tps.reduce((x, y) => x + y, 0) / tps.length,
        users: new Set(spans.flatMap((s) => (s.userId === null ? [] : [s.userId]))).size,
        traces: new Set(spans.map((s) => s.traceId)).size,
      }
    })
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('leaves wrapper spans (counts_usage false) out of usage sums but counts them as rows', async () => {
    const [row] = await runOnBoth(
      plan(spansView, {
        measures: ['requests', 'cost_usd'],
        where: eq(col('kind'), param('agent', 'string')),
      }),
    )
    const roots = spansOf(projectA).filter((s) => s.kind === 'agent')
    expect(row).toEqual({ requests: roots.length, cost_usd: null })
  })

  it('returns an hourly series whose buckets and counts match the rows', async () => {
    const scope = {
      projectId: projectA,
      fromUs: fixtureStartUs + dayUs,
      toUs: fixtureStartUs + 2 * dayUs,
    }
    const rows = await runOnBoth(
      plan(spansView, {
        scope,
        interval: { count: 1, unit: 'hour' },
        measures: ['requests', 'errors', 'latency_ms_p95'],
      }),
    )
    const buckets = new Map<number, Span[]>()
    for (const span of spansOf(projectA)) {
      if (span.startTimeUs < scope.fromUs || span.startTimeUs >= scope.toUs) continue
      const ts = Math.floor(span.startTimeUs / hourUs) * hourUs
      buckets.set(ts, [...(buckets.get(ts) ?? []), span])
    }
    const expected = [...buckets.keys()]
      .sort((x, y) => x - y)
      .map((ts) => {
        const spans = buckets.get(ts)!
        return {
          ts,
          requests: spans.length,
          errors: spans.filter((s) => s.status === 'error').length,
          latency_ms_p95: quantileCont(
            spans.map((s) => s.durationMs),
            0.95,
          ),
        }
      })
    expect(expected.length).toBeGreaterThan(20)
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('buckets by 15 minutes, 6 hours, days and Monday-based weeks alike on both engines', async () => {
    for (const interval of [
      { count: 15, unit: 'minute' },
      { count: 6, unit: 'hour' },
      { count: 1, unit: 'day' },
      { count: 1, unit: 'week' },
    ] as const) {
      const rows = await runOnBoth(
        plan(spansView, { interval, groupBy: ['status'], measures: ['requests'] }),
      )
      expect(rows.reduce((n, r) => n + (r['requests'] as number), 0)).toBe(spansOf(projectA).length)
      if (interval.unit === 'week')
        // 2025-05-26 and 2025-06-02 are Mondays: the fixture's days 1–5 straddle them.
        expect([...new Set(rows.map((r) => r['ts']))]).toEqual([
          Date.UTC(2025, 4, 26) * 1000,
          Date.UTC(2025, 5, 2) * 1000,
        ])
    }
  })

  it('computes sample standard deviations per model and per 90-second bucket, null for one value', async () => {
    const model = resolveField(spansView, 'model').expr
    const scoped = spansView.scoped(scopeA)
    const stddev = (values: number[]): number | null => {
      if (values.length < 2) return null
      const mean = values.reduce((x, y) => x + y, 0) / values.length
      return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1))
    }
    const byModel = await runOnBoth(
      select({
        ...scoped,
        columns: [
          as('model', model),
          as('latency_sd', agg('stddev', col('duration_ms'))),
          as('ttft_sd', agg('stddev', col('ttft_ms'))),
        ],
        groupBy: [model],
        orderBy: [{ expr: model, direction: 'asc', nulls: 'last' }],
      }),
    )
    const models = [...new Set(spansOf(projectA).map(modelOf))].sort(compareNullsLast)
    const expected = models.map((m) => {
      const spans = spansOf(projectA).filter((s) => modelOf(s) === m)
      return {
        model: m,
        latency_sd: stddev(spans.map((s) => s.durationMs)),
        ttft_sd: stddev(spans.flatMap((s) => (s.ttftMs === null ? [] : [s.ttftMs]))),
      }
    })
    expect(firstDifference(byModel, expected)).toBeNull()

    const width = 90_000_000
    const bucket = timeBucket({ count: 90, unit: 'second' }, col('start_time'))
    const series = await runOnBoth(
      select({
        ...scoped,
        columns: [as('ts', bucket), as('latency_sd', agg('stddev', col('duration_ms')))],
        groupBy: [bucket],
        orderBy: [{ expr: bucket, direction: 'asc' }],
      }),
    )
    const buckets = new Map<number, number[]>()
    for (const span of spansOf(projectA)) {
      const ts = Math.floor(span.startTimeUs / width) * width
      buckets.set(ts, [...(buckets.get(ts) ?? []), span.durationMs])
    }
    const expectedSeries = [...buckets.keys()]
      .sort((x, y) => x - y)
      .map((ts) => ({ ts, latency_sd: stddev(buckets.get(ts)!) }))
    expect(expectedSeries.some((p) => p.latency_sd === null)).toBe(true)
    expect(firstDifference(series, expectedSeries)).toBeNull()
  })

  it('answers an empty range with no groups and null totals (count 0)', async () => {
    const scope = { projectId: projectA, fromUs: fixtureStartUs, toUs: fixtureStartUs }
    expect(
      await runOnBoth(plan(spansView, { scope, groupBy: ['model'], measures: ['requests'] })),
    ).toEqual([])
    expect(
      await runOnBoth(
        plan(spansView, { scope, interval: { count: 1, unit: 'hour' }, measures: ['requests'] }),
      ),
    ).toEqual([])
    const totals = await runOnBoth(
      plan(spansView, {
        scope,
        measures: ['requests', 'users', 'cost_usd', 'error_rate', 'latency_ms_p95'],
      }),
    )
    expect(totals).toEqual([
      { requests: 0, users: 0, cost_usd: null, error_rate: null, latency_ms_p95: null },
    ])
  })

  it('returns a one-point series for a range inside one bucket', async () => {
    const span = spansOf(projectA)[10]!
    const bucket = Math.floor(span.startTimeUs / hourUs) * hourUs
    const scope = { projectId: projectA, fromUs: bucket + 60_000_000, toUs: bucket + 120_000_000 }
    const inRange = spansOf(projectA).filter(
      (s) => s.startTimeUs >= scope.fromUs && s.startTimeUs < scope.toUs,
    )
    const rows = await runOnBoth(
      plan(spansView, { scope, interval: { count: 1, unit: 'hour' }, measures: ['requests'] }),
    )
    if (inRange.length === 0) expect(rows).toEqual([])
    else expect(rows).toEqual([{ ts: bucket, requests: inRange.length }])
    const wide = { projectId: projectA, fromUs: span.startTimeUs, toUs: span.startTimeUs + 1 }
    expect(
      await runOnBoth(
        plan(spansView, {
          scope: wide,
          interval: { count: 1, unit: 'day' },
          measures: ['requests'],
        }),
      ),
    ).toEqual([{ ts: Math.floor(span.startTimeUs / dayUs) * dayUs, requests: 1 }])
  })

  it('filters with every condition kind, each matching the rows counted in JS', async () => {
    const f = (name: string) => resolveField(spansView, name).expr
    const text = (s: Span): string | null =>
      s.inputMessages === null ? null : JSON.stringify(s.inputMessages)
    const cases: [string, Condition, (s: Span) => boolean][] = [
      ['eq', eq(f('model'), param('gpt-4o', 'string')), (s) => modelOf(s) === 'gpt-4o'],
      ['ne', compare('ne', f('status'), param('ok', 'string')), (s) => s.status !== 'ok'],
      ['gt', compare('gt', f('latency_ms'), param(2000, 'double')), (s) => s.durationMs > 2000],
      [
        'gte',
        compare('gte', f('input_tokens'), param(1500, 'double')),
        (s) => s.inputTokens !== null && s.inputTokens >= 1500,
      ],
      [
        'lt',
        compare('lt', f('cost_usd'), param(0.004, 'double')),
        (s) => s.costUsd !== null && s.costUsd < 0.004,
      ],
      [
        'lte',
        compare('lte', f('temperature'), param(0.2, 'double')),
        (s) => s.temperature !== null && s.temperature <= 0.2,
      ],
      [
        'timestamp',
        compare('lt', f('timestamp'), param(fixtureStartUs + dayUs, 'timestamp')),
        (s) => s.startTimeUs < fixtureStartUs + dayUs,
      ],
      [
        'in',
        inList(f('request_model'), param(['gpt-4o', 'claude-sonnet-4'], 'string[]')),
        (s) => s.requestModel === 'gpt-4o' || s.requestModel === 'claude-sonnet-4',
      ],
      [
        'not_in (nulls match neither)',
        inList(f('request_model'), param(['gpt-4o'], 'string[]'), true),
        (s) => s.requestModel !== null && s.requestModel !== 'gpt-4o',
      ],
      ['in, empty list', inList(f('model'), param([], 'string[]')), () => false],
      [
        'contains, case-insensitive',
        textMatch('contains', f('input_text'), 'REFUND', { caseInsensitive: true }),
        (s) => text(s)?.toLowerCase().includes('refund') ?? false,
      ],
      [
        'contains, case-sensitive (a match)',
        textMatch('contains', f('input_text'), 'Refund'),
        (s) => text(s)?.includes('Refund') ?? false,
      ],
      [
        'contains, case-sensitive',
        textMatch('contains', f('input_text'), 'refund'),
        (s) => text(s)?.includes('refund') ?? false,
      ],
      [
        'contains takes % and _ literally',
        textMatch('contains', f('input_text'), '0%_s'),
        (s) => text(s)?.includes('0%_s') ?? false,
      ],
      [
        'not_contains',
        textMatch('contains', f('name'), 'chat', { negated: true }),
        (s) => !s.name.includes('chat'),
      ],
      [
        'starts_with',
        textMatch('starts_with', f('name'), 'CHAT GPT', { caseInsensitive: true }),
        (s) => s.name.startsWith('chat gpt'),
      ],
      ['ends_with', textMatch('ends_with', f('name'), '-mini'), (s) => s.name.endsWith('-mini')],
      [
        'regex',
        regex(f('name'), '^chat (gpt|gemini)-[0-9]'),
        (s) => /^chat (gpt|gemini)-[0-9]/.test(s.name),
      ],
      ['is_null', isNull(f('user_id')), (s) => s.userId === null],
      ['is_not_null', isNull(f('response_model'), true), (s) => s.responseModel !== null],
      [
        'metadata key',
        eq(f('metadata.customer_tier'), param('pro', 'string')),
        (s) => s.metadata['customer_tier'] === 'pro',
      ],
      [
        'metadata key starting with $',
        eq(f('metadata.$odd key'), param('dollar', 'string')),
        (s) => s.metadata['$odd key'] === 'dollar',
      ],
      ['metadata key with /', isNull(f('metadata.a/b'), true), (s) => 'a/b' in s.metadata],
      [
        'attribute dotted key',
        eq(f('attributes.gen_ai.system'), param('gemini-2.5-pro', 'string')),
        (s) => s.attributes['gen_ai.system'] === 'gemini-2.5-pro',
      ],
      [
        'attribute number as text',
        eq(f('attributes.http.status_code'), param('429', 'string')),
        (s) => s.attributes['http.status_code'] === 429,
      ],
      ['tags', jsonListHas(col('tags'), 'vip'), (s) => s.tags.includes('vip')],
      [
        'nested and/or/not',
        and(
          or(eq(f('provider'), param('openai', 'string')), jsonListHas(col('tags'), 'beta')),
          not(eq(f('status'), param('error', 'string'))),
        ),
        (s) => (s.provider === 'openai' || s.tags.includes('beta')) && s.status !== 'error',
      ],
    ]
    for (const [name, where, matches] of cases) {
      const [row] = await runOnBoth(plan(spansView, { where, measures: ['requests'] }))
      const expected = spansOf(projectA).filter(matches).length
      expect({ name, requests: row!['requests'] }).toEqual({ name, requests: expected })
    }
  })

  it('groups by a metadata key, keys missing in a row forming the null group', async () => {
    const rows = await runOnBoth(
      plan(spansView, { groupBy: ['metadata.customer_tier'], measures: ['requests', 'cost_usd'] }),
    )
    const spans = spansOf(projectA)
    const keys = [...new Set(spans.map((s) => s.metadata['customer_tier'] ?? null))].sort(
      compareNullsLast,
    )
    expect(rows).toHaveLength(keys.length)
    rows.forEach((row, i) => {
      const group = spans.filter((s) => (s.metadata['customer_tier'] ?? null) === keys[i])
      expect(
        firstDifference(row, {
          'metadata.customer_tier': keys[i],
          requests: group.length,
          cost_usd: usageSum(group, 'costUsd'),
        }),
      ).toBeNull()
    })
  })

  it('pages span rows with limit and offset in a stable order', async () => {
    const order = [
      { field: 'latency_ms', direction: 'desc' },
      { field: 'span_id', direction: 'asc' },
    ] as const
    const select = ['span_id', 'timestamp', 'model', 'latency_ms', 'metadata.customer_tier', 'tags']
    const rows = await runOnBoth(plan(spansView, { select, orderBy: order, limit: 5, offset: 3 }))
    const expected = [...spansOf(projectA)]
      .sort((x, y) => y.durationMs - x.durationMs || (x.spanId < y.spanId ? -1 : 1))
      .slice(3, 8)
      .map((s) => ({
        span_id: s.spanId,
        timestamp: s.startTimeUs,
        model: modelOf(s),
        latency_ms: s.durationMs,
        'metadata.customer_tier': s.metadata['customer_tier'] ?? null,
        tags: JSON.stringify(s.tags),
      }))
    expect(rows).toEqual(expected)
  })
})

describe('the traces view folds trace parts (some traces written over two batches)', () => {
  function expectedTraces(projectId: string, fromUs: number, toUs: number) {
    const byTrace = new Map<string, Span[]>()
    for (const span of spansOf(projectId))
      byTrace.set(span.traceId, [...(byTrace.get(span.traceId) ?? []), span])
    return [...byTrace.entries()]
      .map(([traceId, spans]) => {
        const start = Math.min(...spans.map((s) => s.startTimeUs))
        const end = Math.max(...spans.map((s) => s.endTimeUs))
        const root = spans.find((s) => s.parentSpanId === null)!
        const errors = spans.filter((s) => s.status === 'error').length
        return {
          trace_id: traceId,
          timestamp: start,
          name: root.name,
          latency_ms: (end - start) / 1000,
          span_count: spans.length,
          llm_call_count: spans.filter((s) => s.kind === 'llm' && s.countsUsage).length,
          error_count: errors,
          status: errors > 0 ? 'error' : 'ok',
          input_tokens: usageSum(spans, 'inputTokens'),
          cost_usd: usageSum(spans, 'costUsd'),
          user_id: root.userId,
          tags: [...new Set(spans.flatMap((s) => s.tags))].sort(),
        }
      })
      .filter((t) => t.timestamp >= fromUs && t.timestamp < toUs)
      .sort((x, y) => y.timestamp - x.timestamp || (x.trace_id < y.trace_id ? -1 : 1))
  }
  const columns = [
    'trace_id',
    'timestamp',
    'name',
    'latency_ms',
    'span_count',
    'llm_call_count',
    'error_count',
    'status',
    'input_tokens',
    'cost_usd',
    'user_id',
    'tags',
  ]
  const newestFirst = [
    { field: 'timestamp', direction: 'desc' },
    { field: 'trace_id', direction: 'asc' },
  ] as const

  it('lists traces with summaries equal to the fold of their spans', async () => {
    const rows = await runOnBoth(plan(tracesView, { select: columns, orderBy: newestFirst }))
    const expected = expectedTraces(projectA, fullRange.fromUs, fullRange.toUs)
    expect(expected.length).toBe(500)
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('counts a trace in the range where it started, with all its parts', async () => {
    const scope = {
      projectId: projectA,
      fromUs: fixtureStartUs + 2 * dayUs,
      toUs: fixtureStartUs + 3 * dayUs,
    }
    const rows = await runOnBoth(plan(tracesView, { scope, select: columns, orderBy: newestFirst }))
    expect(firstDifference(rows, expectedTraces(projectA, scope.fromUs, scope.toUs))).toBeNull()
  })

  it('aggregates traces by status and filters them by tag', async () => {
    const rows = await runOnBoth(
      plan(tracesView, {
        where: listHas(col('tags'), 'vip'),
        groupBy: ['status'],
        measures: ['traces', 'errors', 'cost_usd', 'latency_ms_p95', 'users'],
      }),
    )
    const traces = expectedTraces(projectA, fullRange.fromUs, fullRange.toUs).filter((t) =>
      t.tags.includes('vip'),
    )
    const expected = ['error', 'ok'].flatMap((status) => {
      const group = traces.filter((t) => t.status === status)
      if (group.length === 0) return []
      return [
        {
          status,
          traces: group.length,
          errors: status === 'error' ? group.length : 0,
          cost_usd: sumOrNull(group.map((t) => t.cost_usd)),
          latency_ms_p95: quantileCont(
            group.map((t) => t.latency_ms),
            0.95,
          ),
          users: new Set(group.flatMap((t) => (t.user_id === null ? [] : [t.user_id]))).size,
        },
      ]
    })
    expect(firstDifference(rows, expected)).toBeNull()
  })
})

describe('scope', () => {
  it('returns only the planned project, even when the where names another one', async () => {
    const bypass = or(
      eq(col('project_id'), param(projectA, 'string')),
      isNull(col('span_id'), true),
    )
    const tree = planQuery(spansView, {
      scope: { projectId: projectB, ...fullRange },
      where: bypass,
      select: ['span_id'],
      orderBy: [{ field: 'span_id', direction: 'asc' }],
    })
    const rows = await runOnBoth(tree)
    const expected = spansOf(projectB)
      .map((s) => s.spanId)
      .sort()
    expect(rows.map((r) => r['span_id'])).toEqual(expected)
    const traces = await runOnBoth(
      planQuery(tracesView, {
        scope: { projectId: projectB, ...fullRange },
        where: or(isNull(col('trace_id')), isNull(col('trace_id'), true)),
        measures: ['traces'],
      }),
    )
    expect(traces).toEqual([{ traces: 150 }])
  })
})

describe('logs, metric points, events and scores views', () => {
  it('counts logs by severity and errors', async () => {
    const rows = await runOnBoth(
      plan(logsView, { groupBy: ['severity'], measures: ['count', 'errors'] }),
    )
    const logs = fixture.logs.filter((l) => l.projectId === projectA)
    const severities = [...new Set(logs.map((l) => l.severityText))].sort(compareNullsLast)
    expect(rows).toEqual(
      severities.map((severity) => {
        const group = logs.filter((l) => l.severityText === severity)
        return {
          severity,
          count: group.length,
          errors: group.filter((l) => (l.severityNumber ?? 0) >= 17).length,
        }
      }),
    )
  })

  it('averages metric values per name and day, and filters by a tag key', async () => {
    await runOnBoth(
      plan(metricPointsView, {
        groupBy: ['name'],
        interval: { count: 1, unit: 'day' },
        measures: ['count', 'value_avg', 'value_p95', 'value_max'],
      }),
    )
    const f = resolveField(metricPointsView, 'tags.host').expr
    const [row] = await runOnBoth(
      plan(metricPointsView, {
        where: eq(f, param('h1', 'string')),
        measures: ['count', 'value_sum'],
      }),
    )
    const points = fixture.metrics.filter(
      (m) => m.projectId === projectA && m.tags['host'] === 'h1',
    )
    expect(
      firstDifference(row, {
        count: points.length,
        value_sum: sumOrNull(points.map((m) => m.value)),
      }),
    ).toBeNull()
  })

  it('counts events by type with distinct users', async () => {
    const rows = await runOnBoth(
      plan(eventsView, { groupBy: ['event_type'], measures: ['count', 'users'] }),
    )
    expect(rows.reduce((n, r) => n + (r['count'] as number), 0)).toBe(
      fixture.events.filter((e) => e.projectId === projectA).length,
    )
  })

  it('averages numeric scores per name and counts every kind', async () => {
    const rows = await runOnBoth(
      plan(scoresView, { groupBy: ['name'], measures: ['count', 'value_avg', 'value_p50'] }),
    )
    const scores = fixture.scores.filter((s) => s.projectId === projectA)
    const names = [...new Set(scores.map((s) => s.name))].sort()
    const expected = names.map((name) => {
      const group = scores.filter((s) => s.name === name)
      const numeric = group.filter((s) => s.dataType === 'numeric').map((s) => s.value!)
      return {
        name,
        count: group.length,
        value_avg: numeric.reduce((x, y) => x + y, 0) / numeric.length,
        value_p50: quantileCont(numeric, 0.5),
      }
    })
    expect(firstDifference(rows, expected)).toBeNull()
  })

  it('reads the latest version of a score re-sent with the same id, even a null value', async () => {
    const projectId = randomProjectId()
    const t = fixtureStartUs + hourUs
    const scores = [
      makeScore({
        projectId,
        scoreId: 's1',
        timeUs: t,
        name: 'q',
        dataType: 'numeric',
        value: 0.1,
      }),
      makeScore({
        projectId,
        scoreId: 's1',
        timeUs: t + 60_000_000,
        name: 'q',
        dataType: 'categorical',
        value: null,
        stringValue: 'bad',
      }),
      makeScore({
        projectId,
        scoreId: 's2',
        timeUs: t,
        name: 'q',
        dataType: 'numeric',
        value: 0.5,
      }),
      makeScore({
        projectId,
        scoreId: 's3',
        timeUs: t,
        name: 'q',
        dataType: 'numeric',
        value: 0.9,
      }),
      // Replaced just after the range ends: the range no longer holds s3.
      makeScore({
        projectId,
        scoreId: 's3',
        timeUs: t + 2 * hourUs,
        name: 'q',
        dataType: 'numeric',
        value: 0.7,
      }),
    ]
    await stores.write(makeWriteBatch({ scores }))
    const scope = { projectId, fromUs: fixtureStartUs, toUs: t + hourUs }
    const rows = await runOnBoth(
      planQuery(scoresView, {
        scope,
        select: ['score_id', 'data_type', 'value', 'string_value'],
        orderBy: [{ field: 'score_id', direction: 'asc' }],
      }),
    )
    expect(rows).toEqual([
      { score_id: 's1', data_type: 'categorical', value: null, string_value: 'bad' },
      { score_id: 's2', data_type: 'numeric', value: 0.5, string_value: null },
    ])
    expect(
      await runOnBoth(planQuery(scoresView, { scope, measures: ['count', 'value_avg'] })),
    ).toEqual([{ count: 2, value_avg: 0.5 }])
  })
})

describe('ClickHouse schema and golden trees', () => {
  it('has every mapped table with the row mapper columns, in order', async () => {
    const rows = await stores.chdb.querySql(
      'SELECT table, name FROM system.columns WHERE database = currentDatabase() ORDER BY table, position',
    )
    const mappers = [
      spanRowMapper,
      tracePartRowMapper,
      logRowMapper,
      metricPointRowMapper,
      eventRowMapper,
      scoreRowMapper,
      projectRowMapper,
      apiKeyRowMapper,
    ]
    for (const mapper of mappers) {
      const columns = rows.filter((r) => r['table'] === mapper.table).map((r) => r['name'])
      expect({ table: mapper.table, columns }).toEqual({
        table: mapper.table,
        columns: mapper.columns.map((c) => c.name),
      })
    }
  })

  it('runs every golden tree on both engines with equal answers', async () => {
    for (const tree of Object.values(goldenTrees)) await runOnBoth(tree)
  })
})
