import { ObservatoryError } from '@llm-observatory/core'
import {
  agg,
  alwaysTrue,
  and,
  eq,
  metricPointsView,
  param,
  parseFilter,
  parseTimeRange,
  quantile,
  resolveField,
  spansView,
  tagGroupField,
  type BucketInterval,
  type Condition,
  type Expr,
  type Measure,
  type QueryScope,
  type SemanticView,
} from '@llm-observatory/query'
import { llmRequests } from './llm-analytics.js'
import { parseFill, type FillStrategy } from './timeseries-fill.js'
import { parseWindow } from './timeseries-window.js'

/**
 * Measurements derived from spans, over LLM requests (`llmRequests`: model calls whose usage is
 * their own). `requests` counts them; the others are the spans view's fields of those names.
 */
export const spanMeasurements = [
  'latency_ms',
  'ttft_ms',
  'cost_usd',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
  'tokens_per_second',
  'requests',
] as const

/** Aggregation functions of a time-series query (seed 001), in the order the docs list them. */
export const timeseriesAggregations = [
  'mean',
  'sum',
  'min',
  'max',
  'count',
  'p50',
  'p95',
  'p99',
  'stddev',
  'rate',
] as const

export type TimeseriesAggregation = (typeof timeseriesAggregations)[number]

const aggregationAliases: Readonly<Record<string, TimeseriesAggregation>> = {
  avg: 'mean',
  average: 'mean',
  median: 'p50',
}

/** The statistics one query computes, as measures named `stat_<name>`. */
export type Stat = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'stddev' | 'p50' | 'p95' | 'p99'

export const statOf: Readonly<Record<TimeseriesAggregation, Stat>> = {
  mean: 'avg',
  sum: 'sum',
  min: 'min',
  max: 'max',
  count: 'count',
  p50: 'p50',
  p95: 'p95',
  p99: 'p99',
  stddev: 'stddev',
  // The rate is the window's sum per second of the window, divided out in JS.
  rate: 'sum',
}

export const summaryStats: readonly Stat[] = [
  'avg',
  'min',
  'max',
  'p50',
  'p95',
  'p99',
  'stddev',
  'count',
  'sum',
]

/** Series a query returns at most (`limit`), each with at most 2000 windows. */
const maxSeries = 100
const maxGroupBy = 3

/** The body of `POST /api/v1/query/timeseries`, as sent (seed 001's TimeSeriesQuery names). */
export interface TimeseriesQueryInput {
  readonly measurement: string
  readonly source?: string | undefined
  readonly from?: string | number | undefined
  readonly to?: string | number | undefined
  readonly time_range?:
    | {
        readonly from?: string | number | undefined
        readonly to?: string | number | undefined
        readonly start?: string | number | undefined
        readonly end?: string | number | undefined
      }
    | undefined
  readonly aggregation?:
    | string
    | {
        readonly function?: string | undefined
        readonly window?: string | undefined
        readonly fields?: readonly string[] | undefined
      }
    | undefined
  readonly window?: string | undefined
  readonly fields?: readonly string[] | undefined
  readonly select_fields?: readonly string[] | undefined
  readonly tag_filters?: Readonly<Record<string, unknown>> | undefined
  readonly tags?: Readonly<Record<string, unknown>> | undefined
  readonly filters?: unknown
  readonly group_by?: readonly string[] | string | undefined
  readonly fill?: unknown
  readonly limit?: number | undefined
  readonly offset?: number | undefined
}

export interface GroupField {
  /** As the caller named it (the key in `series[].group`). */
  readonly name: string
  /** As the planner names it (a view field, `tags.<key>`, or `tag`). */
  readonly field: string
}

/** A checked time-series query, ready to run (`runTimeseriesQuery`). */
export interface TimeseriesPlan {
  readonly scope: QueryScope
  readonly source: 'spans' | 'metrics'
  readonly measurement: string
  /** A bare name that is no span measurement: a metric that must have points in the range. */
  readonly mustExist: boolean
  readonly aggregation: TimeseriesAggregation
  readonly fields: readonly TimeseriesAggregation[]
  readonly interval: BucketInterval
  readonly fill: FillStrategy
  readonly where: Condition
  readonly groupBy: readonly GroupField[]
  readonly limit: number
  readonly offset: number
  /** The view of the source with the `stat_*` measures of the measurement. */
  readonly view: SemanticView
}

function invalid(field: string, message: string): ObservatoryError {
  return new ObservatoryError('ERR_REQUEST_VALIDATION', {
    message: `${field}: ${message}.`,
    fieldErrors: [{ field, message }],
  })
}

/**
 * Checks a time-series query body and resolves it against the views (see docs/api.md,
 * "Time-series query"). Which data a `measurement` names:
 * - `spans.<m>` or `source: 'spans'`: a span measurement (`spanMeasurements`), over LLM requests;
 * - `metrics.<name>` or `source: 'metrics'`: the metric points of that name (may be empty);
 * - a bare name: a span measurement when it is one, else a metric, which must then have points
 *   in the range (a typo gets a 400, not an empty chart).
 * The time range is `from`/`to` or `time_range` (`from`/`to` or seed 001's `start`/`end`):
 * ISO-8601, epoch ms or `now-1h`; default the last 24 hours, at most 400 days. Aggregation:
 * `aggregation` as a function name or seed 001's `{ function, window, fields }`; default
 * `mean` (`count` for `requests`, which takes count, sum and rate only).
 *
 * Errors: 400 `validation_error` naming the field (`measurement`, `source`, `aggregation`,
 * `fields`, `window`, `fill`, `group_by`, `tag_filters.<key>`, `filters…`, `from`/`to`).
 * @example
 * parseTimeseriesQuery({ measurement: 'latency_ms', aggregation: 'p95', window: '5m', group_by: ['model'] },
 *   { projectId, nowMs: Date.now() })
 */
export function parseTimeseriesQuery(
  input: TimeseriesQueryInput,
  context: { readonly projectId: string; readonly nowMs: number },
): TimeseriesPlan {
  const { source, measurement, mustExist } = readMeasurement(input.measurement, input.source)
  const isRequests = source === 'spans' && measurement === 'requests'
  const base = source === 'spans' ? spansView : metricPointsView

  if (input.time_range !== undefined && (input.from !== undefined || input.to !== undefined))
    throw invalid('time_range', 'give time_range or from/to, not both')
  const range = input.time_range
  const parsed = parseTimeRange(
    range === undefined
      ? { from: input.from, to: input.to }
      : { from: range.from ?? range.start, to: range.to ?? range.end },
    context.nowMs,
    range === undefined ? {} : { fieldPrefix: 'time_range.' },
  )
  const scope: QueryScope = { projectId: context.projectId, ...parsed }

  const spec = typeof input.aggregation === 'object' ? input.aggregation : undefined
  const aggregation = readAggregation(
    typeof input.aggregation === 'string' ? input.aggregation : spec?.function,
    'aggregation',
    isRequests,
  )
  const fieldNames = input.fields ?? input.select_fields ?? spec?.fields ?? []
  if (fieldNames.length > timeseriesAggregations.length)
    throw invalid('fields', `at most ${timeseriesAggregations.length} fields`)
  const fields = [
    ...new Set(fieldNames.map((f, i) => readAggregation(f, `fields.${i}`, isRequests)!)),
  ]
  const interval = parseWindow(input.window ?? spec?.window, parsed)

  const where = and(
    source === 'spans'
      ? llmRequests
      : eq(resolveField(metricPointsView, 'name').expr, param(measurement, 'string')),
    readTagFilters(base, input.tag_filters ?? input.tags, context.nowMs),
    parseFilter(base, input.filters, { nowMs: context.nowMs, path: 'filters' }),
  )
  const limit = input.limit ?? 50
  const offset = input.offset ?? 0
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxSeries)
    throw invalid('limit', `an integer from 1 to ${maxSeries}`)
  if (!Number.isSafeInteger(offset) || offset < 0) throw invalid('offset', 'an integer from 0')
  return {
    scope,
    source,
    measurement,
    mustExist,
    aggregation: aggregation ?? (isRequests ? 'count' : 'mean'),
    fields,
    interval,
    fill: parseFill(input.fill),
    where,
    groupBy: readGroupBy(base, input.group_by),
    limit,
    offset,
    view: withStats(base, isRequests ? null : resolveField(base, valueField(source, measurement))),
  }
}

function valueField(source: 'spans' | 'metrics', measurement: string): string {
  return source === 'spans' ? measurement : 'value'
}

function readMeasurement(
  input: string,
  sourceInput: string | undefined,
): { source: 'spans' | 'metrics'; measurement: string; mustExist: boolean } {
  if (typeof input !== 'string' || input.trim() === '' || input.length > 255)
    throw invalid('measurement', 'give a span measurement or a metric name (1–255 characters)')
  if (sourceInput !== undefined && sourceInput !== 'spans' && sourceInput !== 'metrics')
    throw invalid('source', 'spans or metrics')
  const spanNames = spanMeasurements as readonly string[]
  const isSpanPrefixed = input.startsWith('spans.')
  if (sourceInput === 'spans' || (sourceInput === undefined && isSpanPrefixed)) {
    const name = isSpanPrefixed ? input.slice('spans.'.length) : input
    if (!spanNames.includes(name))
      throw invalid('measurement', `not a span measurement; use one of ${spanNames.join(', ')}`)
    return { source: 'spans', measurement: name, mustExist: false }
  }
  if (sourceInput === 'metrics') return { source: 'metrics', measurement: input, mustExist: false }
  if (input.startsWith('metrics.') && input.length > 'metrics.'.length)
    return { source: 'metrics', measurement: input.slice('metrics.'.length), mustExist: false }
  if (spanNames.includes(input)) return { source: 'spans', measurement: input, mustExist: false }
  return { source: 'metrics', measurement: input, mustExist: true }
}

function readAggregation(
  input: unknown,
  field: string,
  isRequests: boolean,
): TimeseriesAggregation | undefined {
  if (input === undefined || input === null) return undefined
  const text = typeof input === 'string' ? input.trim().toLowerCase() : ''
  const name =
    aggregationAliases[text] ??
    (timeseriesAggregations as readonly string[]).find((a) => a === text)
  if (name === undefined)
    throw invalid(field, `unknown function; use one of ${timeseriesAggregations.join(', ')}`)
  const fn = name as TimeseriesAggregation
  if (isRequests && fn !== 'count' && fn !== 'sum' && fn !== 'rate')
    throw invalid(field, 'requests is a count: use count, sum or rate')
  return fn
}

/** `tag_filters`: `{ key: value }` (a list means any of them), each key a field of the view. */
function readTagFilters(
  view: SemanticView,
  input: Readonly<Record<string, unknown>> | undefined,
  nowMs: number,
): Condition {
  if (input === undefined || input === null) return alwaysTrue
  const keys = Object.keys(input)
  if (keys.length > 50) throw invalid('tag_filters', 'at most 50 keys')
  const conditions = keys.map((key) => {
    const path = `tag_filters.${key.slice(0, 64)}`
    const field = filterField(view, key, path)
    const value = input[key]
    const leaf = { field, operator: Array.isArray(value) ? 'in' : 'eq', value }
    return parseFilter(view, leaf, { nowMs, path })
  })
  return and(...conditions)
}

/** A key of `tag_filters` or `group_by` as a field of the view; metric tags by their bare key. */
function filterField(view: SemanticView, key: string, path: string): string {
  if (view.tags !== undefined && (key === 'tag' || key === 'tags')) return 'tags'
  if (isField(view, key)) return key
  if (view === metricPointsView && key !== '' && isField(view, `tags.${key}`)) return `tags.${key}`
  throw invalid(path, `not a field of ${view.name}`)
}

function isField(view: SemanticView, name: string): boolean {
  try {
    resolveField(view, name)
    return true
  } catch {
    return false
  }
}

function readGroupBy(
  view: SemanticView,
  input: readonly string[] | string | undefined,
): GroupField[] {
  if (input === undefined) return []
  const names = (typeof input === 'string' ? input.split(',') : input)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  if (names.length > maxGroupBy) throw invalid('group_by', `at most ${maxGroupBy} fields`)
  if (new Set(names).size !== names.length) throw invalid('group_by', 'a field is named twice')
  return names.map((name) => {
    if (view.tags !== undefined && name === tagGroupField) return { name, field: tagGroupField }
    const field = filterField(view, name, 'group_by')
    if (field === 'tags' || resolveField(view, field).type === 'timestamp')
      throw invalid('group_by', `${name.slice(0, 64)} cannot be grouped by`)
    return { name, field }
  })
}

/** `view` with the statistics of `value` as its measures (only counts for `requests`). */
function withStats(view: SemanticView, value: { expr: Expr } | null): SemanticView {
  const measures: Record<string, Measure> = {
    stat_rows: { expr: agg('count'), description: 'Rows.' },
  }
  if (value === null) {
    measures['stat_count'] = { expr: agg('count'), description: 'Requests.' }
  } else {
    const x = value.expr
    const stats: Record<Stat, Expr> = {
      count: agg('count', x),
      sum: agg('sum', x),
      avg: agg('avg', x),
      min: agg('min', x),
      max: agg('max', x),
      stddev: agg('stddev', x),
      p50: quantile(0.5, x),
      p95: quantile(0.95, x),
      p99: quantile(0.99, x),
    }
    for (const [name, expr] of Object.entries(stats))
      measures[`stat_${name}`] = { expr, description: name }
  }
  return Object.freeze({ ...view, measures: Object.freeze(measures) })
}
