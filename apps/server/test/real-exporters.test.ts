import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SpanKind, SpanStatusCode } from '@opentelemetry/api'
import { TracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc'
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto'
import { loadConfig } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { startServer, type RunningServer } from '../src/server.js'
import { freePort, testPublicKey, testSecretKey } from './test-server.js'

// Real OTel SDK exporters against real listeners: gRPC (:4317 role), and HTTP protobuf with
// gzip and chunked transfer (what every JS exporter sends), unauthenticated from loopback.
describe('real OpenTelemetry exporters', () => {
  let server: RunningServer
  let dataDir: string

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'observatory-exporters-'))
    const config = loadConfig(
      {
        OBSERVATORY_DATA_DIR: dataDir,
        OBSERVATORY_PORT: String(await freePort()),
        OBSERVATORY_OTLP_HTTP_PORT: String(await freePort()),
        OBSERVATORY_OTLP_GRPC_PORT: String(await freePort()),
        OBSERVATORY_INIT_PROJECT_PUBLIC_KEY: testPublicKey,
        OBSERVATORY_INIT_PROJECT_SECRET_KEY: testSecretKey,
        OBSERVATORY_FLUSH_INTERVAL_MS: '5',
      },
      [],
    )
    server = await startServer(config, createLogger('silent'))
  })
  afterAll(async () => {
    await server.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  async function sendOneLlmSpan(exporter: SpanExporter, serviceName: string): Promise<string> {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': serviceName }),
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    })
    const tracer = provider.getTracer('compat-test')
    const span = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 200,
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
        ]),
      },
    })
    span.setStatus({ code: SpanStatusCode.OK })
    span.end()
    const traceId = span.spanContext().traceId
    await provider.forceFlush()
    await provider.shutdown()
    return traceId
  }

  async function readTrace(traceId: string) {
    const res = await fetch(`http://127.0.0.1:${server.ports.api}/api/v1/traces/${traceId}`, {
      headers: { authorization: `Bearer ${testSecretKey}` },
    })
    expect(res.status).toBe(200)
    return (await res.json()) as { data: { spans: Record<string, unknown>[] } }
  }

  it('accepts OTLP/gRPC from @opentelemetry/exporter-trace-otlp-grpc', async () => {
    const traceId = await sendOneLlmSpan(
      new GrpcExporter({ url: `http://127.0.0.1:${server.ports.otlpGrpc}` }),
      'grpc-app',
    )
    const { data } = await readTrace(traceId)
    expect(data.spans).toHaveLength(1)
    const span = data.spans[0]!
    expect(span['service_name']).toBe('grpc-app')
    expect(span['input_tokens']).toBe(1000)
    // gpt-4o: $2.50 in / $10 out per MTok; the dated name resolves to it.
    expect(span['cost_usd']).toBeCloseTo((1000 * 2.5 + 200 * 10) / 1e6, 12)
  })

  it('accepts gzip-compressed, chunked OTLP/HTTP protobuf from @opentelemetry/exporter-trace-otlp-proto', async () => {
    const traceId = await sendOneLlmSpan(
      new ProtoExporter({
        url: `http://127.0.0.1:${server.ports.otlpHttp}/v1/traces`,
        compression: 'gzip' as never,
      }),
      'http-app',
    )
    const { data } = await readTrace(traceId)
    expect(data.spans[0]!['service_name']).toBe('http-app')
    expect(data.spans[0]!['output_tokens']).toBe(200)
  })

  it('accepts the same exporter on the API port under a path prefix, with a Basic key', async () => {
    const basic = Buffer.from(`${testPublicKey}:${testSecretKey}`).toString('base64')
    const traceId = await sendOneLlmSpan(
      new ProtoExporter({
        url: `http://127.0.0.1:${server.ports.api}/api/public/otel/v1/traces`,
        headers: { authorization: `Basic ${basic}` },
      }),
      'prefixed-app',
    )
    const { data } = await readTrace(traceId)
    expect(data.spans[0]!['service_name']).toBe('prefixed-app')
  })
})
