import { describe, expect, it } from 'vitest'
import Fastify from 'fastify'
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox'
import type { TSchema } from 'typebox'
import { Value } from 'typebox/value'
import {
  AnalyticsEventRequest,
  AppLogRequest,
  BatchResponseSchema,
  Envelope,
  ErrorEnvelope,
  LlmBulkRequest,
  LlmLogRequest,
  MetricsRequest,
  SystemMetrics,
  contractFieldErrors,
} from './index.js'

const openAiLog = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'weather', arguments: '{"city":"Paris"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '18C, clear' },
  ],
  response: 'It is 18C and clear.',
  usage: { prompt_tokens: 19, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 3 } },
  latency_ms: 812.5,
  timestamp: '2025-06-01T12:00:00.812500Z',
  params: { temperature: 0.2, stream: false, seed: 7 },
  tags: ['checkout'],
  metadata: { tenant: 'acme' },
  eval_count: 12,
}

describe('LlmLogRequest', () => {
  it('accepts an OpenAI-style log with unknown fields', () => {
    expect(Value.Check(LlmLogRequest, openAiLog)).toBe(true)
  })

  it('accepts null for optional fields and epoch milliseconds for times', () => {
    expect(
      Value.Check(LlmLogRequest, { cost_usd: null, user_id: null, timestamp: 1748779200000 }),
    ).toBe(true)
  })

  it('names the fields whose types are wrong', () => {
    const errors = contractFieldErrors(LlmLogRequest, {
      temperature: 'hot',
      usage: { prompt_tokens: -1 },
      messages: [{ content: 'no role' }],
      timestamp: true,
    })
    expect(errors).toEqual([
      { field: 'messages.0.role', message: 'is required' },
      { field: 'usage.prompt_tokens', message: 'must be >= 0' },
      { field: 'timestamp', message: 'must be either string or number' },
      { field: 'temperature', message: 'must be either number or null' },
    ])
  })

  it('prefixes field paths', () => {
    expect(contractFieldErrors(LlmLogRequest, { tokens: { input: 1.5 } }, 'logs.2')).toEqual([
      { field: 'logs.2.tokens.input', message: 'must be either integer or null' },
    ])
  })
})

describe('request unions', () => {
  it('accepts single and batch app logs', () => {
    expect(Value.Check(AppLogRequest, { level: 'INFO', message: 'ok' })).toBe(true)
    expect(Value.Check(AppLogRequest, { logs: [{ level: 'ERROR', message: 'x' }] })).toBe(true)
  })

  it('accepts custom metrics, system snapshots and batches', () => {
    expect(
      Value.Check(MetricsRequest, { name: 'queue.depth', value: 3, tags: { q: 'a', n: 2 } }),
    ).toBe(true)
    expect(
      Value.Check(MetricsRequest, {
        cpu_percent: 40,
        gpus: [{ index: 0, utilization_percent: 90 }],
      }),
    ).toBe(true)
    expect(
      Value.Check(MetricsRequest, { metrics: [{ name: 'a', value: 1 }, { cpu_percent: 1 }] }),
    ).toBe(true)
  })

  it('rejects a system snapshot with a percentage over 100', () => {
    expect(contractFieldErrors(SystemMetrics, { cpu_percent: 140 })).toEqual([
      { field: 'cpu_percent', message: 'must be <= 100' },
    ])
  })

  it('reports one error for a union that matches no branch', () => {
    expect(contractFieldErrors(AppLogRequest, 'text')).toEqual([
      { field: '(body)', message: 'does not match any of the accepted shapes' },
    ])
  })

  it('accepts flat, nested and batched analytics events', () => {
    const flat = {
      source_module: 'llm-sentinel',
      event_type: 'security',
      payload: { type: 'threat' },
    }
    expect(Value.Check(AnalyticsEventRequest, flat)).toBe(true)
    expect(Value.Check(AnalyticsEventRequest, { common: flat, payload: {} })).toBe(true)
    expect(Value.Check(AnalyticsEventRequest, { events: [flat, { anything: 1 }] })).toBe(true)
    expect(Value.Check(AnalyticsEventRequest, { events: [] })).toBe(false)
  })
})

describe('response schemas', () => {
  it('describe a batch answer inside the envelope', () => {
    const body = {
      status: 'partial',
      data: {
        batch_id: 'b1',
        status: 'partial_success',
        total_items: 2,
        success_count: 1,
        failure_count: 1,
        skipped_count: 0,
        results: [
          { index: 0, id: '00f067aa0ba902b7', status: 'success' },
          {
            index: 1,
            id: null,
            status: 'failed',
            error: {
              code: 'validation_error',
              message: 'The request is not valid.',
              field_errors: [{ field: 'usage.input', message: 'must be >= 0' }],
            },
          },
        ],
      },
      error: null,
      meta: {
        request_id: 'r1',
        timestamp: '2025-06-01T12:00:00.000Z',
        api_version: 'v1',
        response_time_ms: 1.5,
      },
    }
    expect(Value.Check(Envelope(BatchResponseSchema), body)).toBe(true)
    expect(Value.Check(ErrorEnvelope, body)).toBe(false)
    expect(Value.Check(Envelope(BatchResponseSchema), { ...body, status: 'done' })).toBe(false)
  })
})

const routeSchemas: [string, TSchema][] = [
  ['/llm', LlmLogRequest],
  ['/llm/bulk', LlmBulkRequest],
  ['/app', AppLogRequest],
  ['/metrics', MetricsRequest],
  ['/events', AnalyticsEventRequest],
]

async function buildApp(useTypeBoxCompiler: boolean) {
  // allowUnionTypes: Ajv's strict mode otherwise warns about `type: [...]` lists (valid JSON Schema).
  const app = Fastify({ logger: false, ajv: { customOptions: { allowUnionTypes: true } } })
  if (useTypeBoxCompiler) app.setValidatorCompiler(TypeBoxValidatorCompiler)
  for (const [url, schema] of routeSchemas) {
    app.post(
      url,
      { schema: { body: schema, response: { 200: Envelope(BatchResponseSchema) } } },
      async (request) => ({
        status: 'success',
        data: null,
        error: null,
        meta: {
          request_id: 'r',
          timestamp: 't',
          api_version: 'v1',
          response_time_ms: 0,
          echo: request.body,
        },
      }),
    )
  }
  app.post('/echo', { schema: { body: LlmLogRequest } }, async (request) => request.body)
  await app.ready()
  return app
}

describe.each([
  ['Fastify Ajv (coerceTypes, allowUnionTypes)', false],
  ['TypeBoxValidatorCompiler', true],
])('route schemas under %s', (_name, useTypeBoxCompiler) => {
  it('compile, accept valid bodies and reject invalid ones', async () => {
    const app = await buildApp(useTypeBoxCompiler)
    const ok = await app.inject({ method: 'POST', url: '/llm', payload: openAiLog })
    expect(ok.statusCode).toBe(200)
    const bad = await app.inject({ method: 'POST', url: '/llm', payload: { usage: { input: -5 } } })
    expect(bad.statusCode).toBe(400)
    const bulk = await app.inject({
      method: 'POST',
      url: '/llm/bulk',
      payload: { logs: [openAiLog, { usage: 'x' }] },
    })
    expect(bulk.statusCode).toBe(200)
    const bare = await app.inject({
      method: 'POST',
      url: '/llm/bulk',
      payload: [openAiLog, { x: 1 }],
    })
    expect(bare.statusCode).toBe(200)
    const empty = await app.inject({ method: 'POST', url: '/llm/bulk', payload: { logs: [] } })
    expect(empty.statusCode).toBe(400)
    for (const [url, payload] of [
      ['/app', [{ level: 'INFO', message: 'a' }]],
      ['/metrics', [{ name: 'a', value: 1 }, { cpu_percent: 3 }]],
      ['/events', [{ source_module: 'x', event_type: 'audit' }]],
    ] as const) {
      const res = await app.inject({ method: 'POST', url, payload })
      expect(res.statusCode, url).toBe(200)
    }
    const metrics = await app.inject({
      method: 'POST',
      url: '/metrics',
      payload: { name: 'a', value: 1 },
    })
    expect(metrics.statusCode).toBe(200)
    await app.close()
  })

  it('keeps null counts null and numeric times numeric (no coercion through anyOf)', async () => {
    const app = await buildApp(useTypeBoxCompiler)
    const res = await app.inject({
      method: 'POST',
      url: '/echo',
      payload: { prompt_tokens: null, timestamp: 1748779200000, cost_usd: null },
    })
    expect(res.json()).toEqual({ prompt_tokens: null, timestamp: 1748779200000, cost_usd: null })
    await app.close()
  })
})
