import { describe, expect, it } from 'vitest'
import type { Span } from '@llm-observatory/core'
import { normalizeOtlpTraces } from '@llm-observatory/ingest'
import { baseMs, hexId, receivedAtUs, tracesRequest, type SpanSpec } from './normalize-builders.js'

// Stacks with no captured fixture here: attribute sets built by hand from the tables of
// shared/otel-genai-mapping.md (sections 4a–4h), with the mock API's numbers (19/9, cached 3,
// reasoning 2; Anthropic 21 + 4 cache read / 11).

function normalize(specs: SpanSpec[], resource?: Record<string, unknown>): Span[] {
  const { spans, rejected } = normalizeOtlpTraces(tracesRequest(specs, resource), {
    projectId: 'p-stacks',
    receivedAtUs,
  })
  expect(rejected.rejected).toBe(0)
  return spans
}

function one(specs: SpanSpec[], resource?: Record<string, unknown>): Span {
  const spans = normalize(specs, resource)
  expect(spans).toHaveLength(1)
  return spans[0] as Span
}

const system = 'You are a terse assistant.'
const question = 'What is the answer to everything?'

describe('Langfuse (langfuse.observation.*)', () => {
  const generation = {
    'langfuse.observation.type': 'generation',
    'langfuse.observation.model.name': 'gpt-4o-mini-2024-07-18',
    'langfuse.observation.model.parameters': JSON.stringify({
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 64,
      response_format: '',
      stream: true,
    }),
    'langfuse.observation.usage_details': JSON.stringify({
      input: 16,
      output: 7,
      input_cached_tokens: 3,
      output_reasoning_tokens: 2,
      total: 28,
    }),
    'langfuse.observation.input': JSON.stringify({
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: question },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather' } }],
    }),
    'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: 'Hello' }),
    // JSON-encoded twice, as the SDK sends it.
    'langfuse.observation.completion_start_time': JSON.stringify(
      JSON.stringify(new Date(baseMs + 60).toISOString()),
    ),
    'user.id': 'user-123',
    'session.id': 'session-abc',
    'langfuse.trace.tags': ['fixture', 'otlp'],
    'langfuse.trace.metadata.tenant': 'acme',
    'langfuse.observation.metadata.step': 'answer',
    'langfuse.environment': 'staging',
    'langfuse.release': 'v1.2.3',
  }
  const lfResource = { 'service.name': 'unknown_service:/usr/bin/node' }

  it('adds cached back to input and reasoning back to output (16/7 → 19/9) and infers the provider', () => {
    const s = one(
      [{ name: 'OpenAI.chat', kind: 1, scope: 'langfuse-sdk', attrs: generation }],
      lfResource,
    )
    expect(s).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: null, // Langfuse sends only the model it got back
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 19,
      cachedInputTokens: 3,
      outputTokens: 9,
      reasoningTokens: 2,
      totalTokens: 28,
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      stream: true,
      ttftMs: 60,
      userId: 'user-123',
      sessionId: 'session-abc',
      tags: ['fixture', 'otlp'],
      metadata: { tenant: 'acme', step: 'answer' },
      environment: 'staging',
      release: 'v1.2.3',
      serviceName: 'unknown_service:/usr/bin/node',
      costUsd: null,
    })
    expect(s.tokensPerSecond).toBeCloseTo(9 / 0.94, 9)
    expect(s.inputMessages?.map((m) => m.role)).toEqual(['system', 'user'])
    expect(s.outputMessages).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] },
    ])
    expect(s.toolDefinitions).toEqual([{ type: 'function', function: { name: 'get_weather' } }])
  })

  it('treats level ERROR as an error although the status is UNSET, and all-zero costs as not reported', () => {
    const s = one([
      {
        name: 'OpenAI.chat',
        scope: 'langfuse-sdk',
        attrs: {
          'langfuse.observation.type': 'generation',
          'langfuse.observation.model.name': 'mock-error-model',
          'langfuse.observation.level': 'ERROR',
          'langfuse.observation.status_message': 'Error: 400 model not found',
          'langfuse.observation.cost_details': JSON.stringify({ input: 0, output: 0, total: 0 }),
        },
      },
    ])
    expect(s).toMatchObject({
      status: 'error',
      errorMessage: 'Error: 400 model not found',
      costUsd: null,
      costSource: null,
      inputTokens: null,
    })
  })

  it('keeps a cost the sender computed as reported, and ignores zero costs beside real tokens', () => {
    const priced = one([
      {
        attrs: {
          ...generation,
          'langfuse.observation.cost_details': JSON.stringify({
            input: 0.001,
            output: 0.002,
            total: 0.003,
          }),
        },
      },
    ])
    expect(priced).toMatchObject({
      costUsd: 0.003,
      costInputUsd: 0.001,
      costOutputUsd: 0.002,
      costSource: 'reported',
      priceSource: 'ingested',
    })
    const zero = one([
      {
        attrs: {
          ...generation,
          'langfuse.observation.cost_details': '{"input":0,"output":0,"total":0}',
        },
      },
    ])
    expect(zero.costUsd).toBeNull()
  })

  it('maps embeddings generations, empty outputs and the other observation types', () => {
    const spans = normalize([
      {
        name: 'OpenAI.embeddings',
        attrs: {
          'langfuse.observation.type': 'generation',
          'langfuse.observation.model.name': 'text-embedding-3-small',
          'langfuse.observation.output': '""',
        },
      },
      { name: 'tool', attrs: { 'langfuse.observation.type': 'tool' } },
      { name: 'agent', attrs: { 'langfuse.observation.type': 'agent' } },
      { name: 'span', attrs: { 'langfuse.observation.type': 'span' } },
    ])
    expect(spans.map((s) => s.kind)).toEqual(['embedding', 'tool', 'agent', 'other'])
    expect(spans[0]).toMatchObject({ provider: 'openai', outputMessages: null, inputTokens: null })
  })
})

describe('AI SDK v7 (invoke_agent → step → chat / execute_tool)', () => {
  const agentId = hexId(8)
  const stepId = hexId(8)
  const chat = (overrides: Record<string, unknown>) => ({
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    ...overrides,
  })
  const specs: SpanSpec[] = [
    {
      name: 'invoke_agent weather-agent',
      spanId: agentId,
      scope: 'gen_ai',
      durationMs: 2000,
      attrs: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 76,
        'gen_ai.usage.output_tokens': 26,
        'gen_ai.agent.name': 'weather-agent',
        'ai.settings.context.userId': 'user-123',
        'ai.settings.context.sessionId': 'session-abc',
      },
    },
    {
      name: 'step 1',
      spanId: stepId,
      parentSpanId: agentId,
      scope: 'gen_ai',
      attrs: { 'gen_ai.operation.name': 'agent_step', 'gen_ai.usage.input_tokens': 57 },
    },
    {
      name: 'chat gpt-4o-mini',
      parentSpanId: stepId,
      scope: 'gen_ai',
      durationMs: 300,
      attrs: chat({
        'gen_ai.usage.input_tokens': 57,
        'gen_ai.usage.output_tokens': 17,
        'gen_ai.usage.cache_read.input_tokens': 3,
        'ai.usage.outputTokenDetails.reasoningTokens': 2,
        'gen_ai.client.operation.time_to_first_chunk': 0.075,
        'gen_ai.response.finish_reasons': ['tool-calls'],
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'call_1',
                name: 'get_weather',
                arguments: { city: 'Paris' },
              },
            ],
            finish_reason: 'tool_call',
          },
        ]),
        'gen_ai.tool.definitions': JSON.stringify([
          { type: 'function', name: 'get_weather', inputSchema: { type: 'object' } },
        ]),
      }),
    },
    {
      name: 'execute_tool get_weather',
      parentSpanId: stepId,
      scope: 'gen_ai',
      startMs: 400,
      attrs: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.id': 'call_1',
      },
    },
    {
      name: 'chat gpt-4o-mini',
      parentSpanId: agentId,
      scope: 'gen_ai',
      startMs: 500,
      attrs: chat({
        'gen_ai.usage.input_tokens': 19,
        'gen_ai.usage.output_tokens': 9,
        'gen_ai.input.messages': JSON.stringify([
          {
            role: 'tool',
            parts: [{ type: 'tool_call_response', id: 'call_1', response: { temp: 21 } }],
          },
        ]),
      }),
    },
  ]

  it('counts the chat leaves only: 57+19 / 17+9, never the agent or step wrappers', () => {
    const spans = normalize(specs)
    const counted = spans.filter((s) => s.kind === 'llm' && s.countsUsage)
    expect(counted.map((s) => s.inputTokens)).toEqual([57, 19])
    expect(counted.reduce((a, s) => a + (s.outputTokens ?? 0), 0)).toBe(26)
    expect(spans.map((s) => [s.kind, s.countsUsage])).toEqual([
      ['agent', false],
      ['chain', false],
      ['llm', true],
      ['tool', true],
      ['llm', true],
    ])
  })

  it('reads TTFT in seconds, the AI SDK finish enum, reasoning details, messages and tools', () => {
    const chatSpan = normalize(specs)[2] as Span
    expect(chatSpan).toMatchObject({
      provider: 'openai',
      inputTokens: 57,
      cachedInputTokens: 3,
      reasoningTokens: 2,
      ttftMs: 75,
      stream: true,
      finishReason: 'tool_call',
    })
    expect(chatSpan.tokensPerSecond).toBeCloseTo(17 / 0.225, 9)
    expect(chatSpan.outputMessages?.[0]?.parts).toEqual([
      { type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } },
    ])
    expect(chatSpan.toolDefinitions).toEqual([
      { type: 'function', name: 'get_weather', inputSchema: { type: 'object' } },
    ])
    const second = normalize(specs)[4] as Span
    expect(second.inputMessages).toEqual([
      { role: 'tool', parts: [{ type: 'tool_result', id: 'call_1', content: { temp: 21 } }] },
    ])
  })

  it('passes the runtime-context user and session down from invoke_agent', () => {
    for (const s of normalize(specs)) {
      expect(s).toMatchObject({ userId: 'user-123', sessionId: 'session-abc' })
    }
  })

  it('counts only the inner of two nested embeddings spans', () => {
    const outerId = hexId(8)
    const spans = normalize([
      {
        name: 'embeddings text-embedding-3-small',
        spanId: outerId,
        scope: 'gen_ai',
        attrs: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.request.model': 'text-embedding-3-small',
        },
      },
      {
        name: 'embeddings text-embedding-3-small',
        parentSpanId: outerId,
        scope: 'gen_ai',
        attrs: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.request.model': 'text-embedding-3-small',
          'gen_ai.usage.input_tokens': 10,
        },
      },
    ])
    expect(spans.map((s) => [s.kind, s.countsUsage, s.inputTokens])).toEqual([
      ['embedding', false, null],
      ['embedding', true, 10],
    ])
  })
})

describe('OpenLLMetry new semconv (TL) and OpenLIT (OL)', () => {
  const anthropicUsage = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-3-5-haiku-20241022',
    'gen_ai.usage.input_tokens': 21,
    'gen_ai.usage.output_tokens': 11,
    'gen_ai.usage.cache_read.input_tokens': 4,
  }

  it('TL Anthropic: adds cache read + creation to the raw input (21 → 25) and fixes the total', () => {
    const s = one([
      {
        name: 'chat claude-3-5-haiku-20241022',
        scope: '@traceloop/instrumentation-anthropic',
        attrs: {
          ...anthropicUsage,
          'gen_ai.usage.cache_creation.input_tokens': 0,
          'gen_ai.usage.total_tokens': 32,
          'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: system }]),
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: question }] },
            {
              role: 'user',
              parts: [{ type: 'tool_call_response', id: 'toolu_1', response: '{"t":21}' }],
            },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: 'Hi' }], finish_reason: '' },
          ]),
          'traceloop.association.properties.user_id': 'user-9',
          'traceloop.association.properties.customer_id': 'cust-9',
        },
      },
    ])
    expect(s).toMatchObject({
      provider: 'anthropic',
      inputTokens: 25,
      cachedInputTokens: 4,
      cacheWriteTokens: 0,
      outputTokens: 11,
      totalTokens: 36,
      finishReason: null,
      userId: 'user-9',
      metadata: { customer_id: 'cust-9' },
    })
    expect(s.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: system }] },
      { role: 'user', parts: [{ type: 'text', content: question }] },
      { role: 'user', parts: [{ type: 'tool_result', id: 'toolu_1', content: '{"t":21}' }] },
    ])
  })

  it('TL OpenAI: 19/9 stays as reported; workflow spans are chains', () => {
    const spans = normalize([
      { name: 'answer.workflow', kind: 1, attrs: { 'traceloop.span.kind': 'workflow' } },
      {
        name: 'chat gpt-4o-mini',
        scope: '@traceloop/instrumentation-openai',
        attrs: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.usage.input_tokens': 19,
          'gen_ai.usage.output_tokens': 9,
        },
      },
    ])
    expect(spans.map((s) => [s.kind, s.inputTokens, s.totalTokens])).toEqual([
      ['chain', null, null],
      ['llm', 19, 28],
    ])
  })

  it('OL: reported cost, stream flag, reasoning, request user, distrusted 1 ms TTFT', () => {
    const s = one(
      [
        {
          name: 'chat gpt-4o-mini',
          scope: '@openlit/instrumentation-vllm',
          attrs: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.usage.input_tokens': 19,
            'gen_ai.usage.output_tokens': 9,
            'gen_ai.usage.reasoning_tokens': 2,
            'gen_ai.usage.cost': 0.0000123,
            'gen_ai.request.is_stream': true,
            'gen_ai.server.time_to_first_token': 0.001,
            'gen_ai.request.user': 'user-123',
            'gen_ai.response.finish_reasons': ['completed'],
            'service.name': 'ol-app',
            'deployment.environment': 'prod',
            'telemetry.sdk.name': 'openlit',
          },
          status: { code: 1 },
        },
      ],
      {
        'service.name': 'ol-app',
        'deployment.environment': 'prod',
        'telemetry.sdk.name': 'openlit',
      },
    )
    expect(s).toMatchObject({
      status: 'ok',
      costUsd: 0.0000123,
      costSource: 'reported',
      priceSource: 'ingested',
      stream: true,
      ttftMs: null,
      reasoningTokens: 2,
      userId: 'user-123',
      finishReason: 'stop',
      environment: 'prod',
      serviceName: 'ol-app',
    })
  })

  it('OL Anthropic: cache_write key, raw input corrected, plain-string system instructions', () => {
    const s = one([
      {
        scope: '@openlit/instrumentation-anthropic',
        attrs: {
          ...anthropicUsage,
          'gen_ai.usage.cache_write.input_tokens': 2,
          'gen_ai.system_instructions': system,
          'gen_ai.server.time_to_first_token': 0.09,
        },
      },
    ])
    expect(s).toMatchObject({
      inputTokens: 27,
      cachedInputTokens: 4,
      cacheWriteTokens: 2,
      ttftMs: 90,
    })
    expect(s.inputMessages).toEqual([
      { role: 'system', parts: [{ type: 'text', content: system }] },
    ])
  })
})

describe('Anthropic SDK native tracing (ANT)', () => {
  const ant = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.request.model': 'claude-3-5-haiku-20241022',
    'gen_ai.response.model': 'claude-3-5-haiku-20241022',
    'http.request.method': 'POST',
  }

  it('counts a standalone SDK span: 25 includes the cache, TTFT in seconds, stop reason', () => {
    const s = one([
      {
        name: 'anthropic.messages.create',
        scope: 'com.anthropic.sdk.typescript',
        durationMs: 200,
        attrs: {
          ...ant,
          'gen_ai.request.stream': true,
          'gen_ai.response.time_to_first_chunk': 0.075,
          'gen_ai.usage.input_tokens': 25,
          'gen_ai.usage.output_tokens': 11,
          'gen_ai.usage.cache_read.input_tokens': 4,
          'gen_ai.usage.cache_write.input_tokens': 0,
          'anthropic.message.stop_reason': 'end_turn',
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: 'Hello' }] },
          ]),
        },
      },
    ])
    expect(s).toMatchObject({
      kind: 'llm',
      countsUsage: true,
      inputTokens: 25,
      cachedInputTokens: 4,
      cacheWriteTokens: 0,
      outputTokens: 11,
      totalTokens: 36,
      stream: true,
      ttftMs: 75,
      finishReason: 'stop',
    })
    expect(s.tokensPerSecond).toBeCloseTo(11 / 0.125, 9)
  })

  it('maps an error without a message: provider code as type, message null', () => {
    const s = one([
      {
        scope: 'com.anthropic.sdk.typescript',
        status: { code: 2 },
        attrs: { ...ant, 'error.type': 'invalid_request_error', 'http.response.status_code': 400 },
      },
    ])
    expect(s).toMatchObject({
      status: 'error',
      errorType: 'invalid_request_error',
      errorMessage: null,
    })
  })

  it('merges into a parent LLM span of another scope, which keeps its own cache-aware usage', () => {
    const parentId = hexId(8)
    const spans = normalize([
      {
        spanId: parentId,
        scope: '@openlit/instrumentation-anthropic',
        attrs: { ...anthropicLike(), 'gen_ai.usage.cache_write.input_tokens': 0 },
      },
      {
        parentSpanId: parentId,
        scope: 'com.anthropic.sdk.typescript',
        attrs: {
          ...ant,
          'gen_ai.usage.input_tokens': 25,
          'gen_ai.usage.output_tokens': 11,
          'gen_ai.usage.cache_read.input_tokens': 4,
          'gen_ai.response.time_to_first_chunk': 0.08,
          'anthropic.request.id': 'req_1',
        },
      },
    ])
    const [parent, child] = spans as [Span, Span]
    expect(parent).toMatchObject({
      countsUsage: true,
      inputTokens: 25,
      cachedInputTokens: 4,
      ttftMs: 80,
    })
    expect(parent.attributes['anthropic.request.id']).toBe('req_1')
    expect(child.countsUsage).toBe(false)
  })
})

function anthropicLike(): Record<string, unknown> {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': 'anthropic',
    'gen_ai.usage.input_tokens': 21,
    'gen_ai.usage.output_tokens': 11,
    'gen_ai.usage.cache_read.input_tokens': 4,
  }
}

describe('older and Python senders', () => {
  it('reads semconv ≤1.27: gen_ai.system, prompt/completion_tokens and content events', () => {
    const s = one([
      {
        attrs: {
          'gen_ai.system': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.prompt_tokens': 19,
          'gen_ai.usage.completion_tokens': 9,
        },
        events: [
          {
            name: 'gen_ai.content.prompt',
            attrs: { 'gen_ai.prompt': JSON.stringify([{ role: 'user', content: question }]) },
          },
          {
            name: 'gen_ai.content.completion',
            attrs: { 'gen_ai.completion': JSON.stringify([{ role: 'assistant', content: '42' }]) },
          },
        ],
      },
    ])
    expect(s).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      inputTokens: 19,
      outputTokens: 9,
      totalTokens: 28,
    })
    expect(s.inputMessages).toEqual([
      { role: 'user', parts: [{ type: 'text', content: question }] },
    ])
    expect(s.outputMessages).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: '42' }] },
    ])
  })

  it('reads Python OpenLLMetry indexed prompts and its cache key', () => {
    const s = one([
      {
        scope: 'opentelemetry.instrumentation.openai.v1',
        attrs: {
          'gen_ai.system': 'OpenAI',
          'llm.request.type': 'chat',
          'gen_ai.prompt.0.role': 'system',
          'gen_ai.prompt.0.content': system,
          'gen_ai.prompt.1.role': 'user',
          'gen_ai.prompt.1.content': question,
          'gen_ai.completion.0.role': 'assistant',
          'gen_ai.completion.0.content': '42',
          'gen_ai.completion.0.finish_reason': 'length',
          'gen_ai.usage.input_tokens': 19,
          'gen_ai.usage.output_tokens': 9,
          'gen_ai.usage.cache_read_input_tokens': 3,
        },
      },
    ])
    expect(s).toMatchObject({ inputTokens: 19, cachedInputTokens: 3, finishReason: 'length' })
    expect(s.inputMessages?.map((m) => m.role)).toEqual(['system', 'user'])
  })

  it('marks plain HTTP client spans as http and leaves GenAI fields null', () => {
    const s = one([
      { name: 'GET', attrs: { 'http.request.method': 'GET', 'url.full': 'http://x/y' } },
    ])
    expect(s).toMatchObject({
      kind: 'http',
      provider: null,
      inputTokens: null,
      inputMessages: null,
    })
  })
})
