import { Type, type Static } from 'typebox'
import {
  Count,
  NonNegativeNumber,
  StringEnum,
  TagValues,
  TimeInput,
  TypeUnion,
  OpenObject,
  NullableLabel,
  NullableText,
} from './type-union.js'

const Percent = TypeUnion<number | null>(['number', 'null'], { minimum: 0, maximum: 100 })

/** Summary statistics (seed 001 `StatisticalMeasures`); count/sum/min/max are stored. */
export const MetricStatsSchema = Type.Object({
  count: Type.Optional(Count),
  sum: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  min: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  max: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  avg: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
})

/**
 * One custom metric point (seed 004 "custom metrics with tags"; seed 001 metric types).
 *
 * - `type`: gauge (default), counter (= cumulative sum), sum, histogram, summary.
 * - `value` (alias `metric_value`): required for gauge/counter/sum; histogram and summary
 *   take `count`, `sum`, `min`, `max` (or `stats`), histograms also `buckets`:
 *   `[{ upper_bound, count }]` with per-bucket (not cumulative) counts, `upper_bound: null`
 *   for the overflow bucket. Summary percentiles are not stored (as for OTLP summaries).
 * - `tags`: string, number or boolean values, stored as strings.
 *
 * @example { "name": "rag.retrieved_docs", "value": 5, "tags": { "index": "kb" }, "unit": "{document}" }
 */
export const CustomMetric = OpenObject({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  metric_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  value: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  metric_value: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  type: Type.Optional(StringEnum(['gauge', 'counter', 'sum', 'histogram', 'summary'])),
  temporality: Type.Optional(StringEnum(['delta', 'cumulative'])),
  unit: Type.Optional(NullableLabel),
  description: Type.Optional(NullableText),
  tags: Type.Optional(TagValues),
  timestamp: Type.Optional(TimeInput),
  start_time: Type.Optional(TimeInput),
  service_name: Type.Optional(NullableLabel),
  service: Type.Optional(NullableLabel),
  count: Type.Optional(Count),
  sum: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  min: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  max: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  stats: Type.Optional(MetricStatsSchema),
  buckets: Type.Optional(
    Type.Array(
      Type.Object({
        upper_bound: TypeUnion<number | string | null>(['number', 'string', 'null'], {
          description: 'A number; null or "+Inf" for the overflow bucket.',
        }),
        count: Type.Integer({ minimum: 0 }),
      }),
      { maxItems: 512 },
    ),
  ),
})
export type CustomMetric = Static<typeof CustomMetric>

/** One GPU in a system snapshot (seed 003 "GPU-specific details"). */
export const GpuMetricsSchema = Type.Object({
  index: Type.Optional(TypeUnion<number | string>(['integer', 'string'])),
  id: Type.Optional(TypeUnion<number | string>(['integer', 'string'])),
  gpu_id: Type.Optional(TypeUnion<number | string>(['integer', 'string'])),
  name: Type.Optional(NullableLabel),
  utilization_percent: Type.Optional(Percent),
  utilization: Type.Optional(Percent),
  memory_used_mb: Type.Optional(NonNegativeNumber),
  memory_total_mb: Type.Optional(NonNegativeNumber),
  memory_used_bytes: Type.Optional(NonNegativeNumber),
  memory_total_bytes: Type.Optional(NonNegativeNumber),
  memory_percent: Type.Optional(Percent),
  temperature_c: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  temperature: Type.Optional(TypeUnion<number | null>(['number', 'null'])),
  power_w: Type.Optional(NonNegativeNumber),
  power_draw: Type.Optional(NonNegativeNumber),
})

/**
 * A system resource snapshot (seed 003 `SystemMetrics`), nested or flat:
 * `cpu: { percent, count, load_average }` or `cpu_percent`, `load_average: [1m, 5m, 15m]`;
 * `memory: { percent, used_bytes, total_bytes }` or `memory_percent`, `memory_used_gb`,
 * `memory_total_gb` (GiB); `disk: { percent, used_bytes, total_bytes, mountpoint }` or
 * `disk_usage_percent`; `network: { bytes_sent, bytes_recv }` or `network_bytes_sent`/`_recv`
 * (cumulative counters); `gpus` / `gpu_metrics`: one entry per device, `gpu_count`.
 * Percentages are 0–100 here and stored as OTel utilization ratios (0–1).
 *
 * @example { "host": "gpu-node-1", "cpu_percent": 42.5, "memory_percent": 61.0,
 *   "gpus": [{ "index": 0, "name": "A100", "utilization_percent": 87, "memory_used_mb": 30500 }] }
 */
export const SystemMetrics = OpenObject({
  timestamp: Type.Optional(TimeInput),
  host: Type.Optional(NullableLabel),
  service_name: Type.Optional(NullableLabel),
  service: Type.Optional(NullableLabel),
  tags: Type.Optional(TagValues),
  cpu_percent: Type.Optional(Percent),
  cpu: Type.Optional(
    Type.Object({
      percent: Type.Optional(Percent),
      utilization_percent: Type.Optional(Percent),
      count: Type.Optional(Count),
      load_average: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { maxItems: 3 })),
    }),
  ),
  load_average: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { maxItems: 3 })),
  memory_percent: Type.Optional(Percent),
  memory_used_gb: Type.Optional(NonNegativeNumber),
  memory_total_gb: Type.Optional(NonNegativeNumber),
  memory: Type.Optional(
    Type.Object({
      percent: Type.Optional(Percent),
      used_bytes: Type.Optional(NonNegativeNumber),
      total_bytes: Type.Optional(NonNegativeNumber),
      used_gb: Type.Optional(NonNegativeNumber),
      total_gb: Type.Optional(NonNegativeNumber),
    }),
  ),
  disk_usage_percent: Type.Optional(Percent),
  disk_percent: Type.Optional(Percent),
  disk: Type.Optional(
    Type.Object({
      percent: Type.Optional(Percent),
      used_bytes: Type.Optional(NonNegativeNumber),
      total_bytes: Type.Optional(NonNegativeNumber),
      mountpoint: Type.Optional(NullableLabel),
    }),
  ),
  network_bytes_sent: Type.Optional(NonNegativeNumber),
  network_bytes_recv: Type.Optional(NonNegativeNumber),
  network: Type.Optional(
    Type.Object({
      bytes_sent: Type.Optional(NonNegativeNumber),
      bytes_recv: Type.Optional(NonNegativeNumber),
    }),
  ),
  gpu_count: Type.Optional(Count),
  gpus: Type.Optional(Type.Array(GpuMetricsSchema, { maxItems: 64 })),
  gpu_metrics: Type.Optional(Type.Array(GpuMetricsSchema, { maxItems: 64 })),
})
export type SystemMetrics = Static<typeof SystemMetrics>

/** `{ metrics: [...] }` with 1 to 1000 items, each a custom metric or a system snapshot. */
export const MetricsBatch = Type.Object({
  metrics: Type.Array(Type.Union([CustomMetric, SystemMetrics]), { minItems: 1, maxItems: 1000 }),
})

/** A bare array of 1 to 1000 items. */
export const MetricsArray = Type.Array(Type.Union([CustomMetric, SystemMetrics]), {
  minItems: 1,
  maxItems: 1000,
})

/**
 * `POST /api/v1/ingest/metrics`: a custom metric, a system snapshot, `{ metrics: [...] }` or a
 * bare array.
 * An item with `name` (or `metric_name`) is a custom metric, any other a system snapshot.
 * All or nothing: a bad item rejects the request with field errors naming it.
 */
export const MetricsRequest = Type.Union([MetricsBatch, MetricsArray, CustomMetric, SystemMetrics])
export type MetricsRequest = Static<typeof MetricsRequest>
