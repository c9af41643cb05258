import {
  and,
  eq,
  inList,
  lit,
  param,
  planQuery,
  resolveField,
  scoresView,
  spansView,
  tracesView,
  type Condition,
  type QueryScope,
} from '@llm-observatory/query'
import {
  isoFromMicros,
  runAnalytics,
  shapeMetrics,
  toMicros,
  type AnalyticsRequest,
  type AnalyticsResult,
  type Metrics,
  type QueryRunner,
} from './analytics-query.js'
import { fingerprintErrorMessage } from './error-fingerprint.js'

/**
 * The spans that are LLM requests: model calls (chat, completion, embedding) whose usage is
 * their own. Wrapper spans repeating a child's call (`counts_usage` false) are left out, so
 * one call is one request.
 */
export const llmRequests: Condition = and(
  inList(resolveField(spansView, 'kind').expr, param(['llm', 'embedding'], 'string[]')),
  eq(resolveField(spansView, 'counts_usage').expr, lit(true)),
)

function onLlmRequests(request: AnalyticsRequest): AnalyticsRequest {
  return { ...request, where: and(llmRequests, request.where ?? { kind: 'true' }) }
}

export const costMeasures = [
  'requests',
  'cost_usd',
  'cost_per_request',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
] as const

export const performanceMeasures = [
  'requests',
  'errors',
  'error_rate',
  'latency_ms_avg',
  'latency_ms_p50',
  'latency_ms_p95',
  'latency_ms_p99',
  'ttft_ms_avg',
  'ttft_ms_p50',
  'ttft_ms_p95',
  'ttft_ms_p99',
  'tokens_per_second',
] as const

/**
 * Cost analytics of LLM requests: totals, groups ranked by cost (top-N), trend per interval.
 * @example await getCosts(run, { scope, groupBy: ['model'], interval: { count: 1, unit: 'day' }, top: 10 })
 */
export async function getCosts(
  run: QueryRunner,
  request: AnalyticsRequest,
): Promise<AnalyticsResult> {
  return runAnalytics(run, spansView, costMeasures, {
    rankBy: 'cost_usd',
    ...onLlmRequests(request),
  })
}

export interface ErrorTypeCount {
  error_type: string | null
  count: number
}

export interface PerformanceResult extends AnalyticsResult {
  errors_by_type: ErrorTypeCount[]
}

/**
 * Latency and TTFT percentiles (exact), tokens/s, requests/s and error rate of LLM requests,
 * per group and interval, plus the failed requests counted by error type.
 */
export async function getPerformance(
  run: QueryRunner,
  request: AnalyticsRequest,
): Promise<PerformanceResult> {
  const scoped = onLlmRequests(request)
  const [result, byType] = await Promise.all([
    runAnalytics(run, spansView, performanceMeasures, { rankBy: 'requests', ...scoped }),
    run(
      planQuery(spansView, {
        scope: request.scope,
        where: and(
          scoped.where!,
          eq(resolveField(spansView, 'status').expr, param('error', 'string')),
        ),
        groupBy: ['error_type'],
        measures: ['requests'],
        orderBy: [{ field: 'requests', direction: 'desc' }],
        limit: 50,
      }),
    ),
  ])
  return {
    ...result,
    errors_by_type: byType.map((row) => ({
      error_type: (row['error_type'] as string | null) ?? null,
      count: Number(row['requests']),
    })),
  }
}

/** Requests, errors, tokens and cost of LLM requests per interval (the overview chart). */
export async function getRequestTimeseries(
  run: QueryRunner,
  request: AnalyticsRequest,
): Promise<AnalyticsResult> {
  return runAnalytics(
    run,
    spansView,
    ['requests', 'errors', 'error_rate', 'total_tokens', 'cost_usd', 'latency_ms_p95'],
    onLlmRequests(request),
  )
}

/** Per provider: requests, cost, tokens, latency, errors. */
export async function getProviders(
  run: QueryRunner,
  request: AnalyticsRequest,
): Promise<AnalyticsResult> {
  return runAnalytics(
    run,
    spansView,
    ['requests', 'cost_usd', 'total_tokens', 'error_rate', 'latency_ms_p50', 'latency_ms_p95'],
    { ...onLlmRequests(request), groupBy: ['provider'], rankBy: 'requests' },
  )
}

export interface DashboardNumber {
  value: number | null
  previous: number | null
  /** (value - previous) / previous; null when there is no previous value or it is 0. */
  change: number | null
}

export interface DashboardResult {
  from: string
  to: string
  previous_from: string
  previous_to: string
  requests: DashboardNumber
  cost_usd: DashboardNumber
  latency_ms_p95: DashboardNumber
  error_rate: DashboardNumber
  total_tokens: DashboardNumber
}

const dashboardMeasures = [
  'requests',
  'cost_usd',
  'latency_ms_p95',
  'error_rate',
  'total_tokens',
] as const

/**
 * The overview numbers of the range with their change against the previous equal period
 * (for the last 24 h: the 24 h before).
 */
export async function getDashboard(
  run: QueryRunner,
  request: AnalyticsRequest,
): Promise<DashboardResult> {
  const { scope } = request
  const previous: QueryScope = {
    projectId: scope.projectId,
    fromUs: scope.fromUs - (scope.toUs - scope.fromUs),
    toUs: scope.fromUs,
  }
  const where = onLlmRequests(request).where!
  const [now, before] = await Promise.all(
    [scope, previous].map((s) =>
      run(planQuery(spansView, { scope: s, where, measures: dashboardMeasures })).then(
        (rows) => rows[0] ?? {},
      ),
    ),
  )
  const number = (name: string): DashboardNumber => {
    const value = toNumber(now![name])
    const prior = toNumber(before![name])
    return {
      value,
      previous: prior,
      change: value !== null && prior !== null && prior !== 0 ? (value - prior) / prior : null,
    }
  }
  return {
    from: isoFromMicros(scope.fromUs),
    to: isoFromMicros(scope.toUs),
    previous_from: isoFromMicros(previous.fromUs),
    previous_to: isoFromMicros(previous.toUs),
    requests: number('requests'),
    cost_usd: number('cost_usd'),
    latency_ms_p95: number('latency_ms_p95'),
    error_rate: number('error_rate'),
    total_tokens: number('total_tokens'),
  }
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined) return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

export interface ModelComparison extends Metrics {
  model: string
  quality: Record<string, { avg: number | null; count: number }>
}

/**
 * Models side by side over the same range and filters: cost per request, latency and TTFT
 * percentiles, error rate, tokens, and the average of each score on their traces.
 */
export async function compareModels(
  run: QueryRunner,
  models: readonly string[],
  request: AnalyticsRequest,
): Promise<{ from: string; to: string; models: ModelComparison[] }> {
  const measures = [...new Set([...performanceMeasures, ...costMeasures])]
  const modelExpr = resolveField(spansView, 'model').expr
  const where = and(
    onLlmRequests(request).where!,
    inList(modelExpr, param([...models], 'string[]')),
  )
  const seconds = (request.scope.toUs - request.scope.fromUs) / 1e6
  const [rows, quality] = await Promise.all([
    run(planQuery(spansView, { scope: request.scope, where, groupBy: ['model'], measures })),
    scoresByModel(run, request.scope, where),
  ])
  const byModel = new Map(rows.map((row) => [String(row['model']), row]))
  return {
    from: isoFromMicros(request.scope.fromUs),
    to: isoFromMicros(request.scope.toUs),
    models: models.map((model) => {
      const row = byModel.get(model) ?? { requests: 0, errors: 0 }
      return { model, ...shapeMetrics(row, measures, seconds), quality: quality.get(model) ?? {} }
    }),
  }
}

/**
 * Average score per model: the scores of each trace are credited to every model called in
 * the trace. Reads the (trace, model) pairs, then the scores of those traces.
 */
async function scoresByModel(
  run: QueryRunner,
  scope: QueryScope,
  spansWhere: Condition,
): Promise<Map<string, Record<string, { avg: number | null; count: number }>>> {
  const pairs = await run(
    planQuery(spansView, {
      scope,
      where: spansWhere,
      groupBy: ['trace_id', 'model'],
      measures: ['requests'],
      limit: 100_000,
    }),
  )
  const modelsOfTrace = new Map<string, string[]>()
  for (const row of pairs) {
    const list = modelsOfTrace.get(String(row['trace_id'])) ?? []
    list.push(String(row['model']))
    modelsOfTrace.set(String(row['trace_id']), list)
  }
  const result = new Map<string, Record<string, { sum: number; n: number; count: number }>>()
  if (modelsOfTrace.size > 0) {
    // Scores may be written after the trace, so their range reaches a week past it.
    const scoreScope = { ...scope, toUs: scope.toUs + 7 * 86_400_000_000 }
    const scores = await run(
      planQuery(scoresView, {
        scope: scoreScope,
        where: inList(
          resolveField(scoresView, 'trace_id').expr,
          param([...modelsOfTrace.keys()], 'string[]'),
        ),
        groupBy: ['trace_id', 'name'],
        measures: ['count', 'value_avg'],
      }),
    )
    for (const row of scores) {
      const avg = toNumber(row['value_avg'])
      for (const model of modelsOfTrace.get(String(row['trace_id'])) ?? []) {
        const perName = result.get(model) ?? {}
        const entry = (perName[String(row['name'])] ??= { sum: 0, n: 0, count: 0 })
        entry.count += Number(row['count'])
        if (avg !== null) {
          entry.sum += avg
          entry.n += 1
        }
        result.set(model, perName)
      }
    }
  }
  const out = new Map<string, Record<string, { avg: number | null; count: number }>>()
  for (const [model, perName] of result) {
    const shaped: Record<string, { avg: number | null; count: number }> = {}
    for (const [name, e] of Object.entries(perName))
      shaped[name] = { avg: e.n > 0 ? e.sum / e.n : null, count: e.count }
    out.set(model, shaped)
  }
  return out
}

export interface ErrorGroup {
  error_type: string | null
  fingerprint: string
  message: string | null
  count: number
  first_seen: string | null
  last_seen: string | null
  example_trace_id: string | null
  models: string[]
}

/**
 * Failed spans grouped by error type and message fingerprint (the message with numbers, ids
 * and quoted values replaced, so "timeout after 30s" and "timeout after 31s" group together),
 * largest first, with first/last seen and the newest example trace.
 */
export async function getErrorGroups(
  run: QueryRunner,
  request: AnalyticsRequest & { limit?: number },
): Promise<ErrorGroup[]> {
  const where = and(
    eq(resolveField(spansView, 'status').expr, param('error', 'string')),
    request.where ?? { kind: 'true' },
  )
  const rows = await run(
    planQuery(spansView, {
      scope: request.scope,
      where,
      groupBy: ['error_type', 'error_message', 'model'],
      measures: ['requests', 'first_seen', 'last_seen', 'example_trace_id'],
      orderBy: [{ field: 'requests', direction: 'desc' }],
      limit: 5000,
    }),
  )
  const groups = new Map<string, ErrorGroup & { lastUs: number; firstUs: number }>()
  for (const row of rows) {
    const type = (row['error_type'] as string | null) ?? null
    const message = (row['error_message'] as string | null) ?? null
    const fingerprint = fingerprintErrorMessage(message)
    const id = `${type ?? ''}\u0000${fingerprint}`
    const firstUs = toMicros(row['first_seen']) ?? Infinity
    const lastUs = toMicros(row['last_seen']) ?? -Infinity
    const group = groups.get(id) ?? {
      error_type: type,
      fingerprint,
      message,
      count: 0,
      first_seen: null,
      last_seen: null,
      example_trace_id: null,
      models: [],
      firstUs: Infinity,
      lastUs: -Infinity,
    }
    group.count += Number(row['requests'])
    if (firstUs < group.firstUs) group.firstUs = firstUs
    if (lastUs > group.lastUs) {
      group.lastUs = lastUs
      group.example_trace_id = (row['example_trace_id'] as string | null) ?? null
      group.message = message
    }
    const model = row['model'] as string | null
    if (model !== null && !group.models.includes(model)) group.models.push(model)
    groups.set(id, group)
  }
  return [...groups.values()]
    .sort((a, b) => b.count - a.count || b.lastUs - a.lastUs)
    .slice(0, request.limit ?? 50)
    .map(({ firstUs, lastUs, ...g }) => ({
      ...g,
      models: g.models.sort(),
      first_seen: Number.isFinite(firstUs) ? isoFromMicros(firstUs) : null,
      last_seen: Number.isFinite(lastUs) ? isoFromMicros(lastUs) : null,
    }))
}

/** Traces of the range grouped by session: the sessions list. */
export async function listSessions(
  run: QueryRunner,
  request: AnalyticsRequest & { limit: number; offset: number },
): Promise<Record<string, unknown>[]> {
  const rows = await run(
    planQuery(tracesView, {
      scope: request.scope,
      where: and(
        { kind: 'is_null', negated: true, arg: resolveField(tracesView, 'session_id').expr },
        request.where ?? { kind: 'true' },
      ),
      groupBy: ['session_id'],
      measures: [
        'traces',
        'first_seen',
        'last_seen',
        'cost_usd',
        'total_tokens',
        'errors',
        'users',
      ],
      orderBy: [{ field: 'last_seen', direction: 'desc' }],
      limit: request.limit,
      offset: request.offset,
    }),
  )
  return rows.map((row) => ({
    session_id: row['session_id'],
    traces: toNumber(row['traces']) ?? 0,
    first_seen: isoOrNull(row['first_seen']),
    last_seen: isoOrNull(row['last_seen']),
    cost_usd: toNumber(row['cost_usd']),
    total_tokens: toNumber(row['total_tokens']),
    errors: toNumber(row['errors']) ?? 0,
    users: toNumber(row['users']) ?? 0,
  }))
}

/** Per-user usage and cost of LLM requests, most expensive first. */
export async function listUsers(
  run: QueryRunner,
  request: AnalyticsRequest & { limit: number; offset: number },
): Promise<Record<string, unknown>[]> {
  const measures = [
    'requests',
    'traces',
    'sessions',
    'cost_usd',
    'input_tokens',
    'output_tokens',
    'total_tokens',
    'errors',
    'first_seen',
    'last_seen',
  ]
  const rows = await run(
    planQuery(spansView, {
      scope: request.scope,
      where: and(
        llmRequests,
        { kind: 'is_null', negated: true, arg: resolveField(spansView, 'user_id').expr },
        request.where ?? { kind: 'true' },
      ),
      groupBy: ['user_id'],
      measures,
      orderBy: [{ field: 'cost_usd', direction: 'desc' }],
      limit: request.limit,
      offset: request.offset,
    }),
  )
  return rows.map((row) => ({
    user_id: row['user_id'],
    ...shapeMetrics(
      row,
      measures.filter((m) => m !== 'first_seen' && m !== 'last_seen'),
      null,
    ),
    first_seen: isoOrNull(row['first_seen']),
    last_seen: isoOrNull(row['last_seen']),
  }))
}

function isoOrNull(value: unknown): string | null {
  const us = toMicros(value)
  return us === null ? null : isoFromMicros(us)
}
