import { describe, expect, it } from 'vitest'
import { ObservatoryError } from '@llm-observatory/core'
import {
  col,
  compileQuery,
  eq,
  eventsView,
  hasTag,
  json,
  jsonListHas,
  listHas,
  logsView,
  metricPointsView,
  param,
  planQuery,
  resolveField,
  scoresView,
  spansView,
  tracesView,
  type QueryRequest,
  type SemanticView,
} from '../src/index.js'

const scope = { projectId: 'proj_a', fromUs: 1_000_000, toUs: 2_000_000 }

function plannerError(view: SemanticView, request: Omit<QueryRequest, 'scope'>): ObservatoryError {
  try {
    planQuery(view, { scope, ...request })
  } catch (error) {
    if (error instanceof ObservatoryError) return error
    throw error
  }
  throw new Error('expected planQuery to throw')
}

describe('resolveField', () => {
  it('resolves dimensions by public name and JSON-map paths by their first dot', () => {
    expect(resolveField(spansView, 'model')).toEqual({
      expr: spansView.dimensions['model']!.expr,
      type: 'string',
    })
    expect(resolveField(spansView, 'latency_ms').expr).toEqual(col('duration_ms'))
    expect(resolveField(spansView, 'attributes.gen_ai.system')).toEqual({
      expr: json(col('attributes'), 'gen_ai.system'),
      type: 'string',
    })
    expect(resolveField(spansView, 'resource.service.name').expr).toEqual(
      json(col('resource_attributes'), 'service.name'),
    )
  })

  it('rejects unknown names, prototype names and empty keys with ERR_QUERY_UNKNOWN_FIELD', () => {
    for (const name of ['modle', 'constructor', '__proto__', 'metadata.', 'nope.key', 'tags']) {
      try {
        resolveField(spansView, name)
        expect.unreachable(name)
      } catch (error) {
        expect(error).toBeInstanceOf(ObservatoryError)
        expect((error as ObservatoryError).code).toBe('ERR_QUERY_UNKNOWN_FIELD')
        expect((error as ObservatoryError).statusCode).toBe(400)
        expect((error as ObservatoryError).fieldErrors?.[0]?.field).toBe(name)
      }
    }
  })
})

describe('planQuery', () => {
  it('groups with bucket, keys and measures, ordered by the request then by the keys', () => {
    const tree = planQuery(spansView, {
      scope,
      interval: { count: 1, unit: 'hour' },
      groupBy: ['model'],
      measures: ['requests', 'cost_usd'],
      orderBy: [{ field: 'cost_usd', direction: 'desc' }],
      limit: 10,
    })
    expect(tree.columns.map((c) => c.alias)).toEqual(['ts', 'model', 'requests', 'cost_usd'])
    expect(tree.groupBy).toHaveLength(2)
    expect(tree.orderBy?.map((o) => [o.direction, o.nulls])).toEqual([
      ['desc', 'last'],
      ['asc', 'last'],
      ['asc', 'last'],
    ])
    expect(compileQuery(tree, 'duckdb').sql).toContain(
      'GROUP BY 1, 2 ORDER BY 4 DESC NULLS LAST, 1 ASC NULLS LAST, 2 ASC NULLS LAST LIMIT 10',
    )
  })

  it('lists rows newest first by default', () => {
    const tree = planQuery(tracesView, { scope, select: ['trace_id', 'name', 'tags'] })
    expect(tree.orderBy).toEqual([{ expr: col('start_time'), direction: 'desc', nulls: 'last' }])
    expect(tree.from.kind).toBe('subquery')
  })

  it('always ANDs the scope first, the request where as one node under it', () => {
    const where = eq(col('provider'), param('openai', 'string'))
    const tree = planQuery(spansView, { scope, where, measures: ['requests'] })
    expect(tree.where).toEqual({
      kind: 'and',
      conditions: [spansView.scoped(scope).where, where],
    })
  })

  it('groups by tag over an unnest source holding the scope and the where, scope first', () => {
    const where = eq(col('provider'), param('openai', 'string'))
    const tree = planQuery(spansView, {
      scope,
      where,
      interval: { count: 1, unit: 'day' },
      groupBy: ['tag', 'model'],
      measures: ['cost_usd'],
      orderBy: [{ field: 'tag', direction: 'desc' }],
    })
    expect(tree.where).toBeUndefined()
    expect(tree.from).toEqual({
      kind: 'unnest',
      source: spansView.scoped(scope).from,
      where: { kind: 'and', conditions: [spansView.scoped(scope).where, where] },
      list: col('tags'),
      listKind: 'json_list',
      element: 'tag',
      alias: 'spans',
    })
    expect(tree.columns.map((c) => c.alias)).toEqual(['ts', 'tag', 'model', 'cost_usd'])
    expect(tree.groupBy?.[1]).toEqual(col('tag'))
    expect(tree.orderBy?.[0]).toEqual({ expr: col('tag'), direction: 'desc', nulls: 'last' })
    const traces = planQuery(tracesView, { scope, groupBy: ['tag'], measures: ['traces'] })
    expect(traces.from).toMatchObject({
      kind: 'unnest',
      source: tracesView.scoped(scope).from,
      where: tracesView.scoped(scope).where,
      listKind: 'list',
    })
  })

  it('takes tag as a group-by only, and only on views with tags', () => {
    const cases: [SemanticView, Omit<QueryRequest, 'scope'>, string][] = [
      [logsView, { groupBy: ['tag'], measures: ['count'] }, 'ERR_QUERY_UNKNOWN_FIELD'],
      [scoresView, { groupBy: ['tag'], measures: ['count'] }, 'ERR_QUERY_UNKNOWN_FIELD'],
      [spansView, { select: ['tag'] }, 'ERR_QUERY_UNKNOWN_FIELD'],
      [
        spansView,
        { groupBy: ['tag', 'tag'], measures: ['requests'] },
        'ERR_QUERY_INVALID_SELECTION',
      ],
    ]
    for (const [view, request, code] of cases) {
      const error = plannerError(view, request)
      expect({ code: error.code, field: error.fieldErrors?.[0]?.field }).toEqual({
        code,
        field: 'tag',
      })
    }
    expect(() => resolveField(spansView, 'tag')).toThrow(
      expect.objectContaining({ code: 'ERR_QUERY_UNKNOWN_FIELD' }),
    )
  })

  it('tests tag membership as each view stores its tags', () => {
    expect(hasTag(spansView, 'vip')).toEqual(jsonListHas(col('tags'), 'vip'))
    expect(hasTag(tracesView, 'vip')).toEqual(listHas(col('tags'), 'vip'))
    expect(() => hasTag(logsView, 'vip')).toThrow(
      expect.objectContaining({ code: 'ERR_QUERY_UNKNOWN_FIELD' }),
    )
  })

  it('scopes every view to its project and range', () => {
    for (const view of [
      spansView,
      tracesView,
      logsView,
      metricPointsView,
      eventsView,
      scoresView,
    ]) {
      const { sql, params } = compileQuery(
        planQuery(view, { scope, measures: [Object.keys(view.measures)[0]!] }),
        'duckdb',
      )
      expect(params).toContain('proj_a')
      expect(sql).toMatch(/"project_id" = \$\d+/)
      expect(params.filter((p) => p === scope.toUs).length).toBeGreaterThanOrEqual(1)
    }
  })

  it('reads trace parts a day either side of the range and counts traces by their start', () => {
    const { sql, params } = compileQuery(
      planQuery(tracesView, { scope, measures: ['traces'] }),
      'duckdb',
    )
    const day = 24 * 3600 * 1_000_000
    expect(params).toEqual([
      'proj_a',
      scope.fromUs - day,
      scope.toUs + day,
      scope.fromUs,
      scope.toUs,
    ])
    expect(sql).toContain('GROUP BY 1) AS "traces" WHERE ("start_time" >= ')
  })

  it('names the field in each error', () => {
    const cases: [Omit<QueryRequest, 'scope'>, string, string][] = [
      [{ measures: ['cost'] }, 'ERR_QUERY_UNKNOWN_FIELD', 'cost'],
      [{ groupBy: ['nope'] }, 'ERR_QUERY_UNKNOWN_FIELD', 'nope'],
      [{ select: [] }, 'ERR_QUERY_INVALID_SELECTION', 'select'],
      [{ select: ['model'], measures: ['requests'] }, 'ERR_QUERY_INVALID_SELECTION', 'select'],
      [
        { groupBy: ['input_tokens'], measures: ['input_tokens'] },
        'ERR_QUERY_INVALID_SELECTION',
        'input_tokens',
      ],
      [
        { groupBy: ['metadata.a b'], measures: ['requests'] },
        'ERR_QUERY_INVALID_SELECTION',
        'metadata.a b',
      ],
      [
        { measures: ['requests'], orderBy: [{ field: 'model', direction: 'asc' }] },
        'ERR_QUERY_INVALID_SORT',
        'model',
      ],
      [
        { select: ['model'], orderBy: [{ field: 'x', direction: 'asc' }] },
        'ERR_QUERY_INVALID_SORT',
        'x',
      ],
      [{ select: ['model'], limit: -5 }, 'ERR_QUERY_INVALID_SELECTION', 'limit'],
    ]
    for (const [request, code, field] of cases) {
      const error = plannerError(spansView, request)
      expect({ code: error.code, field: error.fieldErrors?.[0]?.field }).toEqual({ code, field })
    }
  })

  it('rejects a range whose start is after its end', () => {
    expect(() =>
      planQuery(spansView, { scope: { ...scope, fromUs: 3_000_000 }, measures: ['requests'] }),
    ).toThrow(expect.objectContaining({ code: 'ERR_QUERY_INVALID_TIME_RANGE' }))
  })

  it('filters by a JSON key the caller may not use as a column', () => {
    const where = eq(resolveField(spansView, 'metadata.a b').expr, param('x', 'string'))
    const { params } = compileQuery(
      planQuery(spansView, { scope, where, measures: ['requests'] }),
      'clickhouse',
    )
    expect(params).toContain('a b')
  })
})
