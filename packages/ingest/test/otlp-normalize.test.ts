import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  decodeOtlpLogs,
  decodeOtlpMetrics,
  decodeOtlpTraces,
  normalizeOtlpLogs,
  normalizeOtlpMetrics,
} from '@llm-observatory/ingest'
import { readOtlpFixture } from './otlp-fixtures.js'

const receivedAtUs = 1_800_000_000_000_000

function ctx() {
  return { projectId: `p-${randomUUID()}`, receivedAtUs }
}

function chatSpanId(capture: 'otel-contrib-proto' | 'otel-contrib-json'): string | undefined {
  const file = capture === 'otel-contrib-proto' ? 'chat/001-traces.bin' : 'chat/001-traces.json'
  const encoding = capture === 'otel-contrib-proto' ? 'protobuf' : 'json'
  const traces = decodeOtlpTraces(readOtlpFixture(`${capture}/${file}`), encoding)
  return traces.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]?.spanId
}

describe('normalizeOtlpLogs', () => {
  it.each([
    ['otel-contrib-proto', 'chat/002-logs.bin', 'protobuf'],
    ['otel-contrib-json', 'chat/002-logs.json', 'json'],
  ] as const)(
    'gives the %s chat content events their names and the chat span id',
    (capture, file, encoding) => {
      const c = ctx()
      const { logs, rejected } = normalizeOtlpLogs(
        decodeOtlpLogs(readOtlpFixture(`${capture}/${file}`), encoding),
        c,
      )
      expect(rejected).toEqual({ rejected: 0, errorMessage: '' })
      expect(logs.map((l) => l.eventName)).toEqual([
        'gen_ai.system.message',
        'gen_ai.user.message',
        'gen_ai.choice',
      ])
      const spanId = chatSpanId(capture)
      expect(spanId).toMatch(/^[0-9a-f]{16}$/)
      expect(logs.map((l) => l.spanId)).toEqual([spanId, spanId, spanId])
      const first = logs[0]!
      expect(first.projectId).toBe(c.projectId)
      expect(first.severityNumber).toBe(9)
      expect(first.severityText).toBe('INFO')
      expect(first.serviceName).toBe('otlp-fixture-otel-contrib')
      expect(first.logger).toBe('@opentelemetry/instrumentation-openai')
      expect(first.body).toEqual({ content: 'You are a terse assistant.' })
      expect(first.attributes).toEqual({
        'event.name': 'gen_ai.system.message',
        'gen_ai.system': 'openai',
      })
      expect(first.traceId).toMatch(/^[0-9a-f]{32}$/)
      expect(logs[2]!.body).toEqual({
        finish_reason: 'stop',
        index: 0,
        message: { content: 'Hello from the mock! The answer is 42.' },
      })
    },
  )

  it('reads the time of the protobuf chat log in microseconds', () => {
    const { logs } = normalizeOtlpLogs(
      decodeOtlpLogs(readOtlpFixture('otel-contrib-proto/chat/002-logs.bin'), 'protobuf'),
      ctx(),
    )
    // timeUnixNano "1795414955842000000" in the fixture.
    expect(logs[0]!.timeUs).toBe(1795414955842000)
    expect(logs[1]!.observedTimeUs).toBe(1795414955843000)
  })

  it('takes the event name from the eventName field when the sender sets it (Responses API)', () => {
    const { logs } = normalizeOtlpLogs(
      decodeOtlpLogs(readOtlpFixture('otel-contrib-proto/responses/019-logs.bin'), 'protobuf'),
      ctx(),
    )
    expect(logs.map((l) => l.eventName)).toEqual([
      'gen_ai.client.inference.operation.details',
      'gen_ai.client.inference.operation.details',
    ])
    expect(logs[0]!.attributes['gen_ai.input.messages']).toBeInstanceOf(Array)
  })

  it('derives severity, falls back on times and nulls invalid ids while keeping the log', () => {
    const body = {
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                { severityNumber: 13, observedTimeUnixNano: '1700000000000000000' },
                {
                  severityNumber: 22,
                  severityText: 'warning',
                  traceId: 'xyz',
                  spanId: '0000000000000000',
                },
                { severityNumber: 0, body: {} },
                { severityText: 'Fatal' },
                { severityNumber: 18, severityText: 'custom-level' },
              ],
            },
          ],
        },
      ],
    }
    const { logs } = normalizeOtlpLogs(
      decodeOtlpLogs(Buffer.from(JSON.stringify(body)), 'json'),
      ctx(),
    )
    expect(logs.map((l) => l.severityText)).toEqual(['WARN', 'WARN', null, 'CRITICAL', 'ERROR'])
    expect(logs.map((l) => l.severityNumber)).toEqual([13, 22, null, null, 18])
    expect(logs[0]!.timeUs).toBe(1700000000000000)
    expect(logs[0]!.observedTimeUs).toBe(1700000000000000)
    expect(logs[1]!.timeUs).toBe(receivedAtUs)
    expect(logs[1]!.observedTimeUs).toBe(receivedAtUs)
    expect(logs[1]!.traceId).toBeNull()
    expect(logs[1]!.spanId).toBeNull()
    expect(logs[2]!.body).toBeNull()
    expect(logs[2]!.serviceName).toBeNull()
    expect(logs[2]!.logger).toBeNull()
  })
})

describe('attribute keys from the sender', () => {
  it('keeps an attribute named __proto__ as data, without touching the prototype', () => {
    const kv =
      '{"key":"__proto__","value":{"kvlistValue":{"values":[{"key":"polluted","value":{"boolValue":true}}]}}}'
    const logs = normalizeOtlpLogs(
      decodeOtlpLogs(
        Buffer.from(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[${kv}]}]}]}]}`),
        'json',
      ),
      ctx(),
    ).logs
    const attributes = logs[0]!.attributes
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype)
    expect(Object.keys(attributes)).toEqual(['__proto__'])
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toEqual({
      polluted: true,
    })
    const points = normalizeOtlpMetrics(
      decodeOtlpMetrics(
        Buffer.from(
          `{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asInt":1,"attributes":[${kv}]}]}}]}]}]}`,
        ),
        'json',
      ),
      ctx(),
    ).points
    expect(Object.getPrototypeOf(points[0]!.tags)).toBe(Object.prototype)
    expect(Object.keys(points[0]!.tags)).toEqual(['__proto__'])
  })
})

describe('normalizeOtlpMetrics', () => {
  function tokenUsage(file: string, encoding: 'protobuf' | 'json') {
    const { points, rejected } = normalizeOtlpMetrics(
      decodeOtlpMetrics(readOtlpFixture(file), encoding),
      ctx(),
    )
    expect(rejected.rejected).toBe(0)
    return points.filter((p) => p.name === 'gen_ai.client.token.usage')
  }

  it.each([
    ['otel-contrib-proto/chat/003-metrics.bin', 'protobuf'],
    ['otel-contrib-json/chat/003-metrics.json', 'json'],
  ] as const)('gives the token usage histogram of one chat call from %s', (file, encoding) => {
    const usage = tokenUsage(file, encoding)
    const input = usage.find((p) => p.tags['gen_ai.token.type'] === 'input')
    const output = usage.find((p) => p.tags['gen_ai.token.type'] === 'output')
    // The mock LLM answers every chat with prompt_tokens 19 and completion_tokens 9.
    expect(input).toMatchObject({ type: 'histogram', count: 1, value: 19, min: 19, max: 19 })
    expect(output).toMatchObject({ type: 'histogram', count: 1, value: 9, min: 9, max: 9 })
    // 19 lies in the bucket (16, 64], the fourth of bounds [1, 4, 16, 64, ...].
    expect(input!.explicitBounds!.slice(0, 4)).toEqual([1, 4, 16, 64])
    expect(input!.bucketCounts!.indexOf(1)).toBe(3)
    expect(input!.bucketCounts!.reduce((a, b) => a + b, 0)).toBe(1)
    expect(input).toMatchObject({
      unit: '{token}',
      temporality: 2,
      serviceName: 'otlp-fixture-otel-contrib',
      description: 'Measures number of input and output tokens used',
    })
    expect(input!.tags).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'server.port': '18080',
    })
    expect(input!.resourceAttributes['service.name']).toBe('otlp-fixture-otel-contrib')
    expect(input!.startTimeUs).not.toBeNull()
    expect(input!.timeUs).toBeGreaterThan(input!.startTimeUs!)
  })

  it('gives the cumulative embeddings token count (2 inputs of 5 tokens)', () => {
    const usage = tokenUsage('otel-contrib-proto/embeddings/008-metrics.bin', 'protobuf')
    const embeddings = usage.find((p) => p.tags['gen_ai.operation.name'] === 'embeddings')
    expect(embeddings).toMatchObject({ count: 1, value: 10 })
  })

  it('matches the sums written in the decoded fixture for every point', () => {
    const file = 'otel-contrib-proto/tool-call/011-metrics'
    const decoded = JSON.parse(readOtlpFixture(`${file}.decoded.json`).toString('utf8')) as {
      resourceMetrics: {
        scopeMetrics: {
          metrics: { name: string; histogram: { dataPoints: { sum: number; count: string }[] } }[]
        }[]
      }[]
    }
    const expected = decoded.resourceMetrics.flatMap((rm) =>
      rm.scopeMetrics.flatMap((sm) =>
        sm.metrics.flatMap((m) =>
          m.histogram.dataPoints.map((p) => [m.name, p.sum, Number(p.count)]),
        ),
      ),
    )
    const { points } = normalizeOtlpMetrics(
      decodeOtlpMetrics(readOtlpFixture(`${file}.bin`), 'protobuf'),
      ctx(),
    )
    expect(points.map((p) => [p.name, p.value, p.count])).toEqual(expected)
  })

  it('normalizes gauge, sum, exponential histogram and summary points', () => {
    const body = {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'gpu.util',
                  unit: '1',
                  gauge: {
                    dataPoints: [
                      {
                        timeUnixNano: '1700000000000000000',
                        asDouble: 0.5,
                        attributes: [
                          { key: 'gpu', value: { intValue: 0 } },
                          { key: 'ok', value: { boolValue: true } },
                          { key: 'ids', value: { arrayValue: { values: [{ stringValue: 'a' }] } } },
                        ],
                      },
                      { asDouble: 'NaN' },
                      { asDouble: 1, flags: 1 },
                    ],
                  },
                },
                {
                  name: 'requests',
                  sum: {
                    aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                    isMonotonic: true,
                    dataPoints: [{ asInt: '42', startTimeUnixNano: '1690000000000000000' }],
                  },
                },
                {
                  name: 'latency',
                  exponentialHistogram: {
                    aggregationTemporality: 2,
                    dataPoints: [
                      {
                        count: '3',
                        sum: 6,
                        min: 1,
                        max: 3,
                        scale: 2,
                        positive: { offset: 0, bucketCounts: ['1', '2'] },
                      },
                    ],
                  },
                },
                {
                  name: 'rpc',
                  summary: {
                    dataPoints: [
                      {
                        count: 4,
                        sum: 10,
                        quantileValues: [
                          { quantile: 0, value: 1 },
                          { quantile: 0.5, value: 2 },
                          { quantile: 1, value: 4 },
                        ],
                      },
                    ],
                  },
                },
                { description: 'no name', gauge: { dataPoints: [{ asInt: 1 }, { asInt: 2 }] } },
              ],
            },
          ],
        },
      ],
    }
    const { points, rejected } = normalizeOtlpMetrics(
      decodeOtlpMetrics(Buffer.from(JSON.stringify(body)), 'json'),
      ctx(),
    )
    expect(rejected.rejected).toBe(2)
    expect(rejected.errorMessage).toMatch(/without a name/)
    expect(
      points.map((p) => [p.name, p.type, p.value, p.count, p.min, p.max, p.temporality]),
    ).toEqual([
      ['gpu.util', 'gauge', 0.5, null, null, null, null],
      ['gpu.util', 'gauge', null, null, null, null, null],
      ['requests', 'sum', 42, null, null, null, 1],
      ['latency', 'exponential_histogram', 6, 3, 1, 3, 2],
      ['rpc', 'summary', 10, 4, 1, 4, null],
    ])
    expect(points[0]!.tags).toEqual({ gpu: '0', ok: 'true', ids: '["a"]' })
    expect(points[0]!.timeUs).toBe(1700000000000000)
    expect(points[0]!.serviceName).toBe('svc')
    expect(points[1]!.timeUs).toBe(receivedAtUs)
    expect(points[2]!.startTimeUs).toBe(1690000000000000)
    expect(points[3]!.bucketCounts).toBeNull()
    expect(points[3]!.explicitBounds).toBeNull()
  })
})
