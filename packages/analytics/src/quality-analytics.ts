import {
  alwaysTrue,
  and,
  inList,
  param,
  planQuery,
  resolveField,
  scoresView,
  spansView,
  type Condition,
  type QueryScope,
} from '@llm-observatory/query'
import {
  isoFromMicros,
  runAnalytics,
  type AnalyticsGroup,
  type AnalyticsRequest,
  type QueryRunner,
} from './analytics-query.js'
import { llmRequests } from './llm-analytics.js'

export interface ScoreSummary {
  name: string
  data_type: string
  count: number
  avg: unknown
  min: unknown
  max: unknown
  p50: unknown
  /** Most frequent values (categorical: the label; numeric/boolean: the value), up to 50. */
  distribution: { value: unknown; count: number }[]
}

export interface QualityResult {
  from: string
  to: string
  interval: string | null
  scores: ScoreSummary[]
  /** Per model and score name: the average of numeric scores on traces that called it. */
  by_model: { model: string; name: string; avg: number | null; count: number }[]
  /** Per score name, `count` and `value_avg` per interval. */
  series: AnalyticsGroup[] | null
}

/**
 * Quality: per score name the count, average, min/max and median of numeric values and the
 * distribution of categorical/boolean values; per model the averages on the traces that called
 * it; per interval the average per name.
 * @example await getQuality(run, { scope, interval: { count: 1, unit: 'day' } })
 */
export async function getQuality(
  run: QueryRunner,
  request: AnalyticsRequest,
): Promise<QualityResult> {
  const { scope, interval } = request
  const where = request.where ?? alwaysTrue
  const measures = ['count', 'value_avg', 'value_min', 'value_max', 'value_p50']
  const [byName, distribution, series, byModel] = await Promise.all([
    run(
      planQuery(scoresView, {
        scope,
        where,
        groupBy: ['name', 'data_type'],
        measures,
        orderBy: [{ field: 'count', direction: 'desc' }],
        limit: 200,
      }),
    ),
    run(
      planQuery(scoresView, {
        scope,
        where,
        groupBy: ['name', 'string_value', 'value'],
        measures: ['count'],
        orderBy: [{ field: 'count', direction: 'desc' }],
        limit: 2000,
      }),
    ),
    interval
      ? runAnalytics(run, scoresView, ['count', 'value_avg'], {
          scope,
          where,
          interval,
          groupBy: ['name'],
          rankBy: 'count',
        })
      : Promise.resolve(null),
    scoresPerModel(run, scope, where),
  ])
  const names = byName.map((row) => {
    const name = row['name'] as string
    const dataType = row['data_type'] as string
    const values = distribution
      .filter((d) => d['name'] === name)
      .map((d) => ({
        value: dataType === 'categorical' ? d['string_value'] : d['value'],
        count: Number(d['count']),
      }))
      .slice(0, 50)
    return {
      name,
      data_type: dataType,
      count: Number(row['count']),
      avg: row['value_avg'] ?? null,
      min: row['value_min'] ?? null,
      max: row['value_max'] ?? null,
      p50: row['value_p50'] ?? null,
      distribution: values,
    }
  })
  return {
    from: isoFromMicros(scope.fromUs),
    to: isoFromMicros(scope.toUs),
    interval: series?.interval ?? null,
    scores: names,
    by_model: byModel,
    series: series?.groups ?? null,
  }
}

/**
 * Score averages per model: a trace's scores count for every model called in it. Reads the
 * scored traces first (bounded), then the models of those traces' LLM requests.
 */
async function scoresPerModel(
  run: QueryRunner,
  scope: QueryScope,
  where: Condition,
): Promise<QualityResult['by_model']> {
  const perTrace = await run(
    planQuery(scoresView, {
      scope,
      where: and(where, {
        kind: 'is_null',
        negated: true,
        arg: resolveField(scoresView, 'trace_id').expr,
      }),
      groupBy: ['trace_id', 'name'],
      measures: ['count', 'value_avg'],
      limit: 50_000,
    }),
  )
  if (perTrace.length === 0) return []
  const traceIds = [...new Set(perTrace.map((r) => String(r['trace_id'])))]
  // The calls of a scored trace happened before the score, within the week before the range.
  const spansScope = { ...scope, fromUs: scope.fromUs - 7 * 86_400_000_000 }
  const pairs = await run(
    planQuery(spansView, {
      scope: spansScope,
      where: and(
        llmRequests,
        inList(resolveField(spansView, 'trace_id').expr, param(traceIds, 'string[]')),
      ),
      groupBy: ['trace_id', 'model'],
      measures: ['requests'],
    }),
  )
  const models = new Map<string, string[]>()
  for (const row of pairs) {
    const list = models.get(String(row['trace_id'])) ?? []
    if (typeof row['model'] === 'string') list.push(row['model'])
    models.set(String(row['trace_id']), list)
  }
  const acc = new Map<
    string,
    { model: string; name: string; sum: number; n: number; count: number }
  >()
  for (const row of perTrace) {
    const avg =
      row['value_avg'] === null || row['value_avg'] === undefined ? null : Number(row['value_avg'])
    for (const model of models.get(String(row['trace_id'])) ?? []) {
      const key = `${model}\u0000${String(row['name'])}`
      const entry = acc.get(key) ?? { model, name: String(row['name']), sum: 0, n: 0, count: 0 }
      entry.count += Number(row['count'])
      if (avg !== null) {
        entry.sum += avg
        entry.n += 1
      }
      acc.set(key, entry)
    }
  }
  return [...acc.values()]
    .map((e) => ({
      model: e.model,
      name: e.name,
      avg: e.n > 0 ? e.sum / e.n : null,
      count: e.count,
    }))
    .sort((a, b) => a.model.localeCompare(b.model) || a.name.localeCompare(b.name))
}
