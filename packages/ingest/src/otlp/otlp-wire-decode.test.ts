import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encodeOtlpRequest } from './otlp-encode.js'
import { otlpProtoCodecs } from './otlp-proto-codecs.js'
import type { OtlpSignal } from './otlp-types.js'
import { readLogsRequest, readMetricsRequest, readTracesRequest } from './otlp-wire-decode.js'
import { WireReader, int64Text, uint64Text } from './otlp-wire-reader.js'

// The wire decoder against an independent reader: the protobufjs static codecs, converted to
// OTLP/JSON the way the fixture scripts do (`toObject` with string longs, then base64 ids to hex).

const readers = { traces: readTracesRequest, logs: readLogsRequest, metrics: readMetricsRequest }
const idKeys = new Set(['traceId', 'spanId', 'parentSpanId'])

function oracle(signal: OtlpSignal, body: Uint8Array): unknown {
  const codec = otlpProtoCodecs[signal].request as unknown as {
    decode(b: Uint8Array): object
    toObject(m: object, o: object): unknown
  }
  return fixIds(codec.toObject(codec.decode(body), { longs: String, enums: Number, bytes: String }))
}

function fixIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fixIds)
  if (typeof v !== 'object' || v === null) return v
  const o: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    o[k] =
      idKeys.has(k) && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : fixIds(x)
  }
  return o
}

const hex = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b).toString('hex'))
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String)
const i64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String)
const u32 = fc.nat({ max: 0xffffffff })
const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff })
const dbl = fc.double({ noNaN: true, noDefaultInfinity: true })
const text = fc.string({ unit: 'binary', maxLength: 40 })

const { anyValue } = fc.letrec((tie) => ({
  anyValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ stringValue: text }),
    fc.record({ boolValue: fc.boolean() }),
    fc.record({ intValue: i64 }),
    fc.record({ doubleValue: dbl }),
    fc.record({
      bytesValue: fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b).toString('base64')),
    }),
    fc.record({ arrayValue: fc.record({ values: fc.array(tie('anyValue'), { maxLength: 3 }) }) }),
    fc.record({ kvlistValue: fc.record({ values: fc.array(tie('keyValue'), { maxLength: 3 }) }) }),
  ),
  keyValue: fc.record({ key: text, value: tie('anyValue') }, { requiredKeys: ['key'] }),
}))
const keyValue = fc.record({ key: text, value: anyValue }, { requiredKeys: ['key'] })
const attributes = fc.array(keyValue, { maxLength: 4 })
const opt = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(model, { requiredKeys: [] })

const resource = opt({ attributes, droppedAttributesCount: u32 })
const scope = opt({ name: text, version: text, attributes, droppedAttributesCount: u32 })

const span = opt({
  traceId: hex(0, 16),
  spanId: hex(0, 8),
  traceState: text,
  parentSpanId: hex(0, 8),
  flags: u32,
  name: text,
  kind: i32,
  startTimeUnixNano: u64,
  endTimeUnixNano: u64,
  attributes,
  droppedAttributesCount: u32,
  events: fc.array(
    opt({ timeUnixNano: u64, name: text, attributes, droppedAttributesCount: u32 }),
    { maxLength: 2 },
  ),
  droppedEventsCount: u32,
  links: fc.array(
    opt({
      traceId: hex(16, 16),
      spanId: hex(8, 8),
      traceState: text,
      attributes,
      droppedAttributesCount: u32,
      flags: u32,
    }),
    { maxLength: 2 },
  ),
  droppedLinksCount: u32,
  status: opt({ message: text, code: i32 }),
})
const tracesRequest = opt({
  resourceSpans: fc.array(
    opt({
      resource,
      schemaUrl: text,
      scopeSpans: fc.array(
        opt({ scope, schemaUrl: text, spans: fc.array(span, { maxLength: 3 }) }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  ),
})

const logRecord = opt({
  timeUnixNano: u64,
  observedTimeUnixNano: u64,
  severityNumber: i32,
  severityText: text,
  body: anyValue,
  attributes,
  droppedAttributesCount: u32,
  flags: u32,
  traceId: hex(0, 16),
  spanId: hex(0, 8),
  eventName: text,
})
const logsRequest = opt({
  resourceLogs: fc.array(
    opt({
      resource,
      schemaUrl: text,
      scopeLogs: fc.array(
        opt({ scope, schemaUrl: text, logRecords: fc.array(logRecord, { maxLength: 3 }) }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  ),
})

const exemplars = fc.array(
  opt({
    filteredAttributes: attributes,
    timeUnixNano: u64,
    asDouble: dbl,
    spanId: hex(8, 8),
    traceId: hex(16, 16),
  }),
  { maxLength: 2 },
)
const pointBase = { attributes, startTimeUnixNano: u64, timeUnixNano: u64, flags: u32 }
const numberPoint = fc.oneof(
  opt({ ...pointBase, exemplars, asDouble: dbl }),
  opt({ ...pointBase, exemplars, asInt: i64 }),
)
const metric = fc.oneof(
  opt({
    name: text,
    unit: text,
    gauge: opt({ dataPoints: fc.array(numberPoint, { maxLength: 2 }) }),
  }),
  opt({
    name: text,
    description: text,
    sum: opt({
      dataPoints: fc.array(numberPoint, { maxLength: 2 }),
      aggregationTemporality: i32,
      isMonotonic: fc.boolean(),
    }),
  }),
  opt({
    name: text,
    histogram: opt({
      aggregationTemporality: i32,
      dataPoints: fc.array(
        opt({
          ...pointBase,
          exemplars,
          count: u64,
          sum: dbl,
          min: dbl,
          max: dbl,
          bucketCounts: fc.array(u64, { maxLength: 4 }),
          explicitBounds: fc.array(dbl, { maxLength: 3 }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
  opt({
    name: text,
    exponentialHistogram: opt({
      aggregationTemporality: i32,
      dataPoints: fc.array(
        opt({
          ...pointBase,
          exemplars,
          count: u64,
          sum: dbl,
          scale: i32,
          zeroCount: u64,
          zeroThreshold: dbl,
          min: dbl,
          max: dbl,
          positive: opt({ offset: i32, bucketCounts: fc.array(u64, { maxLength: 4 }) }),
          negative: opt({ offset: i32, bucketCounts: fc.array(u64, { maxLength: 4 }) }),
        }),
        { maxLength: 2 },
      ),
    }),
  }),
  opt({
    name: text,
    summary: opt({
      dataPoints: fc.array(
        opt({
          ...pointBase,
          count: u64,
          sum: dbl,
          quantileValues: fc.array(opt({ quantile: dbl, value: dbl }), { maxLength: 3 }),
        }),
        { maxLength: 2 },
      ),
    }),
    metadata: attributes,
  }),
)
const metricsRequest = opt({
  resourceMetrics: fc.array(
    opt({
      resource,
      schemaUrl: text,
      scopeMetrics: fc.array(
        opt({ scope, schemaUrl: text, metrics: fc.array(metric, { maxLength: 3 }) }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 2 },
  ),
})

describe('wire decoder against the protobufjs codecs', () => {
  it.each([
    ['traces', tracesRequest],
    ['logs', logsRequest],
    ['metrics', metricsRequest],
  ] as const)('reads generated %s requests exactly as protobufjs does', (signal, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (request) => {
        const body = encodeOtlpRequest(signal, request as never)
        expect(readers[signal](body)).toEqual(oracle(signal, body))
      }),
      { numRuns: 300 },
    )
  })

  it('reads unpacked repeated scalars like packed ones', () => {
    // HistogramDataPoint { bucket_counts (6, fixed64) = 1, 2 unpacked; explicit_bounds (7) = 0.5 }
    const fixed64 = (n: number) => [n, 0, 0, 0, 0, 0, 0, 0]
    const point = [
      0x31,
      ...fixed64(1),
      0x31,
      ...fixed64(2),
      0x39,
      ...Buffer.from(new Float64Array([0.5]).buffer),
    ]
    const histogram = [0x0a, point.length, ...point]
    const metric = [0x4a, histogram.length, ...histogram]
    const scopeMetrics = [0x12, metric.length, ...metric]
    const resourceMetrics = [0x12, scopeMetrics.length, ...scopeMetrics]
    const body = Buffer.from([0x0a, resourceMetrics.length, ...resourceMetrics])
    const dp =
      readMetricsRequest(body).resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.histogram
        ?.dataPoints?.[0]
    expect(dp).toEqual({ bucketCounts: ['1', '2'], explicitBounds: [0.5] })
    expect(readMetricsRequest(body)).toEqual(oracle('metrics', body))
  })

  it('skips unknown fields of every wire type, groups included', () => {
    // ExportTraceServiceRequest with unknown fields 9 (varint), 10 (fixed64), 11 (bytes), 12 (group), 13 (fixed32).
    const body = Buffer.from([
      0x48, 0x96, 0x01, 0x51, 1, 2, 3, 4, 5, 6, 7, 8, 0x5a, 2, 0xff, 0xff, 0x63, 0x08, 1, 0x64,
      0x6d, 1, 2, 3, 4,
    ])
    expect(readTracesRequest(body)).toEqual({})
  })

  it('throws RangeError on a nested message that overruns its length', () => {
    // ResourceSpans of length 2 whose schemaUrl (field 3) claims 5 bytes.
    const body = Buffer.from([0x0a, 0x02, 0x1a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65])
    expect(() => readTracesRequest(body)).toThrow(RangeError)
  })

  it('throws RangeError on invalid wire types and runaway varints', () => {
    expect(() => readTracesRequest(Buffer.from([0x0f]))).toThrow(/invalid wire type 7/)
    expect(() =>
      readTracesRequest(Buffer.from([0x08, ...Array<number>(11).fill(0xff), 0x01])),
    ).toThrow(RangeError)
    expect(() => readTracesRequest(Buffer.from([0x0a, 0xff]))).toThrow(RangeError)
  })
})

describe('WireReader numbers', () => {
  const bits = (v: bigint) => [Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn)] as const

  it('writes every unsigned 64-bit value as BigInt does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        expect(uint64Text(...bits(v))).toBe(v.toString())
      }),
      { numRuns: 3000 },
    )
  })

  it('writes every signed 64-bit value as BigInt does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (v) => {
        expect(int64Text(...bits(BigInt.asUintN(64, v)))).toBe(v.toString())
      }),
      { numRuns: 3000 },
    )
    expect(int64Text(0, 0x80000000)).toBe('-9223372036854775808')
    expect(int64Text(0xffffffff, 0xffffffff)).toBe('-1')
  })

  it('reads varints of every length', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
        const bytes: number[] = []
        let n = v
        do {
          bytes.push(Number(n & 0x7fn) | (n > 0x7fn ? 0x80 : 0))
          n >>= 7n
        } while (n > 0n)
        const r = new WireReader(Uint8Array.from(bytes))
        expect(r.uint64VarintText()).toBe(v.toString())
        expect(r.pos).toBe(bytes.length)
        const r32 = new WireReader(Uint8Array.from(bytes))
        expect(r32.uint32()).toBe(Number(v & 0xffffffffn))
      }),
      { numRuns: 3000 },
    )
  })
})
