import http from 'node:http'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

const traceA = 'a'.repeat(31) + '1'
const traceB = 'b'.repeat(31) + '2'

function otlpJson(spans: Record<string, unknown>[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: 'service.name', value: { stringValue: 'bad-input-test' } }],
        },
        scopeSpans: [{ scope: { name: 'test' }, spans }],
      },
    ],
  })
}

function span(
  traceId: string,
  spanId: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = BigInt(Date.now()) * 1_000_000n
  return {
    traceId,
    spanId,
    name: 'step',
    kind: 1,
    startTimeUnixNano: String(now - 5_000_000n),
    endTimeUnixNano: String(now),
    attributes: [],
    ...extra,
  }
}

describe('bad input on the OTLP receivers', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({ OBSERVATORY_MAX_BODY_BYTES: String(2 * 1024 * 1024) })
  })
  afterAll(async () => server.close())

  const post = (payload: string | Buffer, headers: Record<string, string>, url = '/v1/traces') =>
    server.otlpApp.inject({ method: 'POST', url, headers, payload })

  const getSpans = async (traceId: string) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${traceId}`,
      headers: authHeader,
    })
    return res.statusCode === 200
      ? res.json<{ data: { spans: Record<string, unknown>[] } }>().data.spans
      : []
  }

  it('answers malformed protobuf with 400 and a google.rpc.Status body in protobuf', async () => {
    const res = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
      'content-type': 'application/x-protobuf',
    })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/x-protobuf')
  })

  it('answers malformed JSON with 400 in the error envelope', async () => {
    const res = await post('{"resourceSpans": [', { 'content-type': 'application/json' })
    expect(res.statusCode).toBe(400)
    const body = res.json<{ error: { code: string; message: string } }>()
    expect(body.error.code).toBe('bad_request')
    expect(body.error.message.length).toBeGreaterThan(0)
  })

  it('answers an unsupported content type with 415', async () => {
    const res = await post('hello', { 'content-type': 'text/plain' })
    expect(res.statusCode).toBe(415)
    expect(res.json<{ error: { code: string } }>().error.code).toBe('unsupported_media_type')
  })

  it('rejects only the spans with bad ids and reports them in partialSuccess', async () => {
    const res = await post(
      otlpJson([
        span(traceA, '1'.repeat(16)),
        span('not-hex', '2'.repeat(16)),
        span(traceA, '0'.repeat(16)),
      ]),
      { 'content-type': 'application/json' },
    )
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      partialSuccess?: { rejectedSpans?: number | string; errorMessage?: string }
    }>()
    expect(Number(body.partialSuccess?.rejectedSpans)).toBe(2)
    expect(body.partialSuccess?.errorMessage).toMatch(/id/i)
    expect(await getSpans(traceA)).toHaveLength(1)
  })

  it('keeps spans with absurd timestamps instead of rejecting them', async () => {
    const res = await post(
      otlpJson([
        span(traceB, '3'.repeat(16), {
          startTimeUnixNano: '0',
          endTimeUnixNano: '99999999999999999999',
        }),
      ]),
      { 'content-type': 'application/json' },
    )
    expect(res.statusCode).toBe(200)
    const spans = await getSpans(traceB)
    expect(spans).toHaveLength(1)
    const start = Date.parse(spans[0]!['start_time'] as string)
    expect(start).toBeGreaterThan(Date.parse('2020-01-01'))
  })

  it('answers an oversized body with 413 naming the limit', async () => {
    const res = await post(Buffer.alloc(3 * 1024 * 1024, 0x20), {
      'content-type': 'application/json',
    })
    expect(res.statusCode).toBe(413)
    const body = res.json<{ error: { code: string; details: { limit_bytes: number } } }>()
    expect(body.error.code).toBe('payload_too_large')
    expect(body.error.details.limit_bytes).toBe(2 * 1024 * 1024)
  })

  it('answers a gzip bomb with 413 and a corrupt gzip body with 400', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20))
    const res = await post(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
    expect(res.statusCode).toBe(413)
    const corrupt = await post(Buffer.from('definitely not gzip'), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    })
    expect(corrupt.statusCode).toBe(400)
  })

  it('truncates huge and deeply nested attributes with a marker instead of rejecting the span', async () => {
    const traceId = 'c'.repeat(31) + '3'
    let nested: Record<string, unknown> = { stringValue: 'leaf' }
    for (let i = 0; i < 40; i++)
      nested = { kvlistValue: { values: [{ key: `k${i}`, value: nested }] } }
    const res = await post(
      otlpJson([
        span(traceId, '4'.repeat(16), {
          attributes: [
            { key: 'huge', value: { stringValue: 'x'.repeat(1024 * 1024) } },
            { key: 'deep', value: nested },
          ],
        }),
      ]),
      { 'content-type': 'application/json' },
    )
    expect(res.statusCode).toBe(200)
    const [stored] = await getSpans(traceId)
    const attributes = stored!['attributes'] as Record<string, unknown>
    const huge = attributes['huge'] as string
    expect(huge.length).toBeLessThan(1024 * 1024)
    expect(huge.endsWith('[truncated]')).toBe(true)
    expect(JSON.stringify(attributes['deep'])).toContain('[truncated]')
  })

  it('accepts invalid UTF-8 and unknown fields without losing the span', async () => {
    const traceId = 'd'.repeat(31) + '4'
    const json = otlpJson([
      span(traceId, '5'.repeat(16), {
        futureField: { nested: true },
        attributes: [{ key: 'text', value: { stringValue: 'PLACEHOLDER' } }],
      }),
    ]).replace('"futureField"', '"someUnknownTopLevel":1,"futureField"')
    const bytes = Buffer.from(json)
    const at = bytes.indexOf('PLACEHOLDER')
    bytes[at] = 0xff
    bytes[at + 1] = 0xfe
    const res = await post(bytes, { 'content-type': 'application/json' })
    expect(res.statusCode).toBe(200)
    expect(await getSpans(traceId)).toHaveLength(1)
  })

  it('accepts chunked bodies with no Content-Length on a real socket', async () => {
    await server.otlpApp.listen({ port: 0, host: '127.0.0.1' })
    const port = (server.otlpApp.server.address() as { port: number }).port
    const traceId = 'e'.repeat(31) + '5'
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/v1/traces',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      const body = otlpJson([span(traceId, '6'.repeat(16))])
      req.write(body.slice(0, 50))
      req.end(body.slice(50))
    })
    expect(status).toBe(200)
    expect(await getSpans(traceId)).toHaveLength(1)
  })

  it('refuses unauthenticated OTLP from a non-loopback address and wrong keys', async () => {
    const remote = await server.otlpApp.inject({
      method: 'POST',
      url: '/v1/traces',
      remoteAddress: '10.1.2.3',
      headers: { 'content-type': 'application/json' },
      payload: otlpJson([]),
    })
    expect(remote.statusCode).toBe(401)
    const wrong = await post(otlpJson([]), {
      'content-type': 'application/json',
      authorization: 'Bearer sk-lo-wrong-secret',
    })
    expect(wrong.statusCode).toBe(401)
  })

  it('never answers 5xx to random bodies and stays healthy (fuzz)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .uint8Array({ maxLength: 2048 })
            .map((a) => ({ body: Buffer.from(a), type: 'application/x-protobuf' })),
          fc.json().map((j) => ({ body: Buffer.from(j), type: 'application/json' })),
          fc.jsonValue().map((v) => ({
            body: Buffer.from(
              JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [v] }] }] }),
            ),
            type: 'application/json',
          })),
        ),
        fc.constantFrom('/v1/traces', '/v1/logs', '/v1/metrics'),
        async ({ body, type }, url) => {
          const res = await post(body, { 'content-type': type }, url)
          expect(res.statusCode).toBeLessThan(500)
        },
      ),
      { numRuns: 300 },
    )
    const health = await server.app.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
  })
})
