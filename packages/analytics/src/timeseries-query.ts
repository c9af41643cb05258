import { ObservatoryError } from '@llm-observatory/core'
import {
  and,
  bucketColumn,
  eq,
  hasTag,
  inList,
  isNull,
  lit,
  or,
  param,
  planQuery,
  resolveField,
  tagGroupField,
  type Condition,
} from '@llm-observatory/query'
import { bucketStarts, isoFromMicros, toMicros, type QueryRunner } from './analytics-query.js'
import { fillGaps, type FillStrategy } from './timeseries-fill.js'
import {
  spanMeasurements,
  statOf,
  summaryStats,
  type GroupField,
  type Stat,
  type TimeseriesAggregation,
  type TimeseriesPlan,
} from './timeseries-request.js'
import { formatWindow, windowSeconds } from './timeseries-window.js'

export interface TimeseriesSummary {
  avg: number | null
  min: number | null
  max: number | null
  p50: number | null
  p95: number | null
  p99: number | null
  stddev: number | null
  count: number
  sum: number | null
}

export interface TimeseriesPoint {
  /** Window start, ISO-8601 UTC. */
  ts: string
  value: number | null
  /** One entry per requested field (`p95: 812.5`). */
  [field: string]: number | string | null
}

export interface TimeseriesSeries {
  group: Record<string, unknown>
  points: TimeseriesPoint[]
  summary: TimeseriesSummary
}

export interface TimeseriesResult {
  measurement: string
  source: 'spans' | 'metrics'
  aggregation: TimeseriesAggregation
  window: string
  window_seconds: number
  fill: FillStrategy
  from: string
  to: string
  group_by: string[]
  fields: TimeseriesAggregation[]
  series: TimeseriesSeries[]
  summary: TimeseriesSummary
  limit: number
  offset: number
  has_more: boolean
}

/**
 * Runs a checked time-series query (`parseTimeseriesQuery`) as planned queries over its view:
 * the summary of the whole selection; when grouped, the page of groups (`offset`, `limit`,
 * ranked by the aggregation over the whole range, largest first, ties by group key) with a
 * summary each; then the windows of those groups only.
 *
 * Every series has a point per window of the range (windows start at multiples of the window
 * since the epoch, weeks on Mondays). `count` and `rate` are 0 in a window without data;
 * every other aggregation has no value there, and `fill` says what the point shows instead.
 * `rate` is the window's sum (for `requests`, its count) per second of the window, the first
 * and last windows counting only the part inside the range.
 *
 * Throws ERR_REQUEST_VALIDATION naming `measurement` when a bare metric name has no points in
 * the range (it may be a typo; `metrics.<name>` asks for a possibly empty metric).
 * @example
 * await runTimeseriesQuery(run, parseTimeseriesQuery({ measurement: 'latency_ms', aggregation: 'p95', window: '5m' }, ctx))
 */
export async function runTimeseriesQuery(
  run: QueryRunner,
  plan: TimeseriesPlan,
): Promise<TimeseriesResult> {
  const { scope, view, where, groupBy, interval } = plan
  const isCount = !Object.hasOwn(view.measures, 'stat_sum')
  const stat = (fn: TimeseriesAggregation): Stat => (isCount ? 'count' : statOf[fn])
  const measures = [
    'stat_rows',
    ...(isCount ? ['stat_count'] : summaryStats.map((s) => `stat_${s}`)),
  ]
  const grouped = groupBy.length > 0
  const groupFields = groupBy.map((g) => g.field)
  const [summaryRows, groupRows] = await Promise.all([
    run(planQuery(view, { scope, where, measures })),
    grouped
      ? run(
          planQuery(view, {
            scope,
            where,
            groupBy: groupFields,
            measures,
            orderBy: [{ field: `stat_${stat(plan.aggregation)}`, direction: 'desc' }],
            limit: plan.limit + 1,
            offset: plan.offset,
          }),
        )
      : Promise.resolve(null),
  ])
  const totals = summaryRows[0] ?? {}
  if (plan.mustExist && (numberOrNull(totals['stat_rows']) ?? 0) === 0)
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message:
        `measurement: not a span measurement (${spanMeasurements.join(', ')}), and no metric ` +
        'of this name has points in the range; send metrics.<name> to query a metric that may be empty.',
      fieldErrors: [
        { field: 'measurement', message: 'no span measurement or metric with points of this name' },
      ],
    })

  const pageRows = groupRows === null ? (plan.offset === 0 ? [totals] : []) : groupRows
  const kept = pageRows.slice(0, plan.limit)
  const needed = [...new Set([plan.aggregation, ...plan.fields].map((fn) => `stat_${stat(fn)}`))]
  let windowRows: Record<string, unknown>[] = []
  if (kept.length > 0)
    windowRows = await run(
      planQuery(view, {
        scope,
        where: grouped ? and(where, ...groupBy.map((g) => keptValues(plan, g, kept))) : where,
        groupBy: groupFields,
        interval,
        measures: needed,
      }),
    )
  const byGroup = new Map<string, Record<string, unknown>[]>()
  for (const row of windowRows) {
    const key = groupKey(row, groupFields)
    byGroup.set(key, [...(byGroup.get(key) ?? []), row])
  }

  const starts = bucketStarts(scope, interval)
  const width = windowSeconds(interval) * 1e6
  const covered = starts.map(
    (t) => (Math.min(t + width, scope.toUs) - Math.max(t, scope.fromUs)) / 1e6,
  )
  const seriesValues = (rows: readonly Record<string, unknown>[], fn: TimeseriesAggregation) => {
    const byStart = new Map<number, Record<string, unknown>>()
    for (const row of rows) {
      const us = toMicros(row[bucketColumn])
      if (us !== null) byStart.set(us, row)
    }
    const raw = starts.map((t, i) => {
      const row = byStart.get(t)
      const value = row === undefined ? null : numberOrNull(row[`stat_${stat(fn)}`])
      if (fn === 'count' || (isCount && fn === 'sum')) return value ?? 0
      if (fn === 'rate') return (value ?? 0) / covered[i]!
      return value
    })
    return fillGaps(raw, starts, plan.fill)
  }

  const series = kept.map((row) => {
    const rows = byGroup.get(groupKey(row, groupFields)) ?? []
    const value = seriesValues(rows, plan.aggregation)
    const extra = plan.fields.map((fn) => [fn, seriesValues(rows, fn)] as const)
    const group: Record<string, unknown> = {}
    for (const g of groupBy) group[g.name] = plainValue(row[g.field])
    return {
      group,
      points: starts.map((t, i) => {
        const point: TimeseriesPoint = { ts: isoFromMicros(t), value: value[i]! }
        for (const [fn, values] of extra) point[fn] = values[i]!
        return point
      }),
      summary: summarize(row, isCount),
    }
  })
  return {
    measurement: plan.measurement,
    source: plan.source,
    aggregation: plan.aggregation,
    window: formatWindow(interval),
    window_seconds: windowSeconds(interval),
    fill: plan.fill,
    from: isoFromMicros(scope.fromUs),
    to: isoFromMicros(scope.toUs),
    group_by: groupBy.map((g) => g.name),
    fields: [...plan.fields],
    series,
    summary: summarize(totals, isCount),
    limit: plan.limit,
    offset: plan.offset,
    has_more: pageRows.length > plan.limit,
  }
}

function summarize(row: Record<string, unknown>, isCount: boolean): TimeseriesSummary {
  if (isCount) {
    // Each request is the value 1.
    const n = numberOrNull(row['stat_count']) ?? 0
    const one = n > 0 ? 1 : null
    return {
      avg: one,
      min: one,
      max: one,
      p50: one,
      p95: one,
      p99: one,
      stddev: n > 1 ? 0 : null,
      count: n,
      sum: n,
    }
  }
  const get = (s: Stat) => numberOrNull(row[`stat_${s}`])
  return {
    avg: get('avg'),
    min: get('min'),
    max: get('max'),
    p50: get('p50'),
    p95: get('p95'),
    p99: get('p99'),
    stddev: get('stddev'),
    count: get('count') ?? 0,
    sum: get('sum'),
  }
}

/** Restricts the windows query to the kept groups' values of one group-by field. */
function keptValues(
  plan: TimeseriesPlan,
  group: GroupField,
  kept: readonly Record<string, unknown>[],
): Condition {
  const values = kept.map((row) => plainValue(row[group.field]))
  const known = [...new Set(values.filter((v) => v !== null))]
  const hasNull = values.includes(null)
  // A tag is no field of a row: keep the rows holding a kept tag. Untagged rows (the null
  // group) cannot be named that way, so a kept null group keeps every row; rows of groups not
  // kept are dropped when rows are matched to groups.
  if (group.field === tagGroupField)
    return hasNull ? { kind: 'true' } : or(...known.map((v) => hasTag(plan.view, String(v))))
  const field = resolveField(plan.view, group.field)
  const conditions: Condition[] = []
  if (known.length > 0) {
    if (field.type === 'number')
      conditions.push(inList(field.expr, param(known.map(Number), 'double[]')))
    else if (field.type === 'boolean')
      conditions.push(...known.map((v) => eq(field.expr, lit(v === true || v === 'true'))))
    else conditions.push(inList(field.expr, param(known.map(String), 'string[]')))
  }
  if (hasNull) conditions.push(isNull(field.expr))
  return or(...conditions)
}

function groupKey(row: Record<string, unknown>, fields: readonly string[]): string {
  return JSON.stringify(
    fields.map((f) => {
      const v = plainValue(row[f])
      return v === null ? null : String(v)
    }),
  )
}

/** A group key value as JSON shows it (drivers give BIGINT columns as bigint). */
function plainValue(value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value
  return JSON.stringify(value)
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))
    return Number(value)
  return null
}
