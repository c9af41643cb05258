import { createRequire } from 'node:module'
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { isObservatoryError, type ObservatoryError } from '@llm-observatory/core'
import {
  decodeOtlpExportResponse,
  decodeOtlpTraces,
  encodeOtlpExportResponse,
  encodeOtlpStatus,
  gunzipBody,
} from '@llm-observatory/ingest'
import { readOtlpFixture } from './otlp-fixtures.js'

// The protobufjs codecs, used here as an independent reader of what we encode.
const require = createRequire(import.meta.url)
const root = require('otlp-transformer-proto/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: Record<string, { v1: Record<string, ProtoType> }> } }
}
interface ProtoType {
  decode(buf: Uint8Array): object
  toObject(message: object, options: object): Record<string, unknown>
}
const collector = root.opentelemetry.proto.collector

async function rejection(promise: Promise<unknown>): Promise<ObservatoryError> {
  try {
    await promise
  } catch (err) {
    if (isObservatoryError(err)) return err
    throw err
  }
  throw new Error('expected a rejection')
}

describe('gunzipBody', () => {
  const bin = readOtlpFixture('otel-contrib-proto/chat/001-traces.bin')

  it('inflates a gzipped protobuf body to the same request', async () => {
    const body = await gunzipBody(gzipSync(bin), 1024 * 1024)
    expect(body.equals(bin)).toBe(true)
    expect(decodeOtlpTraces(body, 'protobuf').resourceSpans?.length).toBe(1)
  })

  it('inflates zlib and raw deflate bodies (both are sent as Content-Encoding: deflate)', async () => {
    expect((await gunzipBody(deflateSync(bin), 1024 * 1024)).equals(bin)).toBe(true)
    expect((await gunzipBody(deflateRawSync(bin), 1024 * 1024)).equals(bin)).toBe(true)
  })

  it('stops a zip bomb at the limit with ERR_INGEST_TOO_LARGE', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(20_000)
    const err = await rejection(gunzipBody(bomb, 1024 * 1024))
    expect(err.code).toBe('ERR_INGEST_TOO_LARGE')
    expect(err.statusCode).toBe(413)
    expect(err.details).toEqual({ limit_bytes: 1024 * 1024 })
  })

  it('accepts a body of exactly the limit', async () => {
    const body = await gunzipBody(gzipSync(Buffer.alloc(4096, 1)), 4096)
    expect(body.length).toBe(4096)
  })

  it('rejects corrupt and truncated gzip with ERR_INGEST_UNDECODABLE', async () => {
    const gz = gzipSync(bin)
    const corrupt = Buffer.from(gz)
    corrupt[20] = corrupt[20]! ^ 0xff
    corrupt[21] = corrupt[21]! ^ 0xff
    expect((await rejection(gunzipBody(corrupt, 1024 * 1024))).code).toBe('ERR_INGEST_UNDECODABLE')
    const truncated = gz.subarray(0, gz.length - 30)
    expect((await rejection(gunzipBody(truncated, 1024 * 1024))).code).toBe(
      'ERR_INGEST_UNDECODABLE',
    )
    expect((await rejection(gunzipBody(Buffer.alloc(0), 1024))).code).toBe('ERR_INGEST_UNDECODABLE')
  })
})

describe('encodeOtlpExportResponse', () => {
  it('is empty on full success: 0 bytes of protobuf, {} in JSON', () => {
    expect(encodeOtlpExportResponse('traces', 'protobuf', null)).toEqual(Buffer.alloc(0))
    expect(encodeOtlpExportResponse('logs', 'json', null)).toBe('{}')
    expect(encodeOtlpExportResponse('metrics', 'json', { rejected: 0, errorMessage: '' })).toBe(
      '{}',
    )
  })

  it.each([
    ['traces', 'trace', 'ExportTraceServiceResponse', 'rejectedSpans'],
    ['logs', 'logs', 'ExportLogsServiceResponse', 'rejectedLogRecords'],
    ['metrics', 'metrics', 'ExportMetricsServiceResponse', 'rejectedDataPoints'],
  ] as const)(
    'writes a %s partialSuccess that the protobuf decoder reads back',
    (signal, pkg, type, field) => {
      const rejections = { rejected: 2, errorMessage: '2 spans have an invalid trace id' }
      const body = encodeOtlpExportResponse(signal, 'protobuf', rejections) as Buffer
      const codec = collector[pkg]!.v1[type]!
      const read = codec.toObject(codec.decode(body), { longs: String })
      expect(read).toEqual({
        partialSuccess: { [field]: '2', errorMessage: rejections.errorMessage },
      })
      expect(decodeOtlpExportResponse(signal, body)).toEqual(rejections)
    },
  )

  it('writes the JSON partialSuccess with the counter as a decimal string', () => {
    const json = encodeOtlpExportResponse('traces', 'json', {
      rejected: 2,
      errorMessage: 'bad ids',
    })
    expect(JSON.parse(json as string)).toEqual({
      partialSuccess: { rejectedSpans: '2', errorMessage: 'bad ids' },
    })
    const logs = encodeOtlpExportResponse('logs', 'json', { rejected: 1, errorMessage: 'x' })
    expect(JSON.parse(logs as string)).toEqual({
      partialSuccess: { rejectedLogRecords: '1', errorMessage: 'x' },
    })
  })
})

describe('encodeOtlpStatus', () => {
  it('hand-encodes google.rpc.Status as protobuf fields 1 (code) and 2 (message)', () => {
    const body = encodeOtlpStatus(3, 'bad body', 'protobuf') as Buffer
    expect([...body]).toEqual([0x08, 3, 0x12, 8, ...Buffer.from('bad body')])
  })

  it('encodes a long UTF-8 message with a multi-byte length', () => {
    const message = 'é'.repeat(100)
    const body = encodeOtlpStatus(14, message, 'protobuf') as Buffer
    // 200 bytes of UTF-8: varint 200 = 0xc8 0x01.
    expect([...body.subarray(0, 5)]).toEqual([0x08, 14, 0x12, 0xc8, 0x01])
    expect(body.subarray(5).toString('utf8')).toBe(message)
  })

  it('writes JSON as {code, message}', () => {
    expect(JSON.parse(encodeOtlpStatus(8, 'slow down', 'json') as string)).toEqual({
      code: 8,
      message: 'slow down',
    })
  })
})
