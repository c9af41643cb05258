import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ObservatoryError, type Span } from '@llm-observatory/core'
import type { LlmLogRequest } from '@llm-observatory/contracts'
import { randomProjectId } from '@llm-observatory/testkit'
import { makeBatchResponse } from './batch-response.js'
import { mapLlmBulk } from './map-llm-bulk.js'
import { mapLlmLog } from './map-llm-log.js'
import type { RestMapContext } from './rest-context.js'

const projectId = randomProjectId()
/** 2025-06-01T12:00:00Z */
const noonUs = 1_748_779_200_000_000
const receivedAtUs = noonUs + 60_000_000

function fixedContext(): RestMapContext {
  return { projectId, receivedAtUs, randomHex: (n) => (n === 32 ? 'a'.repeat(32) : 'b'.repeat(16)) }
}

/** Distinct ids per call, so random-id items of one batch are not duplicates. */
function countingContext(): RestMapContext {
  let n = 0
  return { projectId, receivedAtUs, randomHex: (len) => (++n).toString(16).padStart(len, '0') }
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex')
}

function validationErrorOf(fn: () => unknown): ObservatoryError {
  try {
    fn()
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error('expected an ObservatoryError')
}

const openAiChat: LlmLogRequest = {
  provider: 'OpenAI',
  model: 'gpt-4o-mini',
  service_name: 'checkout-api',
  environment: 'production',
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
  response: {
    id: 'chatcmpl-123',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'It is 18C and clear.' },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 19,
      completion_tokens: 9,
      total_tokens: 28,
      prompt_tokens_details: { cached_tokens: 3 },
      completion_tokens_details: { reasoning_tokens: 2 },
    },
  },
  latency_ms: 812.5,
  ttft_ms: 240,
  timestamp: '2025-06-01T12:00:00.812500Z',
  params: { temperature: 0.2, top_p: 1, max_tokens: 256, stream: false, seed: 7, stop: ['\n\n'] },
  queue_time_ms: 12,
  processing_time_ms: 790.5,
  user_id: 'u-42',
  session_id: 's-7',
  tags: ['checkout', 'beta', 'checkout'],
  metadata: { tenant: 'acme', attempt: 2 },
  cost_usd: 0.0000123,
  eval_count: 12,
}

describe('mapLlmLog', () => {
  it('maps an OpenAI chat log with tool calls, usage and a response object to a full span', () => {
    const expected: Span = {
      projectId,
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
      parentSpanId: null,
      name: 'chat gpt-4o-mini',
      kind: 'llm',
      otelKind: null,
      startTimeUs: noonUs,
      endTimeUs: noonUs + 812_500,
      durationMs: 812.5,
      status: 'unset',
      errorType: null,
      errorMessage: null,
      serviceName: 'checkout-api',
      environment: 'production',
      release: null,
      scopeName: null,
      scopeVersion: null,
      provider: 'openai',
      operation: 'chat',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 19,
      cachedInputTokens: 3,
      cacheWriteTokens: null,
      outputTokens: 9,
      reasoningTokens: 2,
      totalTokens: 28,
      usageEstimated: false,
      countsUsage: true,
      costUsd: 0.0000123,
      costInputUsd: null,
      costOutputUsd: null,
      costCacheReadUsd: null,
      costCacheWriteUsd: null,
      costSource: 'reported',
      priceSource: 'ingested',
      temperature: 0.2,
      topP: 1,
      maxTokens: 256,
      stream: false,
      ttftMs: 240,
      tokensPerSecond: null,
      finishReason: 'stop',
      inputMessages: [
        { role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Paris' } },
          ],
        },
        { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', content: '18C, clear' }] },
      ],
      outputMessages: [
        {
          role: 'assistant',
          parts: [{ type: 'text', content: 'It is 18C and clear.' }],
          finishReason: 'stop',
        },
      ],
      toolDefinitions: null,
      userId: 'u-42',
      sessionId: 's-7',
      tags: ['checkout', 'beta'],
      metadata: { tenant: 'acme', attempt: '2' },
      attributes: {
        eval_count: 12,
        'gen_ai.request.seed': 7,
        'gen_ai.request.stop_sequences': ['\n\n'],
        'observatory.latency.queue_ms': 12,
        'observatory.latency.processing_ms': 790.5,
        'gen_ai.response.id': 'chatcmpl-123',
      },
      resourceAttributes: {},
      events: [],
      redactionCount: 0,
    }
    expect(mapLlmLog(openAiChat, fixedContext())).toEqual(expected)
  })

  it('adds Anthropic cache reads and writes to input tokens and maps content blocks', () => {
    const span = mapLlmLog(
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        system: 'Answer briefly.',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this picture?' },
              {
                type: 'image',
                source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' },
              },
            ],
          },
          {
            role: 'assistant',
            content: [{ type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'cat' } }],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: [{ type: 'text', text: 'a cat' }],
              },
            ],
          },
        ],
        response: {
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5-20250929',
          content: [
            { type: 'thinking', thinking: 'The tool said cat.' },
            { type: 'text', text: 'A cat.' },
          ],
          stop_reason: 'end_turn',
          usage: {
            input_tokens: 21,
            cache_read_input_tokens: 4,
            cache_creation_input_tokens: 2,
            output_tokens: 11,
          },
        },
        start_time: 1_748_779_200_000,
        end_time: 1_748_779_201_500,
      },
      fixedContext(),
    )
    expect(span.startTimeUs).toBe(noonUs)
    expect(span.endTimeUs).toBe(noonUs + 1_500_000)
    expect(span.durationMs).toBe(1500)
    expect([span.inputTokens, span.cachedInputTokens, span.cacheWriteTokens]).toEqual([27, 4, 2])
    expect([span.outputTokens, span.reasoningTokens, span.totalTokens]).toEqual([11, null, 38])
    expect(span.responseModel).toBe('claude-sonnet-4-5-20250929')
    expect(span.finishReason).toBe('stop')
    expect(span.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Answer briefly.' }] },
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'What is in this picture?' },
          {
            type: 'media',
            modality: 'image',
            mimeType: 'image/png',
            uri: null,
            content: 'iVBORw0KGgo=',
          },
        ],
      },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'toolu_1', name: 'lookup', arguments: { q: 'cat' } }],
      },
      { role: 'user', parts: [{ type: 'tool_result', id: 'toolu_1', content: 'a cat' }] },
    ])
    expect(span.outputMessages).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'reasoning', content: 'The tool said cat.' },
          { type: 'text', content: 'A cat.' },
        ],
        finishReason: 'stop',
      },
    ])
  })

  it('maps the flat seed-003 inference record: epoch seconds, latency parts, failure, ids from request_id', () => {
    const span = mapLlmLog(
      {
        request_id: 'req-abc123',
        timestamp: 1_748_779_200.5,
        model_name: 'llama3:8b',
        model_version: 'q4_0',
        prompt: 'Summarize the ticket.',
        response: 'A summary.',
        prompt_tokens: 26,
        completion_tokens: 40,
        total_tokens: 66,
        response_time_ms: 1500,
        queue_time_ms: 5,
        processing_time_ms: 1450,
        tokens_per_second: 31.2,
        temperature: 0.7,
        max_tokens: 512,
        success: false,
        error_message: 'model overloaded',
        metadata: { eval_count: 40, ollama_response: true, options: { num_ctx: 4096 } },
        prompt_length: 120,
      },
      fixedContext(),
    )
    expect(span.traceId).toBe(sha256Hex('req-abc123').slice(0, 32))
    expect(span.spanId).toBe(sha256Hex('req-abc123').slice(0, 16))
    expect(span.startTimeUs).toBe(noonUs - 1_000_000)
    expect(span.endTimeUs).toBe(noonUs + 500_000)
    expect(span.name).toBe('chat llama3:8b')
    expect(span.status).toBe('error')
    expect(span.errorType).toBeNull()
    expect(span.errorMessage).toBe('model overloaded')
    expect([span.inputTokens, span.outputTokens, span.totalTokens]).toEqual([26, 40, 66])
    expect([span.temperature, span.maxTokens, span.tokensPerSecond]).toEqual([0.7, 512, 31.2])
    expect(span.inputMessages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Summarize the ticket.' }] },
    ])
    expect(span.outputMessages).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'A summary.' }] },
    ])
    expect(span.metadata).toEqual({
      eval_count: '40',
      ollama_response: 'true',
      options: '{"num_ctx":4096}',
    })
    expect(span.attributes).toEqual({
      prompt_length: 120,
      'observatory.latency.queue_ms': 5,
      'observatory.latency.processing_ms': 1450,
      'observatory.request_id': 'req-abc123',
      'observatory.model_version': 'q4_0',
    })
  })

  it('maps ids of any form and keeps originals that changed', () => {
    const span = mapLlmLog(
      {
        trace_id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
        span_id: 'step-1',
        parent_span_id: '00F067AA0BA902B7',
      },
      fixedContext(),
    )
    expect(span.traceId).toBe('3f2504e04f8911d39a0c0305e82c3301')
    expect(span.spanId).toBe(sha256Hex('step-1').slice(0, 16))
    expect(span.parentSpanId).toBe('00f067aa0ba902b7')
    expect(span.attributes).toEqual({
      'observatory.original_trace_id': '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
      'observatory.original_span_id': 'step-1',
    })
  })

  it('leaves everything the client did not send null, never 0', () => {
    const span = mapLlmLog({ model: 'gpt-4o' }, fixedContext())
    expect(span.startTimeUs).toBe(receivedAtUs)
    expect(span.endTimeUs).toBe(receivedAtUs)
    expect(span.status).toBe('unset')
    expect(span.name).toBe('chat gpt-4o')
    expect(span.provider).toBeNull()
    for (const key of [
      'inputTokens',
      'cachedInputTokens',
      'outputTokens',
      'reasoningTokens',
      'totalTokens',
      'costUsd',
      'costSource',
      'priceSource',
      'temperature',
      'maxTokens',
      'stream',
      'ttftMs',
      'inputMessages',
      'outputMessages',
      'finishReason',
    ] as const) {
      expect(span[key], key).toBeNull()
    }
    expect(span.attributes).toEqual({})
  })

  it('maps an embedding call', () => {
    const span = mapLlmLog(
      {
        operation: 'embedding',
        provider: 'openai',
        model: 'text-embedding-3-small',
        input: ['a', 'b'],
        usage: { prompt_tokens: 12, total_tokens: 12 },
      },
      fixedContext(),
    )
    expect([span.kind, span.operation, span.name]).toEqual([
      'embedding',
      'embeddings',
      'embeddings text-embedding-3-small',
    ])
    expect(span.inputMessages).toEqual([
      {
        role: 'user',
        parts: [
          { type: 'text', content: 'a' },
          { type: 'text', content: 'b' },
        ],
      },
    ])
    expect([span.inputTokens, span.outputTokens, span.totalTokens, span.outputMessages]).toEqual([
      12,
      null,
      12,
      null,
    ])
  })

  it.each<[LlmLogRequest, Span['status'], string | null, string | null]>([
    [{ success: true }, 'ok', null, null],
    [{ status: 'completed' }, 'ok', null, null],
    [{ success: false }, 'error', null, null],
    [{ status: 'timeout' }, 'error', null, null],
    [
      {
        success: true,
        error: { type: 'RateLimitError', code: 429, message: 'Rate limit reached' },
      },
      'error',
      'RateLimitError',
      'Rate limit reached',
    ],
    [{ status: 'failed', error_code: 429 }, 'error', '429', null],
    [{ error: 'connection reset' }, 'error', null, 'connection reset'],
    [{ error_type: 'BadRequestError' }, 'error', 'BadRequestError', null],
  ])('maps %j to status %s', (body, status, errorType, errorMessage) => {
    const span = mapLlmLog(body, fixedContext())
    expect([span.status, span.errorType, span.errorMessage]).toEqual([
      status,
      errorType,
      errorMessage,
    ])
  })

  it('keeps a reported cost split and sums it', () => {
    const span = mapLlmLog({ cost: { input_usd: 0.25, output_usd: 0.5 } }, fixedContext())
    expect([
      span.costUsd,
      span.costInputUsd,
      span.costOutputUsd,
      span.costSource,
      span.priceSource,
    ]).toEqual([0.75, 0.25, 0.5, 'reported', 'ingested'])
    expect(mapLlmLog({ cost: 0 }, fixedContext()).costUsd).toBe(0)
  })

  it('maps a bare assistant message response with tool calls and map tags', () => {
    const span = mapLlmLog(
      {
        response: {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', function: { name: 'search', arguments: 'not json' } }],
          finish_reason: 'tool_calls',
        },
        tags: { team: 'search', tier: 1 },
      },
      fixedContext(),
    )
    expect(span.outputMessages).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c1', name: 'search', arguments: 'not json' }],
        finishReason: 'tool_call',
      },
    ])
    expect(span.finishReason).toBe('tool_call')
    expect(span.tags).toEqual(['team:search', 'tier:1'])
  })

  it('reports every semantic problem at once', () => {
    const err = validationErrorOf(() =>
      mapLlmLog(
        {
          start_time: '2025-06-01T12:00:01Z',
          end_time: '2025-06-01T12:00:00Z',
          timestamp: 'yesterday',
          usage: {
            prompt_tokens: 5,
            prompt_tokens_details: { cached_tokens: 9 },
            completion_tokens: 2,
            completion_tokens_details: { reasoning_tokens: 3 },
          },
          status: 'meh',
        },
        fixedContext(),
      ),
    )
    expect(err.code).toBe('ERR_INGEST_VALIDATION')
    expect(err.statusCode).toBe(400)
    expect(err.fieldErrors).toEqual([
      {
        field: 'timestamp',
        message: 'must be an ISO-8601 time (2025-06-01T12:00:00Z) or epoch seconds/milliseconds',
      },
      { field: 'end_time', message: 'must not be before start_time' },
      {
        field: 'usage',
        message: 'cached tokens (9) exceed input tokens (5); input tokens include cached ones',
      },
      {
        field: 'usage',
        message:
          'reasoning tokens (3) exceed output tokens (2); output tokens include reasoning ones',
      },
      { field: 'status', message: 'must be success or error (or ok, failed, timeout)' },
    ])
  })

  it('rejects wrong types and negative counts with the schema field errors', () => {
    const err = validationErrorOf(() =>
      mapLlmLog(
        { usage: { prompt_tokens: -1 }, temperature: 'hot' } as unknown as LlmLogRequest,
        fixedContext(),
      ),
    )
    expect(err.fieldErrors).toEqual([
      { field: 'usage.prompt_tokens', message: 'must be >= 0' },
      { field: 'temperature', message: 'must be either number or null' },
    ])
  })

  it('rejects a span that is its own parent', () => {
    const err = validationErrorOf(() =>
      mapLlmLog({ span_id: 'x', parent_span_id: 'x' }, fixedContext()),
    )
    expect(err.fieldErrors).toEqual([
      { field: 'parent_span_id', message: 'must differ from span_id' },
    ])
  })
})

describe('mapLlmBulk', () => {
  it('maps valid items, fails invalid ones alone and skips duplicates of an earlier item', () => {
    const first: LlmLogRequest = { request_id: 'r-1', model: 'gpt-4o', response: 'one' }
    const { spans, items } = mapLlmBulk(
      {
        logs: [
          first,
          { usage: { prompt_tokens: 'x' } },
          { request_id: 'r-1', model: 'gpt-4o', response: 'retried' },
          { model: 'gpt-4o-mini', prompt: 'two' },
          { start_time: '2025-06-01T12:00:01Z', end_time: '2025-06-01T12:00:00Z' },
        ],
      },
      countingContext(),
    )
    const firstSpanId = sha256Hex('r-1').slice(0, 16)
    expect(items).toEqual([
      { index: 0, id: firstSpanId, status: 'success' },
      {
        index: 1,
        id: null,
        status: 'failed',
        error: {
          code: 'validation_error',
          message: 'The LLM log is not valid: see field_errors.',
          field_errors: [
            { field: 'usage.prompt_tokens', message: 'must be either integer or null' },
          ],
        },
      },
      {
        index: 2,
        id: firstSpanId,
        status: 'skipped',
        error: {
          code: 'conflict',
          message: 'Same trace and span id as item 0 of this batch; only the first is stored.',
          field_errors: [],
        },
      },
      { index: 3, id: '0000000000000002', status: 'success' },
      {
        index: 4,
        id: null,
        status: 'failed',
        error: {
          code: 'validation_error',
          message: 'The LLM log is not valid: see field_errors.',
          field_errors: [{ field: 'end_time', message: 'must not be before start_time' }],
        },
      },
    ])
    expect(spans.map((s) => s.outputMessages?.[0]?.parts[0])).toEqual([
      { type: 'text', content: 'one' },
      undefined,
    ])
    expect(spans[1]?.traceId).toBe('00000000000000000000000000000001')

    const response = makeBatchResponse('batch-1', items)
    expect(response).toEqual({
      batch_id: 'batch-1',
      status: 'partial_success',
      total_items: 5,
      success_count: 2,
      failure_count: 2,
      skipped_count: 1,
      results: items,
    })
  })

  it('summarises all-success and all-failed batches', () => {
    const ok = mapLlmBulk({ logs: [{ model: 'a' }, { model: 'b' }] }, countingContext())
    expect(makeBatchResponse('b', ok.items).status).toBe('all_success')
    const bad = mapLlmBulk({ logs: [{ tags: 5 }] }, countingContext())
    expect(makeBatchResponse('b', bad.items)).toMatchObject({
      status: 'all_failed',
      failure_count: 1,
    })
  })

  it('accepts a bare array of logs', () => {
    const { items } = mapLlmBulk(
      [{ model: 'a' }, { model: 'b', usage: { input: -1 } }],
      countingContext(),
    )
    expect(items.map((i) => i.status)).toEqual(['success', 'failed'])
  })

  it.each([{ logs: [] }, { logs: 'x' }, {}, [], null])('rejects the body %j as a whole', (body) => {
    const err = validationErrorOf(() => mapLlmBulk(body as never, countingContext()))
    expect(err.code).toBe('ERR_INGEST_VALIDATION')
    expect(err.message).toBe('Send { "logs": [ ... ] } or an array, with 1 to 1000 LLM logs.')
  })
})
