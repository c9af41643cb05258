import { describe, expect, it } from 'vitest'
import { ObservatoryError, type MetricPoint } from '@llm-observatory/core'
import { randomProjectId } from '@llm-observatory/testkit'
import { mapMetrics } from './map-metrics.js'

const projectId = randomProjectId()
/** 2025-06-01T12:00:00Z */
const noonUs = 1_748_779_200_000_000
const ctx = { projectId, receivedAtUs: noonUs + 9_000_000 }

/** name, value, unit, type and tags of each point: what a reader of the table sees. */
function summary(
  points: MetricPoint[],
): [string, number | null, string | null, string, Record<string, string>][] {
  return points.map((p) => [p.name, p.value, p.unit, p.type, p.tags])
}

function fieldErrorsOf(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err.fieldErrors
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

describe('mapMetrics', () => {
  it('maps a custom gauge with tags, unit and time', () => {
    const expected: MetricPoint = {
      projectId,
      name: 'rag.retrieved_docs',
      description: 'Documents returned by the retriever',
      unit: '{document}',
      type: 'gauge',
      timeUs: noonUs,
      startTimeUs: null,
      value: 5,
      count: null,
      min: null,
      max: null,
      bucketCounts: null,
      explicitBounds: null,
      temporality: null,
      serviceName: 'support-bot',
      tags: { index: 'kb', shard: '3', hot: 'true' },
      resourceAttributes: {},
    }
    expect(
      mapMetrics(
        {
          name: 'rag.retrieved_docs',
          value: 5,
          unit: '{document}',
          description: 'Documents returned by the retriever',
          tags: { index: 'kb', shard: 3, hot: true },
          timestamp: '2025-06-01T12:00:00Z',
          service: 'support-bot',
        },
        ctx,
      ),
    ).toEqual([expected])
  })

  it('maps seed-004 names and counters as cumulative sums', () => {
    const [gauge, counter, delta] = mapMetrics(
      {
        metrics: [
          { metric_name: 'queue.depth', metric_value: 7 },
          { name: 'requests.total', type: 'counter', value: 1200 },
          { name: 'tokens.used', type: 'sum', temporality: 'delta', value: 300 },
        ],
      },
      ctx,
    )
    expect([gauge?.name, gauge?.value, gauge?.type, gauge?.timeUs]).toEqual([
      'queue.depth',
      7,
      'gauge',
      ctx.receivedAtUs,
    ])
    expect([counter?.type, counter?.temporality, counter?.value]).toEqual(['sum', 2, 1200])
    expect([delta?.type, delta?.temporality]).toEqual(['sum', 1])
  })

  it('maps a histogram with per-bucket counts and derives the overflow bucket', () => {
    const [h] = mapMetrics(
      {
        name: 'llm.latency',
        type: 'histogram',
        unit: 'ms',
        stats: { count: 10, sum: 4200, min: 120, max: 1900 },
        buckets: [
          { upper_bound: 250, count: 2 },
          { upper_bound: 500, count: 5 },
          { upper_bound: 1000, count: 1 },
        ],
      },
      ctx,
    )
    expect([h?.count, h?.value, h?.min, h?.max]).toEqual([10, 4200, 120, 1900])
    expect(h?.explicitBounds).toEqual([250, 500, 1000])
    expect(h?.bucketCounts).toEqual([2, 5, 1, 2])
  })

  it('maps a summary from avg and count', () => {
    const [s] = mapMetrics(
      { name: 'ttft', type: 'summary', stats: { count: 4, avg: 150, min: 90, max: 300 } },
      ctx,
    )
    expect([s?.type, s?.count, s?.value, s?.min, s?.max]).toEqual(['summary', 4, 600, 90, 300])
  })

  it('expands a flat seed-003 system snapshot into semconv points', () => {
    const points = mapMetrics(
      {
        timestamp: 1_748_779_200_000,
        host: 'gpu-node-1',
        cpu_percent: 42.5,
        memory_percent: 61,
        memory_used_gb: 39,
        memory_total_gb: 64,
        disk_usage_percent: 70,
        network_bytes_sent: 1_000_000,
        network_bytes_recv: 2_500_000,
        load_average: [1.5, 1.25, 1],
        gpu_count: 1,
        gpu_metrics: [
          {
            gpu_id: 0,
            name: 'NVIDIA A100',
            utilization: 87,
            memory_used_mb: 30_720,
            memory_total_mb: 40_960,
            temperature: 64,
            power_draw: 250.5,
          },
        ],
      },
      ctx,
    )
    const host = { 'host.name': 'gpu-node-1' }
    const gpu = { ...host, 'hw.type': 'gpu', 'hw.id': '0', 'hw.name': 'NVIDIA A100' }
    expect(summary(points)).toEqual([
      ['system.cpu.utilization', 0.425, '1', 'gauge', host],
      ['system.cpu.load_average.1m', 1.5, '{thread}', 'gauge', host],
      ['system.cpu.load_average.5m', 1.25, '{thread}', 'gauge', host],
      ['system.cpu.load_average.15m', 1, '{thread}', 'gauge', host],
      [
        'system.memory.usage',
        39 * 1024 ** 3,
        'By',
        'gauge',
        { ...host, 'system.memory.state': 'used' },
      ],
      ['system.memory.limit', 64 * 1024 ** 3, 'By', 'gauge', host],
      ['system.memory.utilization', 0.61, '1', 'gauge', { ...host, 'system.memory.state': 'used' }],
      [
        'system.filesystem.utilization',
        0.7,
        '1',
        'gauge',
        { ...host, 'system.filesystem.state': 'used' },
      ],
      [
        'system.network.io',
        1_000_000,
        'By',
        'sum',
        { ...host, 'network.io.direction': 'transmit' },
      ],
      ['system.network.io', 2_500_000, 'By', 'sum', { ...host, 'network.io.direction': 'receive' }],
      ['hw.gpu.utilization', 0.87, '1', 'gauge', gpu],
      ['hw.gpu.memory.usage', 30_720 * 1024 ** 2, 'By', 'gauge', gpu],
      ['hw.gpu.memory.limit', 40_960 * 1024 ** 2, 'By', 'gauge', gpu],
      ['hw.gpu.memory.utilization', 0.75, '1', 'gauge', gpu],
      ['hw.gpu.temperature', 64, 'Cel', 'gauge', gpu],
      ['hw.power', 250.5, 'W', 'gauge', gpu],
      ['hw.gpu.count', 1, '{gpu}', 'gauge', host],
    ])
    expect(points.every((p) => p.timeUs === noonUs)).toBe(true)
    expect(points.filter((p) => p.type === 'sum').map((p) => p.temporality)).toEqual([2, 2])
  })

  it('expands a nested snapshot, numbering GPUs by position when they have no id', () => {
    const points = mapMetrics(
      {
        cpu: { percent: 10, count: 16 },
        memory: { used_bytes: 1024, total_bytes: 4096 },
        disk: { used_bytes: 10, total_bytes: 100, mountpoint: '/data' },
        gpus: [{ utilization_percent: 50 }, { utilization_percent: 25 }],
      },
      ctx,
    )
    expect(summary(points)).toEqual([
      ['system.cpu.utilization', 0.1, '1', 'gauge', {}],
      ['system.cpu.logical.count', 16, '{cpu}', 'gauge', {}],
      ['system.memory.usage', 1024, 'By', 'gauge', { 'system.memory.state': 'used' }],
      ['system.memory.limit', 4096, 'By', 'gauge', {}],
      [
        'system.filesystem.usage',
        10,
        'By',
        'gauge',
        { 'system.filesystem.state': 'used', 'system.filesystem.mountpoint': '/data' },
      ],
      ['system.filesystem.limit', 100, 'By', 'gauge', { 'system.filesystem.mountpoint': '/data' }],
      ['hw.gpu.utilization', 0.5, '1', 'gauge', { 'hw.type': 'gpu', 'hw.id': '0' }],
      ['hw.gpu.utilization', 0.25, '1', 'gauge', { 'hw.type': 'gpu', 'hw.id': '1' }],
      ['hw.gpu.count', 2, '{gpu}', 'gauge', {}],
    ])
  })

  it('rejects the request naming each bad item', () => {
    expect(
      fieldErrorsOf(() =>
        mapMetrics(
          {
            metrics: [
              { name: 'ok', value: 1 },
              { name: 'no.value' },
              { cpu_percent: 140 },
              { host: 'nothing-else' },
              {
                name: 'h',
                type: 'histogram',
                buckets: [
                  { upper_bound: 5, count: 1 },
                  { upper_bound: 2, count: 1 },
                ],
              },
            ],
          },
          ctx,
        ),
      ),
    ).toEqual([
      { field: 'metrics.1.value', message: 'is required for a gauge' },
      { field: 'metrics.2.cpu_percent', message: 'must be <= 100' },
      {
        field: 'metrics.3',
        message: 'holds no metric: send name and value, or system fields such as cpu_percent',
      },
      {
        field: 'metrics.4.buckets.1.upper_bound',
        message: 'must be greater than the previous bound',
      },
      { field: 'metrics.4.sum', message: 'is required for a histogram (or stats.sum)' },
    ])
  })

  it('accepts a bare array of custom metrics and snapshots', () => {
    const points = mapMetrics([{ name: 'a', value: 1 }, { cpu_percent: 5 }], ctx)
    expect(points.map((p) => [p.name, p.value])).toEqual([
      ['a', 1],
      ['system.cpu.utilization', 0.05],
    ])
  })

  it.each([{ metrics: [] }, { metrics: {} }, [], 'text'])(
    'rejects the body %j as a whole',
    (body) => {
      expect(fieldErrorsOf(() => mapMetrics(body as never, ctx))).toHaveLength(1)
    },
  )
})
