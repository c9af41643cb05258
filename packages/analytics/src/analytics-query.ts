import {
  alwaysTrue,
  and,
  bucketColumn,
  hasTag,
  inList,
  or,
  param,
  planQuery,
  resolveField,
  tagGroupField,
  type BucketInterval,
  type Condition,
  type QueryScope,
  type SelectQuery,
  type SemanticView,
} from '@llm-observatory/query'

/** Runs a planned query on the project's store; `Backend.query` in the server. */
export type QueryRunner = (query: SelectQuery) => Promise<Record<string, unknown>[]>

/** Metrics of one row of an analytics result, shaped as DESIGN.md names them. */
export type Metrics = Record<string, unknown>

export interface SeriesPoint extends Metrics {
  /** Bucket start, ISO-8601 UTC. */
  ts: string
}

export interface AnalyticsGroup extends Metrics {
  key: Record<string, unknown>
  series?: SeriesPoint[]
}

/**
 * The one result shape of every analytics endpoint (DESIGN.md "API conventions"):
 * `totals` always, `groups` when grouped, `series` when an interval is given (per group
 * under `groups[i].series` when both are).
 */
export interface AnalyticsResult {
  from: string
  to: string
  interval: string | null
  totals: Metrics
  groups: AnalyticsGroup[] | null
  series: SeriesPoint[] | null
}

export interface AnalyticsRequest {
  scope: QueryScope
  /** Built by the filter language from the caller's filters; ANDed under the scope. */
  where?: Condition
  groupBy?: readonly string[]
  interval?: BucketInterval
  /** Groups kept (largest `rankBy` first). Default 50. */
  top?: number
  /** Measure that orders the groups. Default the first measure. */
  rankBy?: string
}

/** Measure names, their public shape: `latency_ms_p95` becomes `latency_ms.p95`. */
const nestedSuffixes = ['avg', 'p50', 'p95', 'p99'] as const
const nestedMetrics = new Set(['latency_ms', 'ttft_ms'])

/**
 * Turns one result row into DESIGN.md metrics: percentile families nested
 * (`latency_ms: { avg, p50, p95, p99 }`), counts as numbers, `requests_per_second` from
 * `requests` over `seconds` when asked.
 * @example shapeMetrics({ requests: 4, latency_ms_p50: 120 }, ['requests', 'latency_ms_p50'], 60)
 *   // { requests: 4, latency_ms: { p50: 120 } }
 */
export function shapeMetrics(
  row: Record<string, unknown>,
  measures: readonly string[],
  seconds: number | null,
): Metrics {
  const out: Metrics = {}
  for (const name of measures) {
    const value = toNumberOrNull(row[name])
    const underscore = name.lastIndexOf('_')
    const family = name.slice(0, underscore)
    const suffix = name.slice(underscore + 1)
    if (nestedMetrics.has(family) && (nestedSuffixes as readonly string[]).includes(suffix)) {
      const nested = (out[family] ??= {}) as Record<string, number | null>
      nested[suffix] = value
    } else {
      out[name] = value
    }
  }
  if (seconds !== null && measures.includes('requests')) {
    const requests = toNumberOrNull(row['requests']) ?? 0
    out['requests_per_second'] = seconds > 0 ? requests / seconds : null
  }
  return out
}

function toNumberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))
    return Number(value)
  return null
}

const unitUs = { second: 1e6, minute: 60e6, hour: 3600e6, day: 86400e6, week: 604800e6 } as const

export function intervalUs(interval: BucketInterval): number {
  return interval.count * unitUs[interval.unit]
}

/** `1h`, `15m`, `1d`, `1w` for an interval. */
export function formatInterval(interval: BucketInterval): string {
  return `${interval.count}${interval.unit === 'minute' ? 'm' : interval.unit[0]}`
}

/** µs (number) or a Date or ISO text, as the driver gave it, to µs since the epoch. */
export function toMicros(value: unknown): number | null {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (value instanceof Date) return value.getTime() * 1000
  if (typeof value === 'string') {
    const ms = Date.parse(
      value.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`,
    )
    return Number.isFinite(ms) ? ms * 1000 : null
  }
  return null
}

export function isoFromMicros(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString()
}

/**
 * Every bucket start of the range, so a series has a point per bucket (empty ones with
 * zero counts and null values): charts then show gaps as zeros, not as straight lines.
 */
export function bucketStarts(scope: QueryScope, interval: BucketInterval): number[] {
  const width = intervalUs(interval)
  // The dialects start week buckets on Monday 1970-01-05 (the epoch was a Thursday).
  const origin = interval.unit === 'week' ? 4 * 86_400_000_000 : 0
  const starts: number[] = []
  const first = origin + Math.floor((scope.fromUs - origin) / width) * width
  for (let t = first; t < scope.toUs; t += width) starts.push(t)
  return starts
}

const zeroMetrics = new Set(['requests', 'errors', 'count', 'traces', 'users', 'sessions'])

function emptyPoint(measures: readonly string[], seconds: number): Metrics {
  const row: Record<string, unknown> = {}
  for (const m of measures) row[m] = zeroMetrics.has(m) ? 0 : null
  return shapeMetrics(row, measures, seconds)
}

function fillSeries(
  rows: readonly Record<string, unknown>[],
  scope: QueryScope,
  interval: BucketInterval,
  measures: readonly string[],
): SeriesPoint[] {
  const seconds = intervalUs(interval) / 1e6
  const byStart = new Map<number, Record<string, unknown>>()
  for (const row of rows) {
    const us = toMicros(row[bucketColumn])
    if (us !== null) byStart.set(us, row)
  }
  return bucketStarts(scope, interval).map((start) => {
    const row = byStart.get(start)
    const metrics = row ? shapeMetrics(row, measures, seconds) : emptyPoint(measures, seconds)
    return { ts: isoFromMicros(start), ...metrics }
  })
}

function groupKeyOf(
  row: Record<string, unknown>,
  groupBy: readonly string[],
): Record<string, unknown> {
  const key: Record<string, unknown> = {}
  for (const name of groupBy) key[name] = row[name] ?? null
  return key
}

/**
 * Runs the totals, groups and series of one analytics request over a view, as one to three
 * planned queries: totals; the top groups; the series (of the whole range, or of each kept
 * group when grouped, restricted to the kept groups' keys).
 * @example
 * await runAnalytics(run, spansView, ['requests', 'cost_usd'], { scope, groupBy: ['model'], interval })
 */
export async function runAnalytics(
  run: QueryRunner,
  view: SemanticView,
  measures: readonly string[],
  request: AnalyticsRequest,
): Promise<AnalyticsResult> {
  const { scope, where } = request
  const groupBy = request.groupBy ?? []
  const seconds = (scope.toUs - scope.fromUs) / 1e6
  const base = { scope, ...(where ? { where } : {}) }
  const totalsQuery = planQuery(view, { ...base, measures })

  let groupsPromise: Promise<AnalyticsGroup[] | null> = Promise.resolve(null)
  if (groupBy.length > 0) {
    const rankBy = request.rankBy ?? measures[0]!
    groupsPromise = run(
      planQuery(view, {
        ...base,
        measures,
        groupBy,
        orderBy: [{ field: rankBy, direction: 'desc' }],
        limit: request.top ?? 50,
      }),
    ).then((rows) =>
      rows.map((row) => ({
        key: groupKeyOf(row, groupBy),
        ...shapeMetrics(row, measures, seconds),
      })),
    )
  }
  const [totalRows, groups] = await Promise.all([run(totalsQuery), groupsPromise])
  const totals = shapeMetrics(totalRows[0] ?? {}, measures, seconds)

  let series: SeriesPoint[] | null = null
  const interval = request.interval
  if (interval !== undefined) {
    if (groups === null) {
      const rows = await run(planQuery(view, { ...base, measures, interval }))
      series = fillSeries(rows, scope, interval, measures)
    } else if (groups.length > 0) {
      const rows = await run(
        planQuery(view, {
          scope,
          where: and(
            where ?? { kind: 'true' },
            ...groupBy.map((name) => keptKeys(view, name, groups)),
          ),
          measures,
          groupBy,
          interval,
        }),
      )
      for (const group of groups) {
        const mine = rows.filter((row) =>
          groupBy.every((name) => sameKey(row[name], group.key[name])),
        )
        group.series = fillSeries(mine, scope, interval, measures)
      }
    }
  }
  return {
    from: isoFromMicros(scope.fromUs),
    to: isoFromMicros(scope.toUs),
    interval: interval ? formatInterval(interval) : null,
    totals,
    groups,
    series,
  }
}

function sameKey(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null) || String(a) === String(b)
}

/** Restricts a series query to the kept groups' values of one group-by field. */
function keptKeys(view: SemanticView, name: string, groups: readonly AnalyticsGroup[]): Condition {
  const values = [...new Set(groups.map((g) => g.key[name]).filter((v) => v !== null))].map(String)
  const hasNull = groups.some((g) => g.key[name] === null)
  // A tag is no field of a row: keep the rows holding a kept tag. Untagged rows (the null
  // group) cannot be named that way, so a kept null group keeps every row; groups not kept
  // are then dropped when rows are matched to groups.
  if (name === tagGroupField)
    return hasNull ? alwaysTrue : or(...values.map((v) => hasTag(view, v)))
  const field = resolveField(view, name)
  const inValues: Condition =
    field.type === 'number'
      ? inList(field.expr, param(values.map(Number), 'double[]'))
      : inList(field.expr, param(values, 'string[]'))
  if (!hasNull) return inValues
  if (values.length === 0) return { kind: 'is_null', negated: false, arg: field.expr }
  return {
    kind: 'or',
    conditions: [inValues, { kind: 'is_null', negated: false, arg: field.expr }],
  }
}
