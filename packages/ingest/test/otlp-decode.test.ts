import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isObservatoryError, type ObservatoryError } from '@llm-observatory/core'
import {
  decodeOtlpLogs,
  decodeOtlpMetrics,
  decodeOtlpTraces,
  encodeOtlpRequest,
  type OtlpEncoding,
  type OtlpSignal,
} from '@llm-observatory/ingest'
import { listOtlpFixtures, readOtlpFixture } from './otlp-fixtures.js'

const decoders = { traces: decodeOtlpTraces, logs: decodeOtlpLogs, metrics: decodeOtlpMetrics }
const fixtures = listOtlpFixtures()

function decodeError(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (isObservatoryError(err)) return err
    throw err
  }
  throw new Error('expected the decoder to throw')
}

function firstSpan(json: string) {
  const req = decodeOtlpTraces(Buffer.from(json), 'json')
  return req.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]
}

describe('decodeOtlp* on captured fixtures', () => {
  it('finds protobuf and JSON fixtures of every signal', () => {
    const kinds = new Set(fixtures.map((f) => `${f.encoding}/${f.signal}`))
    expect([...kinds].sort()).toEqual([
      'json/logs',
      'json/metrics',
      'json/traces',
      'protobuf/logs',
      'protobuf/metrics',
      'protobuf/traces',
    ])
  })

  it.each(fixtures.filter((f) => f.encoding === 'protobuf').map((f) => [f.name, f] as const))(
    '%s.bin decodes to its .decoded.json',
    (_name, f) => {
      expect(decoders[f.signal](f.body, 'protobuf')).toEqual(f.decoded)
    },
  )

  it.each(fixtures.filter((f) => f.encoding === 'json').map((f) => [f.name, f] as const))(
    '%s.json decodes to its .decoded.json',
    (_name, f) => {
      expect(decoders[f.signal](f.body, 'json')).toEqual(f.decoded)
    },
  )

  it('gives the same request from the protobuf and the JSON exporter of one chat call', () => {
    // Same stack, same call, two exporters: ids and times differ between runs, the shape not.
    const pb = decodeOtlpTraces(
      readOtlpFixture('otel-contrib-proto/chat/001-traces.bin'),
      'protobuf',
    )
    const js = decodeOtlpTraces(readOtlpFixture('otel-contrib-json/chat/001-traces.json'), 'json')
    const names = (r: typeof pb) =>
      r.resourceSpans?.flatMap((rs) => rs.scopeSpans?.flatMap((ss) => ss.spans?.map((s) => s.name)))
    expect(names(pb)).toEqual(['chat gpt-4o-mini'])
    expect(names(js)).toEqual(['chat gpt-4o-mini'])
  })

  it('round-trips every fixture through encodeOtlpRequest', () => {
    for (const f of fixtures) {
      const decoded = decoders[f.signal](f.body, f.encoding)
      const again = decoders[f.signal](encodeOtlpRequest(f.signal, decoded as never), 'protobuf')
      // JSON senders write intValue as a number and empty arrays; after protobuf the int is a
      // decimal string and an empty repeated field is absent.
      expect(JSON.parse(JSON.stringify(again), canonical), f.name).toEqual(
        JSON.parse(JSON.stringify(decoded), canonical),
      )
    }
  })
})

function canonical(_key: string, value: unknown): unknown {
  if (Array.isArray(value) && value.length === 0) return undefined
  return typeof value === 'string' && /^-?\d+$/.test(value) && value.length < 16
    ? Number(value)
    : value
}

describe('decodeOtlpTraces with OTLP/JSON quirks', () => {
  it('converts base64 trace and span ids to hex and lowers hex case', () => {
    const traceId = Buffer.from('bd7e3ea7ba464c0becfca5d77e540651', 'hex').toString('base64')
    const spanId = Buffer.from('ec7ebe5a02b3474d', 'hex').toString('base64')
    const span = firstSpan(
      JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId, spanId, parentSpanId: 'AABBCCDDEEFF0011' }] }] },
        ],
      }),
    )
    expect(span?.traceId).toBe('bd7e3ea7ba464c0becfca5d77e540651')
    expect(span?.spanId).toBe('ec7ebe5a02b3474d')
    expect(span?.parentSpanId).toBe('aabbccddeeff0011')
  })

  it('keeps ids that are neither hex nor base64 of the right length, for the normalizer to reject', () => {
    const span = firstSpan(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"not-an-id","spanId":""}]}]}]}',
    )
    expect(span?.traceId).toBe('not-an-id')
    expect(span?.spanId).toBe('')
  })

  it('accepts enum names, intValue as number or string, and null for absent fields', () => {
    const span = firstSpan(
      JSON.stringify({
        resourceSpans: [
          {
            resource: null,
            scopeSpans: [
              {
                spans: [
                  {
                    kind: 'SPAN_KIND_CLIENT',
                    status: { code: 'STATUS_CODE_ERROR', message: null },
                    startTimeUnixNano: 1795414955842000000,
                    endTimeUnixNano: '1795414955858214797',
                    events: null,
                    attributes: [
                      { key: 'a', value: { intValue: 7 } },
                      { key: 'b', value: { intValue: '9007199254740993' } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    )
    expect(span?.kind).toBe(3)
    expect(span?.status).toEqual({ code: 2 })
    expect(span?.events).toBeUndefined()
    expect(span?.attributes).toEqual([
      { key: 'a', value: { intValue: 7 } },
      { key: 'b', value: { intValue: '9007199254740993' } },
    ])
  })

  it('maps log severity and metric temporality names to their numbers', () => {
    const logs = decodeOtlpLogs(
      Buffer.from(
        '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_WARN2"}]}]}]}',
      ),
      'json',
    )
    expect(logs.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.[0]?.severityNumber).toBe(14)
    const metrics = decodeOtlpMetrics(
      Buffer.from(
        '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","sum":{"aggregationTemporality":"AGGREGATION_TEMPORALITY_DELTA"}}]}]}]}',
      ),
      'json',
    )
    expect(metrics.resourceMetrics?.[0]?.scopeMetrics?.[0]?.metrics?.[0]?.sum).toEqual({
      aggregationTemporality: 1,
    })
  })

  it('accepts a body with a UTF-8 byte order mark, and an empty object', () => {
    expect(decodeOtlpTraces(Buffer.from('\ufeff{}'), 'json')).toEqual({})
  })
})

describe('decodeOtlp* on undecodable bodies', () => {
  const cases: [string, OtlpSignal, string][] = [
    ['a JSON array', 'traces', '[]'],
    ['a JSON string', 'logs', '"hello"'],
    ['null', 'metrics', 'null'],
    ['resourceSpans as an object', 'traces', '{"resourceSpans":{}}'],
    ['scopeSpans as a string', 'traces', '{"resourceSpans":[{"scopeSpans":"x"}]}'],
    ['a span as a number', 'traces', '{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}]}'],
    [
      'an unknown kind name',
      'traces',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"kind":"CLIENT"}]}]}]}',
    ],
    [
      'a fractional time',
      'traces',
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1.5}]}]}]}',
    ],
    [
      'arrayValue.values as an object',
      'logs',
      '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"arrayValue":{"values":{}}}}]}]}]}',
    ],
    [
      'bucketCounts of text',
      'metrics',
      '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"histogram":{"dataPoints":[{"bucketCounts":["x"]}]}}]}]}]}',
    ],
    ['truncated JSON', 'traces', '{"resourceSpans":[{"scopeSp'],
    ['empty JSON', 'logs', ''],
  ]
  it.each(cases)('rejects %s with ERR_INGEST_UNDECODABLE', (_what, signal, body) => {
    const err = decodeError(() => decoders[signal](Buffer.from(body), 'json'))
    expect(err.code).toBe('ERR_INGEST_UNDECODABLE')
    expect(err.statusCode).toBe(400)
  })

  it('names the field but never echoes the payload', () => {
    const secret = 'sk-secret-prompt-text'
    const err = decodeError(() =>
      decodeOtlpTraces(
        Buffer.from(`{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":{"${secret}":1}}]}]}]}`),
        'json',
      ),
    )
    expect(err.message).toBe('span.name must be a string')
    const err2 = decodeError(() =>
      decodeOtlpTraces(Buffer.from(`{"resourceSpans": ${secret}}`), 'json'),
    )
    expect(err2.message).not.toContain(secret)
  })

  it('rejects deeply nested attribute values without overflowing the stack', () => {
    const deep = '{"arrayValue":{"values":['.repeat(5000) + '{}' + ']}}'.repeat(5000)
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${deep}}]}]}]}`
    expect(decodeError(() => decodeOtlpLogs(Buffer.from(body), 'json')).code).toBe(
      'ERR_INGEST_UNDECODABLE',
    )
  })

  it('rejects a truncated protobuf body', () => {
    const body = readOtlpFixture('otel-contrib-proto/chat/001-traces.bin')
    const err = decodeError(() => decodeOtlpTraces(body.subarray(0, body.length - 7), 'protobuf'))
    expect(err.code).toBe('ERR_INGEST_UNDECODABLE')
    expect(err.message).toMatch(/^The body is not a valid protobuf ExportTraceServiceRequest/)
  })

  it('rejects JSON sent as protobuf', () => {
    const body = readOtlpFixture('otel-contrib-json/chat/001-traces.json')
    expect(decodeError(() => decodeOtlpTraces(body, 'protobuf')).code).toBe(
      'ERR_INGEST_UNDECODABLE',
    )
  })

  it('decodes an empty protobuf body as an empty request, as proto3 says', () => {
    expect(decodeOtlpTraces(Buffer.alloc(0), 'protobuf')).toEqual({})
  })

  it('replaces invalid UTF-8 in protobuf strings instead of failing', () => {
    // Span { name (field 5) = 0xff 0xfe 'a' } inside ScopeSpans inside ResourceSpans.
    const span = Buffer.from([0x2a, 3, 0xff, 0xfe, 0x61])
    const scopeSpans = Buffer.concat([Buffer.from([0x12, span.length]), span])
    const resourceSpans = Buffer.concat([Buffer.from([0x12, scopeSpans.length]), scopeSpans])
    const body = Buffer.concat([Buffer.from([0x0a, resourceSpans.length]), resourceSpans])
    const req = decodeOtlpTraces(body, 'protobuf')
    expect(req.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]?.name).toBe('\ufffd\ufffda')
  })
})

describe('decoders under random input', () => {
  const signals: OtlpSignal[] = ['traces', 'logs', 'metrics']
  const encodings: OtlpEncoding[] = ['protobuf', 'json']

  it('throw nothing but ObservatoryError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        for (const signal of signals) {
          for (const encoding of encodings) {
            try {
              decoders[signal](bytes, encoding)
            } catch (err) {
              if (!isObservatoryError(err)) throw err
            }
          }
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('throw nothing but ObservatoryError on random JSON, also inside a valid envelope', () => {
    const anyJson = fc.jsonValue({ maxDepth: 5 })
    fc.assert(
      fc.property(anyJson, anyJson, anyJson, (a, b, c) => {
        const bodies = [
          a,
          { resourceSpans: [{ scopeSpans: [{ spans: [a] }], resource: b }] },
          {
            resourceSpans: [
              {
                scopeSpans: [
                  { spans: [{ attributes: [{ key: 'k', value: a }], events: [b], links: [c] }] },
                ],
              },
            ],
          },
          { resourceLogs: [{ scopeLogs: [{ logRecords: [a, { body: b, attributes: c }] }] }] },
          {
            resourceMetrics: [
              {
                scopeMetrics: [{ metrics: [a, { gauge: { dataPoints: [b] } }, { histogram: c }] }],
              },
            ],
          },
          {
            resourceMetrics: [
              {
                scopeMetrics: [
                  {
                    metrics: [
                      { exponentialHistogram: { dataPoints: [{ positive: a }] } },
                      { summary: { dataPoints: [b] } },
                    ],
                  },
                ],
              },
            ],
          },
        ]
        for (const body of bodies) {
          const buf = Buffer.from(JSON.stringify(body))
          for (const signal of signals) {
            try {
              decoders[signal](buf, 'json')
            } catch (err) {
              if (!isObservatoryError(err)) throw err
            }
          }
        }
      }),
      { numRuns: 1000 },
    )
  })

  it('throw nothing but ObservatoryError on mutated fixture bodies', () => {
    const bodies = fixtures.filter((f) => f.encoding === 'protobuf').slice(0, 12)
    fc.assert(
      fc.property(
        fc.nat({ max: bodies.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (which, edits) => {
          const f = bodies[which]!
          const body = Buffer.from(f.body)
          for (const [pos, byte] of edits) body[pos % body.length] = byte
          try {
            decoders[f.signal](body, 'protobuf')
          } catch (err) {
            if (!isObservatoryError(err)) throw err
          }
        },
      ),
      { numRuns: 1000 },
    )
  })
})
