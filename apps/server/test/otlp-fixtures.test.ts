import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeader, startTestServer, type TestServer } from './test-server.js'
import { listFixtureCalls, loadFixtureCall, spanCountOf, traceIdsOf } from './fixtures.js'

interface ApiSpan {
  span_id: string
  kind: string
  counts_usage: boolean
  input_tokens: number | null
  cached_input_tokens: number | null
  output_tokens: number | null
  reasoning_tokens: number | null
  cost_usd: number | null
  cost_source: string | null
  provider: string | null
  response_model: string | null
  status: string
  error_type: string | null
  ttft_ms: number | null
  input_messages: { role: string; parts: { type: string; content?: string }[] }[] | null
  output_messages: { role: string; parts: { type: string }[] }[] | null
  user_id: string | null
  session_id: string | null
  tags: string[]
}

// Tokens the mock LLM returned (fixtures README), summed over the usage-counting spans of all
// traces of one call. Input includes cache, so Anthropic's raw 21 + 4 cache read is 25; the
// tool-call flows are two requests (57/17 then 19/9, Anthropic 380+4/40 then 21+4/11). null =
// the stack reports no usage for that call, which must stay null, not 0.
const openAiExpected: Record<string, [number | null, number | null]> = {
  chat: [19, 9],
  'chat-stream': [19, 9],
  embeddings: [10, null],
  error: [null, null],
  responses: [14, 8],
  'tool-call': [76, 26],
  'tool-call-stream': [57, 17],
}
const expected: Record<string, Record<string, [number | null, number | null]>> = {
  'otel-contrib-proto': openAiExpected,
  'otel-contrib-json': openAiExpected,
  openinference: {
    chat: [19, 9],
    'chat-stream': [null, null],
    'context-attributes': [19, 9],
    embeddings: [null, null],
    responses: [14, 8],
    'tool-call': [76, 26],
    'tool-call-stream': [null, null],
    'anthropic-messages': [25, 11],
    'anthropic-messages-stream': [25, 11],
    'anthropic-tool-use': [409, 51],
    'anthropic-error': [null, null],
  },
  'traceloop-legacy': {
    chat: [19, 9],
    // Traceloop 0.22 estimates stream usage itself (13/11); we store what it reports.
    'chat-stream': [13, 11],
    'tool-call': [76, 26],
    'tool-call-stream': [null, null],
    workflow: [19, 9],
    'anthropic-messages': [25, 11],
    'anthropic-messages-stream': [25, 11],
    'anthropic-tool-use': [409, 51],
    'anthropic-error': [null, null],
  },
  'vercel-ai-legacy': {
    chat: [19, 9],
    'chat-stream': [19, 9],
    embeddings: [10, null],
    error: [null, null],
    responses: [14, 8],
    'tool-call': [76, 26],
    'tool-call-stream': [76, 26],
    'anthropic-messages': [25, 11],
    'anthropic-messages-stream': [25, 11],
    'anthropic-tool-use': [409, 51],
  },
}

function sumOrNull(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null)
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0)
}

describe.each(Object.keys(expected))('OTLP/HTTP receiver with %s fixtures', (capture) => {
  let server: TestServer
  const spansByCall = new Map<string, ApiSpan[]>()
  const storedCounts = new Map<string, [number, number]>()

  beforeAll(async () => {
    server = await startTestServer()
    for (const call of listFixtureCalls(capture)) {
      const requests = loadFixtureCall(capture, call)
      let sent = 0
      for (const req of requests) {
        // Unauthenticated, from loopback, as an app left at the OTel defaults would send.
        const res = await server.otlpApp.inject({
          method: 'POST',
          url: req.path,
          headers: { 'content-type': req.contentType },
          payload: req.body,
        })
        expect(res.statusCode, `${call} ${req.path}`).toBe(200)
        if (req.signal === 'traces') sent += spanCountOf(req.decoded)
      }
      const spans: ApiSpan[] = []
      for (const traceId of requests
        .filter((r) => r.signal === 'traces')
        .flatMap((r) => traceIdsOf(r.decoded))) {
        const res = await server.app.inject({
          method: 'GET',
          url: `/api/v1/traces/${traceId}`,
          headers: authHeader,
        })
        expect(res.statusCode).toBe(200)
        spans.push(...res.json<{ data: { spans: ApiSpan[] } }>().data.spans)
      }
      spansByCall.set(call, spans)
      storedCounts.set(call, [sent, spans.length])
    }
  })
  afterAll(async () => server.close())

  it('stores every span it acknowledged, LLM or not', () => {
    for (const [call, [sent, stored]] of storedCounts) expect(stored, call).toBe(sent)
  })

  it.each(Object.keys(expected[capture]!))('normalizes usage of the %s call exactly', (call) => {
    const spans = spansByCall.get(call)!
    const counted = spans.filter(
      (s) => s.counts_usage && (s.kind === 'llm' || s.kind === 'embedding'),
    )
    const [input, output] = expected[capture]![call]!
    expect(sumOrNull(counted.map((s) => s.input_tokens)), 'input tokens').toBe(input)
    expect(sumOrNull(counted.map((s) => s.output_tokens)), 'output tokens').toBe(output)
    if (call.includes('error')) {
      expect(spans.some((s) => s.status === 'error' && s.error_type !== null)).toBe(true)
    } else {
      expect(spans.every((s) => s.status !== 'error')).toBe(true)
    }
  })

  it('prices OpenAI chat from the bundled catalog (gpt-4o-mini: $0.15 / $0.075 cached / $0.60 per MTok)', () => {
    const chat = spansByCall.get('chat')!.filter((s) => s.counts_usage && s.kind === 'llm')
    expect(chat).toHaveLength(1)
    const span = chat[0]!
    expect(span.provider).toBe('openai')
    expect(span.response_model).toBe('gpt-4o-mini-2024-07-18')
    expect(span.cost_source).toBe('computed')
    const cached = span.cached_input_tokens ?? 0
    const expectedCost = ((19 - cached) * 0.15 + cached * 0.075 + 9 * 0.6) / 1e6
    expect(span.cost_usd).toBeCloseTo(expectedCost, 12)
  })

  it('parses the chat prompt into system and user messages', () => {
    const chat = spansByCall.get('chat')!.find((s) => s.counts_usage && s.kind === 'llm')!
    // What the client sent (fixtures/otlp/scripts/common/calls.cjs).
    const messages = (chat.input_messages ?? []).map((m) => ({
      role: m.role,
      text: m.parts.map((p) => (p.type === 'text' ? p.content : '')).join(''),
    }))
    expect(messages.slice(0, 2)).toEqual([
      { role: 'system', text: 'You are a terse assistant.' },
      { role: 'user', text: 'What is the answer to everything?' },
    ])
    expect(chat.output_messages?.[0]?.role).toBe('assistant')
  })
})
