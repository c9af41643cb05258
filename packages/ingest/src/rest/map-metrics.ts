import {
  ObservatoryError,
  type FieldError,
  type MetricPoint,
  type MetricType,
} from '@llm-observatory/core'
import {
  CustomMetric,
  SystemMetrics,
  contractFieldErrors,
  type MetricsRequest,
} from '@llm-observatory/contracts'
import { firstGiven, recordOrNull, textOrNull, toStringRecord } from './field-values.js'
import { readBatchItems } from './batch-items.js'
import { parseTimeField } from './parse-time-input.js'
import type { RestMapContext } from './rest-context.js'

type GpuMetrics = NonNullable<SystemMetrics['gpus']>[number]

const gib = 1024 ** 3
const mib = 1024 ** 2

/**
 * Maps a `POST /api/v1/ingest/metrics` body (a custom metric, a system snapshot,
 * `{ metrics: [...] }` or a bare array) to metric points. An item with `name`/`metric_name` is a custom metric,
 * any other a system snapshot. All or nothing: problems are collected and thrown as one
 * `ERR_INGEST_VALIDATION` naming the item (`metrics.2.value`).
 *
 * Custom metrics: gauge (default); counter and sum → `sum`, cumulative unless `temporality`
 * says delta; histogram → count/sum/min/max and buckets (per-bucket counts; the overflow
 * bucket is `upper_bound: null` or derived as count minus the others); summary →
 * count/sum/min/max. Unknown fields of a metric are not stored (a point has tags only).
 *
 * System snapshots expand into OTel semconv names (percentages become 0–1 ratios, GiB/MiB
 * become bytes): `system.cpu.utilization`, `system.cpu.logical.count`,
 * `system.cpu.load_average.{1m,5m,15m}`, `system.memory.{usage,limit,utilization}`
 * (`system.memory.state=used`), `system.filesystem.{usage,limit,utilization}`
 * (`system.filesystem.mountpoint` when given), `system.network.io` (cumulative sum,
 * `network.io.direction` transmit/receive), per GPU `hw.gpu.utilization`,
 * `hw.gpu.memory.{usage,limit,utilization}`, `hw.gpu.temperature` (°C; no semconv name yet,
 * as OpenLIT's GPU collector), `hw.power` (W), tagged `hw.type=gpu`, `hw.id` (index, id or
 * position) and `hw.name`; `hw.gpu.count`. `host` becomes the tag `host.name`.
 *
 * @example mapMetrics({ cpu_percent: 42.5 }, ctx)[0] // { name: 'system.cpu.utilization', value: 0.425, unit: '1', … }
 */
export function mapMetrics(body: MetricsRequest, ctx: RestMapContext): MetricPoint[] {
  const { items, prefixes } = readBatchItems(body, 'metrics')
  const errors: FieldError[] = []
  const points: MetricPoint[] = []
  items.forEach((item, i) => {
    const prefix = prefixes[i] ?? ''
    const itemRecord = recordOrNull(item)
    const isCustom = itemRecord !== null && ('name' in itemRecord || 'metric_name' in itemRecord)
    const schemaErrors = contractFieldErrors(isCustom ? CustomMetric : SystemMetrics, item, prefix)
    if (schemaErrors.length > 0) {
      errors.push(...schemaErrors)
      return
    }
    const before = errors.length
    const mapped = isCustom
      ? mapCustomMetric(item as CustomMetric, ctx, prefix, errors)
      : mapSystemMetrics(item as SystemMetrics, ctx, prefix, errors)
    if (errors.length === before) points.push(...mapped)
  })
  if (errors.length > 0) throw invalid(errors)
  return points
}

function invalid(fieldErrors: FieldError[]): ObservatoryError {
  return new ObservatoryError('ERR_INGEST_VALIDATION', {
    message: 'The metrics are not valid: see field_errors.',
    fieldErrors,
  })
}

function at(prefix: string, field: string): string {
  return prefix ? `${prefix}.${field}` : field
}

function emptyPoint(
  ctx: RestMapContext,
  name: string,
  type: MetricType,
  timeUs: number,
  tags: Record<string, string>,
  serviceName: string | null,
): MetricPoint {
  return {
    projectId: ctx.projectId,
    name,
    description: null,
    unit: null,
    type,
    timeUs,
    startTimeUs: null,
    value: null,
    count: null,
    min: null,
    max: null,
    bucketCounts: null,
    explicitBounds: null,
    temporality: null,
    serviceName,
    tags,
    resourceAttributes: {},
  }
}

function mapCustomMetric(
  m: CustomMetric,
  ctx: RestMapContext,
  prefix: string,
  errors: FieldError[],
): MetricPoint[] {
  const name = firstGiven(textOrNull(m.name), textOrNull(m.metric_name))
  if (name === null) {
    errors.push({ field: at(prefix, 'name'), message: 'must not be blank' })
    return []
  }
  const timeUs = parseTimeField(m.timestamp, at(prefix, 'timestamp'), errors) ?? ctx.receivedAtUs
  const startTimeUs = parseTimeField(m.start_time, at(prefix, 'start_time'), errors)
  const kind = m.type ?? 'gauge'
  const type: MetricType = kind === 'counter' ? 'sum' : kind
  const point = emptyPoint(
    ctx,
    name,
    type,
    timeUs,
    toStringRecord(m.tags),
    firstGiven(textOrNull(m.service_name), textOrNull(m.service)),
  )
  point.unit = textOrNull(m.unit)
  point.description = textOrNull(m.description)
  point.startTimeUs = startTimeUs
  point.temporality = m.temporality === 'delta' ? 1 : m.temporality === 'cumulative' ? 2 : null
  if (type === 'gauge' || type === 'sum') {
    point.value = firstGiven(m.value, m.metric_value)
    if (point.value === null) {
      errors.push({ field: at(prefix, 'value'), message: `is required for a ${kind}` })
    }
    if (type === 'sum' && point.temporality === null) point.temporality = 2
    return [point]
  }
  const stats = m.stats
  point.count = firstGiven(m.count, stats?.count)
  point.value = firstGiven(
    m.sum,
    stats?.sum,
    stats?.avg !== undefined && stats.avg !== null && point.count !== null
      ? stats.avg * point.count
      : null,
  )
  point.min = firstGiven(m.min, stats?.min)
  point.max = firstGiven(m.max, stats?.max)
  if (type === 'histogram' && m.buckets && m.buckets.length > 0) {
    applyBuckets(point, m.buckets, at(prefix, 'buckets'), errors)
  }
  if (point.count === null || point.value === null) {
    errors.push({
      field: at(prefix, point.count === null ? 'count' : 'sum'),
      message: `is required for a ${kind} (or stats.${point.count === null ? 'count' : 'sum'})`,
    })
  }
  return [point]
}

function applyBuckets(
  point: MetricPoint,
  buckets: NonNullable<CustomMetric['buckets']>,
  field: string,
  errors: FieldError[],
): void {
  const bounds: number[] = []
  const counts: number[] = []
  let overflow: number | null = null
  buckets.forEach((b, i) => {
    const bound = boundOf(b.upper_bound)
    if (bound === undefined) {
      errors.push({
        field: `${field}.${i}.upper_bound`,
        message: 'must be a number, null or "+Inf"',
      })
    } else if (bound === null) {
      if (i !== buckets.length - 1) {
        errors.push({
          field: `${field}.${i}.upper_bound`,
          message: 'only the last bucket may be unbounded',
        })
      }
      overflow = b.count
    } else {
      const last = bounds.at(-1)
      if (last !== undefined && bound <= last) {
        errors.push({
          field: `${field}.${i}.upper_bound`,
          message: 'must be greater than the previous bound',
        })
      }
      bounds.push(bound)
      counts.push(b.count)
    }
  })
  const bounded = counts.reduce((a, c) => a + c, 0)
  const count = point.count ?? bounded + (overflow ?? 0)
  if (bounded + (overflow ?? 0) > count) {
    errors.push({ field, message: `bucket counts add up to more than count (${count})` })
  }
  point.count = count
  point.explicitBounds = bounds
  point.bucketCounts = [...counts, overflow ?? count - bounded]
}

/** A bucket bound: a number, null for +Inf, undefined when not understood. */
function boundOf(value: number | string | null): number | null | undefined {
  if (value === null) return null
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined
  const t = value.trim().toLowerCase()
  if (t === '+inf' || t === 'inf' || t === 'infinity' || t === '+infinity') return null
  const n = Number(t)
  return t !== '' && Number.isFinite(n) ? n : undefined
}

function mapSystemMetrics(
  s: SystemMetrics,
  ctx: RestMapContext,
  prefix: string,
  errors: FieldError[],
): MetricPoint[] {
  const timeUs = parseTimeField(s.timestamp, at(prefix, 'timestamp'), errors) ?? ctx.receivedAtUs
  const baseTags = toStringRecord(s.tags)
  const host = textOrNull(s.host)
  if (host !== null) baseTags['host.name'] = host
  const serviceName = firstGiven(textOrNull(s.service_name), textOrNull(s.service))
  const points: MetricPoint[] = []
  const add = (
    name: string,
    unit: string,
    value: number | null | undefined,
    tags: Record<string, string> = {},
    type: MetricType = 'gauge',
  ): void => {
    if (value === null || value === undefined) return
    const p = emptyPoint(ctx, name, type, timeUs, { ...baseTags, ...tags }, serviceName)
    p.unit = unit
    p.value = value
    if (type === 'sum') p.temporality = 2
    points.push(p)
  }
  const ratio = (percent: number | null | undefined): number | null =>
    percent === null || percent === undefined ? null : percent / 100
  const bytes = (n: number | null | undefined, unitBytes: number): number | null =>
    n === null || n === undefined ? null : Math.round(n * unitBytes)

  add(
    'system.cpu.utilization',
    '1',
    ratio(firstGiven(s.cpu_percent, s.cpu?.percent, s.cpu?.utilization_percent)),
  )
  add('system.cpu.logical.count', '{cpu}', s.cpu?.count)
  const load = s.cpu?.load_average ?? s.load_average ?? []
  const loadNames = ['1m', '5m', '15m'] as const
  load.forEach((v, i) => add(`system.cpu.load_average.${loadNames[i] ?? i}`, '{thread}', v))

  const used = { 'system.memory.state': 'used' }
  const mem = s.memory
  add(
    'system.memory.usage',
    'By',
    firstGiven(mem?.used_bytes, bytes(mem?.used_gb, gib), bytes(s.memory_used_gb, gib)),
    used,
  )
  add(
    'system.memory.limit',
    'By',
    firstGiven(mem?.total_bytes, bytes(mem?.total_gb, gib), bytes(s.memory_total_gb, gib)),
  )
  add('system.memory.utilization', '1', ratio(firstGiven(s.memory_percent, mem?.percent)), used)

  const fsTags: Record<string, string> = { 'system.filesystem.state': 'used' }
  const mount = textOrNull(s.disk?.mountpoint)
  if (mount !== null) fsTags['system.filesystem.mountpoint'] = mount
  const limitTags: Record<string, string> =
    mount !== null ? { 'system.filesystem.mountpoint': mount } : {}
  add('system.filesystem.usage', 'By', s.disk?.used_bytes, fsTags)
  add('system.filesystem.limit', 'By', s.disk?.total_bytes, limitTags)
  add(
    'system.filesystem.utilization',
    '1',
    ratio(firstGiven(s.disk_usage_percent, s.disk_percent, s.disk?.percent)),
    fsTags,
  )

  const sent = firstGiven(s.network_bytes_sent, s.network?.bytes_sent)
  const recv = firstGiven(s.network_bytes_recv, s.network?.bytes_recv)
  add('system.network.io', 'By', sent, { 'network.io.direction': 'transmit' }, 'sum')
  add('system.network.io', 'By', recv, { 'network.io.direction': 'receive' }, 'sum')

  const gpus = s.gpus ?? s.gpu_metrics ?? []
  gpus.forEach((gpu, i) => addGpu(gpu, i, add))
  add(
    'hw.gpu.count',
    '{gpu}',
    firstGiven(s.gpu_count, s.gpus || s.gpu_metrics ? gpus.length : null),
  )

  if (points.length === 0) {
    errors.push({
      field: prefix || '(body)',
      message: 'holds no metric: send name and value, or system fields such as cpu_percent',
    })
  }
  return points
}

function addGpu(
  gpu: GpuMetrics,
  position: number,
  add: (
    name: string,
    unit: string,
    value: number | null | undefined,
    tags?: Record<string, string>,
  ) => void,
): void {
  const id = firstGiven(gpu.index, gpu.id, gpu.gpu_id) ?? position
  const tags: Record<string, string> = { 'hw.type': 'gpu', 'hw.id': String(id) }
  const name = textOrNull(gpu.name)
  if (name !== null) tags['hw.name'] = name
  const usedBytes = firstGiven(
    gpu.memory_used_bytes,
    gpu.memory_used_mb === undefined || gpu.memory_used_mb === null
      ? null
      : Math.round(gpu.memory_used_mb * mib),
  )
  const totalBytes = firstGiven(
    gpu.memory_total_bytes,
    gpu.memory_total_mb === undefined || gpu.memory_total_mb === null
      ? null
      : Math.round(gpu.memory_total_mb * mib),
  )
  const memPercent = firstGiven(
    gpu.memory_percent,
    usedBytes !== null && totalBytes !== null && totalBytes > 0
      ? (usedBytes / totalBytes) * 100
      : null,
  )
  const util = firstGiven(gpu.utilization_percent, gpu.utilization)
  add('hw.gpu.utilization', '1', util === null ? null : util / 100, tags)
  add('hw.gpu.memory.usage', 'By', usedBytes, tags)
  add('hw.gpu.memory.limit', 'By', totalBytes, tags)
  add('hw.gpu.memory.utilization', '1', memPercent === null ? null : memPercent / 100, tags)
  add('hw.gpu.temperature', 'Cel', firstGiven(gpu.temperature_c, gpu.temperature), tags)
  add('hw.power', 'W', firstGiven(gpu.power_w, gpu.power_draw), tags)
}
