import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Message, Span } from '@llm-observatory/core'
import {
  joinLogContent,
  normalizeOtlpLogs,
  normalizeOtlpTraces,
  type OtlpLogsRequest,
  type OtlpTracesRequest,
} from '@llm-observatory/ingest'
import { otlpFixtureDir } from './otlp-fixtures.js'

// Expected numbers come from the fixture README (what the mock LLM API returned) and from
// mock-requests.jsonl (what the client sent), not from the normalizer.
const receivedAtUs = 1_800_000_000_000_000
const ctx = { projectId: 'p-normalize-fixtures', receivedAtUs }

interface Loaded {
  spans: Span[]
  /** Before the log join (OTel contrib keeps content in logs). */
  spansWithoutLogs: Span[]
}

function load(capture: string, call: string): Loaded {
  const dir = join(otlpFixtureDir, capture, call)
  const files = readdirSync(dir).sort()
  const tracesFile = files.find((f) => f.endsWith('-traces.decoded.json'))
  if (tracesFile === undefined) throw new Error(`no traces in ${capture}/${call}`)
  const request = JSON.parse(readFileSync(join(dir, tracesFile), 'utf8')) as OtlpTracesRequest
  const { spans, rejected } = normalizeOtlpTraces(request, ctx)
  expect(rejected).toEqual({ rejected: 0, errorMessage: '' })
  const logsFile = files.find((f) => f.endsWith('-logs.decoded.json'))
  if (logsFile === undefined) return { spans, spansWithoutLogs: spans }
  const logsRequest = JSON.parse(readFileSync(join(dir, logsFile), 'utf8')) as OtlpLogsRequest
  const { logs } = normalizeOtlpLogs(logsRequest, ctx)
  return { spans: joinLogContent(spans, logs), spansWithoutLogs: spans }
}

/** Spans that count usage: the leaf model calls. */
function counted(spans: Span[]): Span[] {
  return spans.filter((s) => (s.kind === 'llm' || s.kind === 'embedding') && s.countsUsage)
}

function only(spans: Span[]): Span {
  expect(spans).toHaveLength(1)
  return spans[0] as Span
}

function byScope(spans: Span[], prefix: string): Span {
  return only(spans.filter((s) => s.scopeName?.startsWith(prefix)))
}

function sum(spans: Span[], pick: (s: Span) => number | null): number {
  return spans.reduce((acc, s) => acc + (pick(s) ?? 0), 0)
}

interface Turn {
  role: string
  text: string
}

function turns(messages: Message[] | null): Turn[] {
  return (messages ?? []).map((m) => ({
    role: m.role,
    text: m.parts.map((p) => (p.type === 'text' ? p.content : '')).join(''),
  }))
}

/** What the client sent, from mock-requests.jsonl, as role + text turns. */
function sentTurns(
  capture: string,
  match: (body: Record<string, unknown>, path: string) => boolean,
): Turn[] {
  const lines = readFileSync(join(otlpFixtureDir, capture, 'mock-requests.jsonl'), 'utf8')
  for (const line of lines.split('\n')) {
    if (line.trim() === '') continue
    const req = JSON.parse(line) as { path: string; body: Record<string, unknown> }
    if (!match(req.body, req.path)) continue
    const body = req.body
    const out: Turn[] = []
    const system = body.system ?? body.instructions
    if (typeof system === 'string') out.push({ role: 'system', text: system })
    const messages =
      typeof body.input === 'string'
        ? [{ role: 'user', content: body.input }]
        : ((body.messages ?? body.input) as { role: string; content: unknown }[])
    for (const m of messages) {
      const content = m.content
      const text =
        typeof content === 'string'
          ? content
          : Array.isArray(content)
            ? content
                .filter((c: { type?: string }) => c.type === 'text' || c.type === 'input_text')
                .map((c: { text?: string }) => c.text ?? '')
                .join('')
            : ''
      out.push({ role: m.role, text })
    }
    return out
  }
  throw new Error(`no matching request in ${capture}`)
}

const isPlainChat = (body: Record<string, unknown>, path: string) =>
  path === '/v1/chat/completions' &&
  !body.stream &&
  !body.tools &&
  Array.isArray(body.messages) &&
  body.messages.length === 2
const isAnthropicChat = (body: Record<string, unknown>, path: string) =>
  path === '/v1/messages' &&
  !body.stream &&
  !body.tools &&
  JSON.stringify(body).includes('answer to everything')
const isResponses = (_body: Record<string, unknown>, path: string) => path === '/v1/responses'

const weatherCall = {
  type: 'tool_call',
  id: 'call_mock_weather_1',
  name: 'get_weather',
  arguments: { city: 'Paris', unit: 'celsius' },
}
const chatAnswer = 'Hello from the mock! The answer is 42.'
const claudeAnswer = 'Hello from the mock Claude! The answer is 42.'

describe.each(['otel-contrib-proto', 'otel-contrib-json'])('%s (OTel contrib)', (capture) => {
  it('maps chat: semconv 1.36 usage, params, models, and messages joined from the log records', () => {
    const { spans, spansWithoutLogs } = load(capture, 'chat')
    const s = only(spans)
    expect(s).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      operation: 'chat',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 19,
      outputTokens: 9,
      totalTokens: 28,
      // OTel contrib reports no cache or reasoning detail: unknown, not 0.
      cachedInputTokens: null,
      reasoningTokens: null,
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      finishReason: 'stop',
      status: 'unset',
      countsUsage: true,
      serviceName: 'otlp-fixture-otel-contrib',
      costUsd: null,
    })
    expect(spansWithoutLogs[0]?.inputMessages).toBeNull()
    expect(turns(s.inputMessages)).toEqual(sentTurns(capture, isPlainChat))
    expect(turns(s.outputMessages)).toEqual([{ role: 'assistant', text: chatAnswer }])
  })

  it('maps chat-stream with the same usage and no TTFT (this stack reports none)', () => {
    const s = only(load(capture, 'chat-stream').spans)
    expect(s).toMatchObject({
      inputTokens: 19,
      outputTokens: 9,
      ttftMs: null,
      tokensPerSecond: null,
    })
    expect(turns(s.outputMessages)).toEqual([{ role: 'assistant', text: chatAnswer }])
  })

  it('maps embeddings: 5 tokens per input, 2 inputs', () => {
    const s = only(load(capture, 'embeddings').spans)
    expect(s).toMatchObject({
      kind: 'embedding',
      operation: 'embeddings',
      inputTokens: 10,
      outputTokens: null,
      totalTokens: 10,
      requestModel: 'text-embedding-3-small',
    })
  })

  it('maps both tool-call steps: 57/17 with the requested call, then the tool result and 19/9', () => {
    const spans = load(capture, 'tool-call').spans
    expect(spans).toHaveLength(2)
    const [first, second] = [...spans].sort((x, y) => x.startTimeUs - y.startTimeUs) as [Span, Span]
    expect(first).toMatchObject({ inputTokens: 57, outputTokens: 17, finishReason: 'tool_call' })
    expect(first.outputMessages?.[0]?.parts).toEqual([weatherCall])
    expect(second).toMatchObject({ inputTokens: 19, outputTokens: 9, finishReason: 'stop' })
    expect(second.inputMessages?.map((m) => m.role)).toEqual(['user', 'assistant', 'tool'])
    expect(second.inputMessages?.[1]?.parts).toEqual([weatherCall])
    expect(second.inputMessages?.[2]?.parts).toEqual([
      {
        type: 'tool_result',
        id: 'call_mock_weather_1',
        content: '{"temperature":21,"unit":"celsius","sky":"sunny"}',
      },
    ])
  })

  it('maps tool-call-stream: 57/17, tool_call', () => {
    const s = only(load(capture, 'tool-call-stream').spans)
    expect(s).toMatchObject({ inputTokens: 57, outputTokens: 17, finishReason: 'tool_call' })
    expect(s.outputMessages?.[0]?.parts).toEqual([weatherCall])
  })

  it('maps the HTTP 400 as an error with its class name and message', () => {
    const s = only(load(capture, 'error').spans)
    expect(s).toMatchObject({
      status: 'error',
      errorType: 'BadRequestError',
      requestModel: 'mock-error-model',
      inputTokens: null,
      finishReason: 'error',
    })
    expect(s.errorMessage).toContain('mock-error-model')
    expect(turns(s.inputMessages)).toEqual([
      { role: 'user', text: 'This request fails with HTTP 400.' },
    ])
  })

  it('maps responses: 14/8, span system instructions merged with the structured log messages', () => {
    const { spans, spansWithoutLogs } = load(capture, 'responses')
    const s = only(spans)
    expect(s).toMatchObject({
      provider: 'openai',
      inputTokens: 14,
      outputTokens: 8,
      finishReason: 'stop',
    })
    expect(turns(spansWithoutLogs[0]?.inputMessages ?? null)).toEqual([
      { role: 'system', text: 'Be brief.' },
    ])
    expect(turns(s.inputMessages)).toEqual(sentTurns(capture, isResponses))
    expect(turns(s.outputMessages)).toEqual([
      { role: 'assistant', text: 'Hello from the mock Responses API!' },
    ])
  })
})

describe('openinference', () => {
  const capture = 'openinference'

  it('maps chat: llm.token_count.* with cache and reasoning, params from invocation_parameters', () => {
    const s = only(load(capture, 'chat').spans)
    expect(s).toMatchObject({
      kind: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 19,
      cachedInputTokens: 3,
      outputTokens: 9,
      reasoningTokens: 2,
      totalTokens: 28,
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      finishReason: 'stop',
      status: 'ok',
    })
    expect(turns(s.inputMessages)).toEqual(sentTurns(capture, isPlainChat))
    expect(turns(s.outputMessages)).toEqual([{ role: 'assistant', text: chatAnswer }])
  })

  it('keeps OpenAI stream usage unknown (OpenInference sends no counts) and reads the stream flag', () => {
    const s = only(load(capture, 'chat-stream').spans)
    expect(s).toMatchObject({
      stream: true,
      inputTokens: null,
      outputTokens: null,
      totalTokens: null,
      status: 'unset',
    })
    expect(turns(s.outputMessages)).toEqual([{ role: 'assistant', text: chatAnswer }])
  })

  it('maps embeddings with no token count', () => {
    const s = only(load(capture, 'embeddings').spans)
    expect(s).toMatchObject({
      kind: 'embedding',
      requestModel: 'text-embedding-3-small',
      inputTokens: null,
      provider: 'openai',
    })
  })

  it('maps tool calls, tool results and tool definitions from the indexed keys', () => {
    const spans = load(capture, 'tool-call').spans
    const [first, second] = [...spans].sort((x, y) => x.startTimeUs - y.startTimeUs) as [Span, Span]
    expect(first).toMatchObject({ inputTokens: 57, outputTokens: 17, finishReason: 'tool_call' })
    expect(first.outputMessages?.[0]?.parts).toEqual([weatherCall])
    expect(first.toolDefinitions).toEqual([
      expect.objectContaining({
        type: 'function',
        function: expect.objectContaining({ name: 'get_weather' }),
      }),
    ])
    expect(second.inputMessages?.[2]?.parts).toEqual([
      {
        type: 'tool_result',
        id: 'call_mock_weather_1',
        content: '{"temperature":21,"unit":"celsius","sky":"sunny"}',
      },
    ])
    const stream = only(load(capture, 'tool-call-stream').spans)
    expect(stream.outputMessages?.[0]?.parts).toEqual([weatherCall])
    expect(stream.inputTokens).toBeNull()
  })

  it('maps responses: 14 (cached 2) / 8 (reasoning 1)', () => {
    const s = only(load(capture, 'responses').spans)
    expect(s).toMatchObject({
      inputTokens: 14,
      cachedInputTokens: 2,
      outputTokens: 8,
      reasoningTokens: 1,
    })
    expect(turns(s.inputMessages)).toEqual(sentTurns(capture, isResponses))
  })

  it('counts the Anthropic call once and merges the SDK child span into it', () => {
    const spans = load(capture, 'anthropic-messages').spans
    expect(spans).toHaveLength(2)
    const parent = byScope(spans, '@arizeai/')
    const child = byScope(spans, 'com.anthropic.sdk')
    expect(counted(spans)).toEqual([parent])
    expect(child.countsUsage).toBe(false)
    expect(parent).toMatchObject({
      provider: 'anthropic',
      inputTokens: 25,
      cachedInputTokens: 4,
      outputTokens: 11,
      totalTokens: 36,
      finishReason: 'stop',
    })
    expect(parent.attributes['anthropic.request.id']).toBe('req_msg_mock0007')
    expect(parent.attributes['http.response.status_code']).toBe(200)
    // The system prompt lives only in llm.invocation_parameters for this instrumentation.
    expect(turns(parent.inputMessages)).toEqual(sentTurns(capture, isAnthropicChat))
    expect(turns(parent.outputMessages)).toEqual([{ role: 'assistant', text: claudeAnswer }])
  })

  it('takes the stream TTFT from the Anthropic SDK child', () => {
    const spans = load(capture, 'anthropic-messages-stream').spans
    const parent = only(counted(spans))
    expect(parent.stream).toBe(true)
    expect(parent.ttftMs).toBeGreaterThan(40)
    expect(parent.ttftMs).toBeLessThan(500)
    expect(parent.tokensPerSecond).toBeCloseTo(
      11 / ((parent.durationMs - (parent.ttftMs ?? 0)) / 1000),
      6,
    )
  })

  it('maps anthropic tool_use: 380 + 4 cached = 384 input (this stack includes cache), 40 output', () => {
    const spans = counted(load(capture, 'anthropic-tool-use').spans)
    expect(spans).toHaveLength(2)
    const [first, second] = [...spans].sort((x, y) => x.startTimeUs - y.startTimeUs) as [Span, Span]
    expect(first).toMatchObject({
      inputTokens: 384,
      cachedInputTokens: 4,
      outputTokens: 40,
      finishReason: 'tool_call',
    })
    expect(first.outputMessages?.[0]?.parts).toEqual([
      { type: 'text', content: 'Let me check the weather.' },
      {
        type: 'tool_call',
        id: 'toolu_mock_1',
        name: 'get_weather',
        arguments: { city: 'Paris', unit: 'celsius' },
      },
    ])
    expect(second.inputMessages?.at(-1)).toEqual({
      role: 'user',
      parts: [
        {
          type: 'tool_result',
          id: 'toolu_mock_1',
          content: '{"temperature":21,"unit":"celsius","sky":"sunny"}',
        },
      ],
    })
  })

  it('maps the Anthropic error: one counted error span, the SDK child keeps the provider code', () => {
    const spans = load(capture, 'anthropic-error').spans
    const parent = only(counted(spans))
    const child = byScope(spans, 'com.anthropic.sdk')
    expect(parent.status).toBe('error')
    expect(parent.errorMessage).toContain('invalid_request_error')
    expect(parent.attributes['http.response.status_code']).toBe(400)
    expect(child).toMatchObject({
      status: 'error',
      errorType: 'invalid_request_error',
      countsUsage: false,
    })
  })

  it('reads user, session, tags and metadata set through the OpenInference context', () => {
    const s = only(load(capture, 'context-attributes').spans)
    expect(s).toMatchObject({
      userId: 'user-123',
      sessionId: 'session-abc',
      tags: ['fixture', 'otlp'],
      metadata: { tenant: 'acme', experiment: 'fixtures' },
    })
  })
})

describe('traceloop-legacy (OpenLLMetry 0.22, gen_ai.prompt.{i}.*)', () => {
  const capture = 'traceloop-legacy'

  it('maps chat from the legacy keys: capitalised provider, prompt/completion_tokens, indexed messages', () => {
    const s = only(load(capture, 'chat').spans)
    expect(s).toMatchObject({
      provider: 'openai',
      operation: 'chat',
      inputTokens: 19,
      outputTokens: 9,
      totalTokens: 28,
      responseModel: 'gpt-4o-mini-2024-07-18',
      finishReason: 'stop',
      temperature: 0.2,
      maxTokens: 64,
    })
    expect(turns(s.inputMessages)).toEqual(sentTurns(capture, isPlainChat))
    expect(turns(s.outputMessages)).toEqual([{ role: 'assistant', text: chatAnswer }])
  })

  it('keeps what this version reports for streams (its own 13/11 estimate)', () => {
    const s = only(load(capture, 'chat-stream').spans)
    expect(s).toMatchObject({ inputTokens: 13, outputTokens: 11, totalTokens: 24 })
  })

  it('maps tool calls (no id in this format) and llm.request.functions', () => {
    const spans = load(capture, 'tool-call').spans
    const [first, second] = [...spans].sort((x, y) => x.startTimeUs - y.startTimeUs) as [Span, Span]
    expect(first).toMatchObject({ inputTokens: 57, outputTokens: 17, finishReason: 'tool_call' })
    expect(first.outputMessages?.[0]?.parts).toEqual([{ ...weatherCall, id: null }])
    expect(first.toolDefinitions).toEqual([
      expect.objectContaining({
        name: 'get_weather',
        parameters: expect.objectContaining({ type: 'object' }),
      }),
    ])
    expect(second.inputMessages?.map((m) => m.role)).toEqual(['user', 'assistant', 'tool'])
    expect(second.inputMessages?.[2]?.parts[0]?.type).toBe('tool_result')
    const stream = only(load(capture, 'tool-call-stream').spans)
    expect(stream).toMatchObject({ inputTokens: null, finishReason: 'tool_call' })
  })

  it('counts Anthropic once: the raw 21 becomes 25 with the SDK child cache numbers', () => {
    const spans = load(capture, 'anthropic-messages').spans
    const parent = byScope(spans, '@traceloop/')
    expect(counted(spans)).toEqual([parent])
    expect(parent).toMatchObject({
      provider: 'anthropic',
      inputTokens: 25,
      cachedInputTokens: 4,
      outputTokens: 11,
      totalTokens: 36,
    })
    expect(turns(parent.inputMessages)).toEqual(sentTurns(capture, isAnthropicChat))
    expect(turns(parent.outputMessages)).toEqual([{ role: 'assistant', text: claudeAnswer }])
  })

  it('fills TTFT, stream flag and finish reason of the Anthropic stream from the SDK child', () => {
    const parent = only(counted(load(capture, 'anthropic-messages-stream').spans))
    expect(parent).toMatchObject({ stream: true, finishReason: 'stop', inputTokens: 25 })
    expect(parent.ttftMs).toBeGreaterThan(40)
    expect(parent.ttftMs).toBeLessThan(500)
  })

  it('maps anthropic tool_use: reported 380 raw, normalized to 384 with cache; tool_use blocks parsed', () => {
    const spans = counted(load(capture, 'anthropic-tool-use').spans)
    const [first, second] = [...spans].sort((x, y) => x.startTimeUs - y.startTimeUs) as [Span, Span]
    expect(first.attributes['gen_ai.usage.prompt_tokens']).toBe(380)
    expect(first).toMatchObject({
      inputTokens: 384,
      cachedInputTokens: 4,
      outputTokens: 40,
      finishReason: 'tool_call',
    })
    expect(first.outputMessages?.[0]?.parts[1]).toEqual({
      type: 'tool_call',
      id: 'toolu_mock_1',
      name: 'get_weather',
      arguments: { city: 'Paris', unit: 'celsius' },
    })
    expect(second.inputMessages?.at(-1)?.parts[0]).toMatchObject({
      type: 'tool_result',
      id: 'toolu_mock_1',
    })
  })

  it('maps the Anthropic error', () => {
    const spans = load(capture, 'anthropic-error').spans
    const parent = only(counted(spans))
    expect(parent.status).toBe('error')
    expect(parent.errorMessage).toContain('invalid_request_error')
    expect(byScope(spans, 'com.anthropic.sdk').errorType).toBe('invalid_request_error')
  })

  it('maps the workflow: kinds, association properties on every span, extra properties as metadata', () => {
    const spans = load(capture, 'workflow').spans
    const kinds = Object.fromEntries(spans.map((s) => [s.name, s.kind]))
    expect(kinds).toEqual({
      'answer_question.workflow': 'chain',
      'ask_llm.task': 'chain',
      'get_weather.tool': 'tool',
      'openai.chat': 'llm',
    })
    for (const s of spans) {
      expect(s).toMatchObject({
        userId: 'user-123',
        sessionId: 'session-abc',
        metadata: { customer_id: 'cust-9' },
      })
    }
    expect(only(counted(spans))).toMatchObject({ inputTokens: 19, outputTokens: 9 })
  })
})

describe('vercel-ai-legacy (AI SDK ai.* format)', () => {
  const capture = 'vercel-ai-legacy'

  it('counts the doGenerate span only; the outer ai.generateText repeats its usage', () => {
    const spans = load(capture, 'chat').spans
    const leaf = only(counted(spans))
    const outer = only(spans.filter((s) => s.name === 'ai.generateText'))
    expect(leaf).toMatchObject({
      name: 'ai.generateText.doGenerate',
      provider: 'openai',
      inputTokens: 19,
      cachedInputTokens: 3,
      outputTokens: 9,
      reasoningTokens: 2,
      totalTokens: 28,
      stream: false,
      temperature: 0.2,
      topP: 0.9,
      maxTokens: 64,
      finishReason: 'stop',
    })
    expect(outer).toMatchObject({ kind: 'chain', countsUsage: false, inputTokens: 19 })
    expect(turns(leaf.inputMessages)).toEqual(sentTurns(capture, isPlainChat))
    expect(turns(outer.inputMessages)).toEqual(sentTurns(capture, isPlainChat))
    for (const s of spans) expect(s).toMatchObject({ userId: 'user-123', sessionId: 'session-abc' })
  })

  it('reads the stream TTFT in milliseconds', () => {
    const leaf = only(counted(load(capture, 'chat-stream').spans))
    expect(leaf.stream).toBe(true)
    expect(leaf.ttftMs).toBeGreaterThan(40)
    expect(leaf.ttftMs).toBeLessThan(500)
  })

  it('sums tool-call usage over the two leaf steps (57+19 / 17+9), not the wrapper', () => {
    const spans = load(capture, 'tool-call').spans
    const leaves = counted(spans)
    expect(leaves).toHaveLength(2)
    expect(sum(leaves, (s) => s.inputTokens)).toBe(76)
    expect(sum(leaves, (s) => s.outputTokens)).toBe(26)
    expect(only(spans.filter((s) => s.name === 'ai.generateText'))).toMatchObject({
      inputTokens: 76,
      outputTokens: 26,
      countsUsage: false,
    })
    expect(only(spans.filter((s) => s.kind === 'tool')).name).toBe('ai.toolCall')
    const first = leaves.find((s) => s.finishReason === 'tool_call')
    expect(first?.outputMessages?.[0]?.parts).toEqual([weatherCall])
    expect(first?.toolDefinitions).toEqual([expect.objectContaining({ name: 'get_weather' })])
    const streamLeaves = counted(load(capture, 'tool-call-stream').spans)
    expect(sum(streamLeaves, (s) => s.inputTokens)).toBe(76)
  })

  it('maps embeddings: the doEmbed span counts 10 tokens', () => {
    const spans = load(capture, 'embeddings').spans
    expect(only(counted(spans))).toMatchObject({ kind: 'embedding', inputTokens: 10 })
    expect(sum(counted(spans), (s) => s.inputTokens)).toBe(10)
  })

  it('maps responses: 14 (cached 2) / 8 (reasoning 1)', () => {
    const leaf = only(counted(load(capture, 'responses').spans))
    expect(leaf).toMatchObject({
      inputTokens: 14,
      cachedInputTokens: 2,
      outputTokens: 8,
      reasoningTokens: 1,
    })
    expect(turns(leaf.inputMessages)).toEqual(sentTurns(capture, isResponses))
  })

  it('maps the error on both levels', () => {
    const spans = load(capture, 'error').spans
    for (const s of spans)
      expect(s).toMatchObject({ status: 'error', errorType: 'AI_APICallError' })
  })

  it('maps Anthropic (input includes cache here) and the tool_use step', () => {
    const leaf = only(counted(load(capture, 'anthropic-messages').spans))
    expect(leaf).toMatchObject({
      provider: 'anthropic',
      inputTokens: 25,
      cachedInputTokens: 4,
      outputTokens: 11,
    })
    expect(turns(leaf.outputMessages)).toEqual([{ role: 'assistant', text: claudeAnswer }])
    const steps = counted(load(capture, 'anthropic-tool-use').spans)
    expect(steps.map((s) => [s.inputTokens, s.outputTokens]).sort()).toEqual([
      [25, 11],
      [384, 40],
    ])
  })
})
