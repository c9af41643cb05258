import type { MetricPoint, MetricType } from '@llm-observatory/core'
import type { OtlpNormalizeContext } from './normalize-logs.js'
import { otlpNanosToMicros } from './otlp-time.js'
import type {
  OtlpHistogramDataPoint,
  OtlpKeyValue,
  OtlpMetric,
  OtlpMetricsRequest,
  OtlpRejections,
} from './otlp-types.js'
import {
  anyValueToJs,
  defaultValueLimits,
  keyValuesToRecord,
  setOwn,
  type ValueLimits,
} from './otlp-values.js'

/** Data point flag bit 0: the series had no value at this time (a staleness marker). */
const noRecordedValueFlag = 1

interface PointBase {
  attributes?: OtlpKeyValue[]
  startTimeUnixNano?: string | number
  timeUnixNano?: string | number
  flags?: number
}

interface Series {
  projectId: string
  name: string
  description: string | null
  unit: string | null
  serviceName: string | null
  resourceAttributes: Record<string, unknown>
  receivedAtUs: number
}

/**
 * Turns an OTLP metrics request (OTLP/JSON shape, from either decoder) into `MetricPoint`s,
 * one per data point, for gauge, sum, histogram, exponential histogram and summary metrics.
 *
 * - `value`: gauge/sum value (`asDouble` or `asInt`); histogram, exponential histogram and
 *   summary: the sum. `count`, `min`, `max` as sent (summary: quantile 0 and 1 are min and max).
 * - histogram buckets as numbers; exponential histograms keep count/sum/min/max only
 *   (`bucketCounts`/`explicitBounds` null); summary quantiles other than 0 and 1 are not kept.
 * - `temporality`: 1 delta, 2 cumulative, null for gauges, summaries and unspecified.
 * - `tags`: the data point's attributes as strings (objects and arrays as JSON);
 *   `resourceAttributes` kept whole; `serviceName` from `service.name`.
 * - times: `timeUnixNano`, else `ctx.receivedAtUs`; `startTimeUs` null when absent.
 * - non-finite numbers (`"NaN"`, `"Infinity"`) become null.
 *
 * Rejected (counted in `partialSuccess.rejectedDataPoints`): the data points of a metric without
 * a name. Points flagged "no recorded value" are staleness markers without data and are skipped.
 *
 * @example normalizeOtlpMetrics(decodeOtlpMetrics(body, 'protobuf'), { projectId, receivedAtUs }).points[0].name
 * // 'gen_ai.client.operation.duration'
 */
export function normalizeOtlpMetrics(
  request: OtlpMetricsRequest,
  ctx: OtlpNormalizeContext,
): { points: MetricPoint[]; rejected: OtlpRejections } {
  const limits = ctx.limits ?? defaultValueLimits
  const points: MetricPoint[] = []
  let rejected = 0
  for (const rm of request.resourceMetrics ?? []) {
    const resourceAttributes = keyValuesToRecord(rm.resource?.attributes, limits)
    const service = resourceAttributes['service.name']
    const serviceName = typeof service === 'string' && service !== '' ? service : null
    for (const sm of rm.scopeMetrics ?? []) {
      for (const metric of sm.metrics ?? []) {
        if (!metric.name) {
          rejected += countPoints(metric)
          continue
        }
        const series: Series = {
          projectId: ctx.projectId,
          name: metric.name,
          description: metric.description ? metric.description : null,
          unit: metric.unit ? metric.unit : null,
          serviceName,
          resourceAttributes,
          receivedAtUs: ctx.receivedAtUs,
        }
        pushPoints(points, series, metric, limits)
      }
    }
  }
  const errorMessage =
    rejected > 0 ? `${rejected} data points belong to metrics without a name.` : ''
  return { points, rejected: { rejected, errorMessage } }
}

function pushPoints(
  out: MetricPoint[],
  series: Series,
  metric: OtlpMetric,
  limits: ValueLimits,
): void {
  const make = (type: MetricType, p: PointBase, temporality: number | null): MetricPoint | null => {
    if (p.flags !== undefined && (p.flags & noRecordedValueFlag) !== 0) return null
    return {
      projectId: series.projectId,
      name: series.name,
      description: series.description,
      unit: series.unit,
      type,
      timeUs: otlpNanosToMicros(p.timeUnixNano) ?? series.receivedAtUs,
      startTimeUs: otlpNanosToMicros(p.startTimeUnixNano),
      value: null,
      count: null,
      min: null,
      max: null,
      bucketCounts: null,
      explicitBounds: null,
      temporality,
      serviceName: series.serviceName,
      tags: attributesToTags(p.attributes, limits),
      resourceAttributes: series.resourceAttributes,
    }
  }
  if (metric.gauge) {
    for (const p of metric.gauge.dataPoints ?? []) {
      const point = make('gauge', p, null)
      if (!point) continue
      point.value = finite(p.asDouble ?? p.asInt)
      out.push(point)
    }
  }
  if (metric.sum) {
    const temporality = temporalityOf(metric.sum.aggregationTemporality)
    for (const p of metric.sum.dataPoints ?? []) {
      const point = make('sum', p, temporality)
      if (!point) continue
      point.value = finite(p.asDouble ?? p.asInt)
      out.push(point)
    }
  }
  if (metric.histogram) {
    const temporality = temporalityOf(metric.histogram.aggregationTemporality)
    for (const p of metric.histogram.dataPoints ?? []) {
      const point = make('histogram', p, temporality)
      if (!point) continue
      fillHistogramStats(point, p)
      point.bucketCounts = p.bucketCounts?.length ? p.bucketCounts.map((c) => Number(c)) : null
      point.explicitBounds = p.explicitBounds?.length
        ? p.explicitBounds.map((b) => Number(b))
        : null
      out.push(point)
    }
  }
  if (metric.exponentialHistogram) {
    const temporality = temporalityOf(metric.exponentialHistogram.aggregationTemporality)
    for (const p of metric.exponentialHistogram.dataPoints ?? []) {
      const point = make('exponential_histogram', p, temporality)
      if (!point) continue
      fillHistogramStats(point, p)
      out.push(point)
    }
  }
  if (metric.summary) {
    for (const p of metric.summary.dataPoints ?? []) {
      const point = make('summary', p, null)
      if (!point) continue
      point.value = finite(p.sum ?? 0)
      point.count = finite(p.count ?? 0)
      for (const q of p.quantileValues ?? []) {
        const quantile = Number(q.quantile ?? 0)
        if (quantile === 0) point.min = finite(q.value ?? 0)
        else if (quantile === 1) point.max = finite(q.value ?? 0)
      }
      out.push(point)
    }
  }
}

function fillHistogramStats(point: MetricPoint, p: OtlpHistogramDataPoint): void {
  point.value = finite(p.sum)
  point.count = finite(p.count ?? 0)
  point.min = finite(p.min)
  point.max = finite(p.max)
}

function countPoints(metric: OtlpMetric): number {
  return (
    (metric.gauge?.dataPoints?.length ?? 0) +
    (metric.sum?.dataPoints?.length ?? 0) +
    (metric.histogram?.dataPoints?.length ?? 0) +
    (metric.exponentialHistogram?.dataPoints?.length ?? 0) +
    (metric.summary?.dataPoints?.length ?? 0)
  )
}

function temporalityOf(value: number | undefined): number | null {
  return value === 1 || value === 2 ? value : null
}

/** A number from an OTLP number field (number or decimal text), null when absent or not finite. */
function finite(value: number | string | undefined): number | null {
  if (value === undefined) return null
  const n = typeof value === 'number' ? value : Number(value)
  return Number.isFinite(n) ? n : null
}

function attributesToTags(
  kvs: OtlpKeyValue[] | undefined,
  limits: ValueLimits,
): Record<string, string> {
  const tags: Record<string, string> = {}
  if (!kvs) return tags
  for (const kv of kvs) {
    setOwn(tags, kv.key, tagText(anyValueToJs(kv.value, limits)))
  }
  return tags
}

function tagText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return value === null || value === undefined ? '' : JSON.stringify(value)
}
