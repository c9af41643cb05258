import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

describe('REST ingestion', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  const post = (url: string, payload: unknown, headers: Record<string, string> = authHeader) =>
    server.app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> })

  const readTrace = async (traceId: string) => {
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${traceId}`,
      headers: authHeader,
    })
    expect(res.statusCode).toBe(200)
    return res.json<{
      data: { trace: Record<string, unknown>; spans: Record<string, unknown>[] }
    }>()
  }

  it('stores one LLM log with messages, usage, latency parts and a computed cost', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c'
    const res = await post('/api/v1/ingest/llm', {
      provider: 'OpenAI',
      model: 'gpt-4o-2024-08-06',
      trace_id: traceId,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
      response: 'Sunny, 21 °C.',
      usage: {
        prompt_tokens: 1200,
        completion_tokens: 300,
        prompt_tokens_details: { cached_tokens: 200 },
      },
      latency_ms: 900,
      breakdown: { queue_ms: 20, processing_ms: 800, network_ms: 80 },
      ttft_ms: 150,
      user_id: 'user-7',
      session_id: 'sess-1',
      tags: ['prod', 'checkout'],
      metadata: { customer_tier: 'gold' },
    })
    expect(res.statusCode).toBe(201)
    const { data } = await readTrace(traceId)
    const span = data.spans[0]!
    expect(span['provider']).toBe('openai')
    expect(span['input_tokens']).toBe(1200)
    expect(span['cached_input_tokens']).toBe(200)
    expect(span['output_tokens']).toBe(300)
    expect(span['ttft_ms']).toBe(150)
    expect(span['user_id']).toBe('user-7')
    expect(span['tags']).toEqual(['prod', 'checkout'])
    // gpt-4o: $2.50 input, $1.25 cached input, $10 output per MTok.
    expect(span['cost_usd']).toBeCloseTo((1000 * 2.5 + 200 * 1.25 + 300 * 10) / 1e6, 12)
    expect(span['cost_source']).toBe('computed')
    const roles = (span['input_messages'] as { role: string }[]).map((m) => m.role)
    expect(roles).toEqual(['system', 'user'])
    expect((span['attributes'] as Record<string, unknown>)['observatory.latency.queue_ms']).toBe(20)
    expect(data.trace['session_id']).toBe('sess-1')
  })

  it('estimates tokens with a tokenizer when a log gives text but no usage, and says so', async () => {
    const res = await post('/api/v1/ingest/llm', {
      model: 'gpt-4o-mini',
      prompt: 'hello world',
      response: 'hello world',
    })
    expect(res.statusCode).toBe(201)
    const body = res.json<{
      data: { trace_id: string; usage_estimated: boolean; output_tokens: number }
    }>()
    expect(body.data.usage_estimated).toBe(true)
    // "hello world" is 2 tokens in o200k_base.
    expect(body.data.output_tokens).toBe(2)
    const { data } = await readTrace(body.data.trace_id)
    expect(data.spans[0]!['provider']).toBe('openai')
  })

  it('answers a bulk request per item and keeps the valid items', async () => {
    const res = await post('/api/v1/ingest/llm/bulk', {
      logs: [
        {
          model: 'gpt-4o-mini',
          trace_id: '1'.repeat(32),
          span_id: '1'.repeat(16),
          prompt: 'a',
          response: 'b',
          usage: { prompt_tokens: 5, completion_tokens: 1 },
        },
        { model: 'gpt-4o-mini', usage: { prompt_tokens: -3 } },
        {
          model: 'gpt-4o-mini',
          trace_id: '1'.repeat(32),
          span_id: '1'.repeat(16),
          prompt: 'a',
          response: 'b',
        },
      ],
    })
    expect(res.statusCode).toBe(207)
    const body = res.json<{
      status: string
      data: {
        batch_id: string
        results: { status: string; error?: { field_errors: { field: string }[] } }[]
      }
    }>()
    expect(body.status).toBe('partial')
    expect(body.data.batch_id).toMatch(/^[0-9a-f-]{36}$/)
    expect(body.data.results.map((i) => i.status)).toEqual(['success', 'failed', 'skipped'])
    expect(body.data.results[1]!.error!.field_errors.length).toBeGreaterThan(0)
    const { data } = await readTrace('1'.repeat(32))
    expect(data.spans).toHaveLength(1)
  })

  it('stores application logs linked to their trace', async () => {
    const traceId = '2'.repeat(32)
    await post('/api/v1/ingest/llm', {
      model: 'gpt-4o-mini',
      trace_id: traceId,
      prompt: 'x',
      response: 'y',
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    })
    const res = await post('/api/v1/ingest/app', {
      logs: [
        { level: 'ERROR', message: 'payment failed', trace_id: traceId, logger: 'checkout' },
        { level: 'DEBUG', message: 'retrying' },
      ],
    })
    expect(res.statusCode).toBe(201)
    expect(res.json<{ data: { accepted: number } }>().data.accepted).toBe(2)
    const trace = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${traceId}`,
      headers: authHeader,
    })
    const logs = trace.json<{ data: { logs: { severity_text: string; body: unknown }[] } }>().data
      .logs
    expect(logs.map((l) => l.severity_text)).toEqual(['ERROR'])
  })

  it('stores system and custom metrics', async () => {
    const before = await server.services.backend.countRows(
      server.services.bootstrap.defaultProject.id,
    )
    const res = await post('/api/v1/ingest/metrics', {
      name: 'queue.depth',
      value: 17,
      tags: { queue: 'embeddings' },
    })
    expect(res.statusCode).toBe(201)
    const accepted = res.json<{ data: { accepted: number } }>().data.accepted
    expect(accepted).toBe(1)
    const after = await server.services.backend.countRows(
      server.services.bootstrap.defaultProject.id,
    )
    expect(after.metrics - before.metrics).toBe(1)
  })

  it('checks schema_version of analytics events: same major accepted, another major is a 400 naming the supported versions', async () => {
    const ok = await post('/api/v1/events', {
      source_module: 'llm-sentinel',
      event_type: 'security',
      schema_version: '1.4.0',
      severity: 'warning',
      payload: { type: 'prompt_injection', score: 0.93 },
    })
    expect(ok.statusCode).toBe(201)
    const bad = await post('/api/v1/events', {
      source_module: 'llm-sentinel',
      event_type: 'security',
      schema_version: '2.0',
      payload: {},
    })
    expect(bad.statusCode).toBe(400)
    const err = bad.json<{ error: { code: string; message: string } }>().error
    expect(err.code).toBe('validation_error')
    expect(err.message).toContain('1.x')
    expect(
      bad.json<{ error: { details: { supported_versions: string[] } } }>().error.details
        .supported_versions,
    ).toEqual(['1.x'])
  })

  it('requires a key for REST ingestion, even from loopback', async () => {
    const res = await post('/api/v1/ingest/llm', { model: 'gpt-4o' }, {})
    expect(res.statusCode).toBe(401)
    expect(res.json<{ error: { code: string } }>().error.code).toBe('unauthorized')
  })

  it('accepts the key as x-api-key and as Basic public:secret', async () => {
    const x = await post(
      '/api/v1/ingest/app',
      { level: 'INFO', message: 'hi' },
      { 'x-api-key': authHeader.authorization.slice(7) },
    )
    expect(x.statusCode).toBe(201)
    const basic = Buffer.from(`pk-lo-test-public:${authHeader.authorization.slice(7)}`).toString(
      'base64',
    )
    const b = await post(
      '/api/v1/ingest/app',
      { level: 'INFO', message: 'hi' },
      { authorization: `Basic ${basic}` },
    )
    expect(b.statusCode).toBe(201)
  })
})
