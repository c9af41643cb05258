// Deterministic GenAI trace data for the ingest benchmarks: OTLP trace export requests shaped
// like what Traceloop/OpenLLMetry (new semconv) sends, batched like the OTel BatchSpanProcessor,
// plus the helpers to turn one pool of encoded bodies into many distinct ones cheaply.
import { encodeOtlpRequest } from '@llm-observatory/ingest'
import type { OtlpKeyValue, OtlpSpan, OtlpTracesRequest } from '@llm-observatory/ingest'

/** The OTel BatchSpanProcessor's default `maxExportBatchSize`. */
export const defaultSpansPerRequest = 512

export interface GenAiRequestOptions {
  /** Seeds the PRNG: the same seed gives byte-identical requests. Default 1. */
  seed?: number
  /** Spans per export request (the last one may hold fewer). Default 512. */
  spansPerRequest?: number
  /** Start of the first trace, ms since the epoch. Default 2026-11-23T00:00:00Z. */
  baseTimeMs?: number
}

/** mulberry32: tiny, fast, good enough to vary benchmark data; not for anything else. */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface ModelChoice {
  provider: string
  requestModel: string
  responseModel: string
}

// Real model names the bundled price data knows, so enrichment computes a cost for each.
const models: ModelChoice[] = [
  { provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18' },
  { provider: 'openai', requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024-08-06' },
  { provider: 'openai', requestModel: 'gpt-4.1', responseModel: 'gpt-4.1-2025-04-14' },
  { provider: 'openai', requestModel: 'gpt-4.1-mini', responseModel: 'gpt-4.1-mini-2025-04-14' },
  { provider: 'openai', requestModel: 'o3-mini', responseModel: 'o3-mini-2025-01-31' },
  {
    provider: 'anthropic',
    requestModel: 'claude-3-5-haiku-20241022',
    responseModel: 'claude-3-5-haiku-20241022',
  },
  {
    provider: 'anthropic',
    requestModel: 'claude-sonnet-4-20250514',
    responseModel: 'claude-sonnet-4-20250514',
  },
  {
    provider: 'anthropic',
    requestModel: 'claude-3-7-sonnet-20250219',
    responseModel: 'claude-3-7-sonnet-20250219',
  },
  { provider: 'gcp.gemini', requestModel: 'gemini-2.0-flash', responseModel: 'gemini-2.0-flash' },
  {
    provider: 'mistral_ai',
    requestModel: 'mistral-large-latest',
    responseModel: 'mistral-large-2411',
  },
]

const workflows = ['support-agent', 'rag-answer', 'summarize-ticket', 'code-review', 'triage']
const tools = ['get_weather', 'search_docs', 'lookup_order', 'run_sql', 'fetch_url']
const systemPrompts = [
  'You are a helpful support assistant. Answer briefly and cite the relevant document.',
  'You are a senior engineer reviewing code. Point out bugs first, then style issues.',
  'Summarize the conversation for a busy manager in three short bullet points.',
  'You classify incoming tickets by urgency and product area. Reply with JSON only.',
  'Answer using only the retrieved context. Say so when the context is not enough.',
]
const words = (
  'the a to of and in for on with order account invoice refund shipping delivery status ' +
  'customer product service error timeout database query index latency deploy release ' +
  'weather forecast city temperature report summary ticket priority urgent billing plan ' +
  'upgrade password login reset email address payment card declined retry limit quota ' +
  'model prompt token cost budget team project dashboard alert metric trace span log ' +
  'please could you help me understand why when where how what which today yesterday ' +
  'tomorrow week month number total average maximum minimum compare explain describe'
).split(' ')

function sentence(rand: () => number, wordCount: number): string {
  const out: string[] = []
  for (let i = 0; i < wordCount; i++) out.push(words[Math.floor(rand() * words.length)]!)
  const text = out.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

function hexId(rand: () => number, bytes: number): string {
  let s = ''
  for (let i = 0; i < bytes; i++) {
    s += Math.floor(rand() * 256)
      .toString(16)
      .padStart(2, '0')
  }
  return s
}

const str = (key: string, value: string): OtlpKeyValue => ({ key, value: { stringValue: value } })
const int = (key: string, value: number): OtlpKeyValue => ({ key, value: { intValue: value } })
const dbl = (key: string, value: number): OtlpKeyValue => ({ key, value: { doubleValue: value } })
const strArray = (key: string, values: string[]): OtlpKeyValue => ({
  key,
  value: { arrayValue: { values: values.map((v) => ({ stringValue: v })) } },
})
const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString()

const resourceAttributes: OtlpKeyValue[] = [
  str('service.name', 'bench-agent-service'),
  str('deployment.environment', 'production'),
  str('service.version', '1.4.2'),
  str('telemetry.sdk.language', 'nodejs'),
  str('telemetry.sdk.name', 'opentelemetry'),
  str('telemetry.sdk.version', '2.0.1'),
  str('host.name', 'bench-host'),
  str('process.runtime.name', 'nodejs'),
]

/** One trace: a workflow root, 1–4 chat spans and sometimes a tool span, in end order. */
function generateTrace(rand: () => number, startMs: number, traceIndex: number): OtlpSpan[] {
  const traceId = hexId(rand, 16)
  const rootId = hexId(rand, 8)
  const workflow = workflows[Math.floor(rand() * workflows.length)]!
  const userId = `user-${Math.floor(rand() * 5000)}`
  const sessionId = `session-${Math.floor(rand() * 20000)}`
  const association = [
    str('traceloop.association.properties.user_id', userId),
    str('traceloop.association.properties.session_id', sessionId),
  ]
  const chatCount = 1 + Math.floor(rand() * 4)
  const toolAfter = rand() < 0.35 ? Math.floor(rand() * chatCount) : -1
  const spans: OtlpSpan[] = []
  const systemPrompt = systemPrompts[Math.floor(rand() * systemPrompts.length)]!
  const history: { role: string; parts: unknown[] }[] = [
    {
      role: 'user',
      parts: [{ type: 'text', content: sentence(rand, 10 + Math.floor(rand() * 22)) }],
    },
  ]
  let t = startMs + 1 + rand() * 3
  let failed = false
  for (let i = 0; i < chatCount; i++) {
    const model = models[Math.floor(rand() * models.length)]!
    const spanId = hexId(rand, 8)
    const durationMs = 300 + rand() * 4000
    const inputTokens = 200 + Math.floor(rand() * 3000)
    const outputTokens = 20 + Math.floor(rand() * 600)
    const isError = rand() < 0.02
    const wantsTool = i === toolAfter
    const answer = sentence(rand, 12 + Math.floor(rand() * 26))
    const output = wantsTool
      ? [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: `call_${hexId(rand, 6)}`,
                name: tools[traceIndex % tools.length],
                arguments: { query: sentence(rand, 4) },
              },
            ],
            finish_reason: 'tool_call',
          },
        ]
      : [{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]
    const attributes: OtlpKeyValue[] = [
      str('gen_ai.provider.name', model.provider),
      str('gen_ai.operation.name', 'chat'),
      str('gen_ai.request.model', model.requestModel),
      dbl('gen_ai.request.temperature', Math.round(rand() * 10) / 10),
      dbl('gen_ai.request.top_p', 0.9),
      int('gen_ai.request.max_tokens', 1024),
      str('gen_ai.system_instructions', JSON.stringify([{ type: 'text', content: systemPrompt }])),
      str('gen_ai.input.messages', JSON.stringify(history)),
      ...association,
    ]
    if (!isError) {
      attributes.push(
        str('gen_ai.response.model', model.responseModel),
        str('gen_ai.response.id', `chatcmpl-${hexId(rand, 10)}`),
        strArray('gen_ai.response.finish_reasons', [wantsTool ? 'tool_calls' : 'stop']),
        int('gen_ai.usage.input_tokens', inputTokens),
        int('gen_ai.usage.output_tokens', outputTokens),
        str('gen_ai.output.messages', JSON.stringify(output)),
      )
      if (model.provider === 'anthropic' && rand() < 0.5) {
        attributes.push(int('gen_ai.usage.cache_read.input_tokens', Math.floor(inputTokens / 3)))
      }
    } else {
      attributes.push(str('error.type', 'rate_limit_error'))
    }
    spans.push({
      traceId,
      spanId,
      parentSpanId: rootId,
      name: `chat ${model.requestModel}`,
      kind: 3,
      startTimeUnixNano: nanos(t),
      endTimeUnixNano: nanos(t + durationMs),
      attributes,
      status: isError ? { code: 2, message: 'Rate limit reached for requests' } : {},
      ...(isError
        ? {
            events: [
              {
                timeUnixNano: nanos(t + durationMs),
                name: 'exception',
                attributes: [
                  str('exception.type', 'RateLimitError'),
                  str('exception.message', '429 Rate limit reached for requests'),
                ],
              },
            ],
          }
        : {}),
    })
    t += durationMs + rand() * 5
    history.push(output[0]!)
    failed ||= isError
    if (wantsTool) {
      const toolName = tools[traceIndex % tools.length]!
      const toolMs = 20 + rand() * 400
      const result = sentence(rand, 12 + Math.floor(rand() * 20))
      spans.push({
        traceId,
        spanId: hexId(rand, 8),
        parentSpanId: rootId,
        name: `${toolName}.tool`,
        kind: 1,
        startTimeUnixNano: nanos(t),
        endTimeUnixNano: nanos(t + toolMs),
        attributes: [
          str('traceloop.span.kind', 'tool'),
          str('traceloop.entity.name', toolName),
          str('traceloop.entity.input', JSON.stringify({ args: [sentence(rand, 4)] })),
          str('traceloop.entity.output', JSON.stringify(result)),
          ...association,
        ],
        status: {},
      })
      t += toolMs
      history.push({ role: 'tool', parts: [{ type: 'tool_call_response', response: result }] })
    }
  }
  spans.push({
    traceId,
    spanId: rootId,
    name: `${workflow}.workflow`,
    kind: 1,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(t + 1),
    attributes: [
      str('traceloop.span.kind', 'workflow'),
      str('traceloop.workflow.name', workflow),
      str('traceloop.entity.name', workflow),
      str('traceloop.entity.path', ''),
      int('traceloop.entity.version', 2),
      ...association,
    ],
    status: failed ? { code: 2, message: 'workflow step failed' } : {},
  })
  return spans
}

/**
 * `totalSpans` GenAI spans as OTLP/JSON-shaped trace export requests of `spansPerRequest` spans
 * each (one resource, one scope per request). Spans are cut into requests in end order, as a
 * BatchSpanProcessor does, so a trace may straddle two requests.
 *
 * @example generateGenAiRequests(1024, { seed: 7 }).length // 2
 */
export function generateGenAiRequests(
  totalSpans: number,
  options: GenAiRequestOptions = {},
): OtlpTracesRequest[] {
  const rand = createPrng(options.seed ?? 1)
  const perRequest = options.spansPerRequest ?? defaultSpansPerRequest
  let startMs = options.baseTimeMs ?? Date.UTC(2026, 10, 23)
  const all: OtlpSpan[] = []
  for (let trace = 0; all.length < totalSpans; trace++) {
    all.push(...generateTrace(rand, startMs, trace))
    startMs += rand() * 20
  }
  all.length = totalSpans
  const requests: OtlpTracesRequest[] = []
  for (let i = 0; i < all.length; i += perRequest) {
    requests.push({
      resourceSpans: [
        {
          resource: { attributes: resourceAttributes },
          scopeSpans: [
            {
              scope: { name: '@traceloop/instrumentation-openai', version: '0.27.0' },
              spans: all.slice(i, i + perRequest),
            },
          ],
        },
      ],
    })
  }
  return requests
}

/** Protobuf bodies of {@link generateGenAiRequests}. */
export function encodeTraceBodies(requests: OtlpTracesRequest[]): Buffer[] {
  return requests.map((r) => encodeOtlpRequest('traces', r))
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let value = 0
  let shift = 0
  for (;;) {
    const byte = buf[pos++]!
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return [value, pos]
    shift += 7
  }
}

/** Calls `visit(field, start, end)` for each length-delimited field in `buf[start, end)`. */
function forEachLenField(
  buf: Buffer,
  start: number,
  end: number,
  visit: (field: number, from: number, to: number) => void,
): void {
  let pos = start
  while (pos < end) {
    const [tag, afterTag] = readVarint(buf, pos)
    const wireType = tag & 7
    pos = afterTag
    if (wireType === 0) pos = readVarint(buf, pos)[1]
    else if (wireType === 1) pos += 8
    else if (wireType === 5) pos += 4
    else if (wireType === 2) {
      const [len, from] = readVarint(buf, pos)
      visit(Math.floor(tag / 8), from, from + len)
      pos = from + len
    } else throw new Error(`unexpected wire type ${wireType}`)
  }
}

/**
 * Offsets of every trace, span and parent span id in an encoded trace export request, so that
 * {@link rewriteIds} can make a distinct copy without re-encoding.
 */
export function findIdOffsets(body: Buffer): Uint32Array {
  const offsets: number[] = []
  forEachLenField(body, 0, body.length, (f1, rsFrom, rsTo) => {
    if (f1 !== 1) return
    forEachLenField(body, rsFrom, rsTo, (f2, ssFrom, ssTo) => {
      if (f2 !== 2) return
      forEachLenField(body, ssFrom, ssTo, (f3, spFrom, spTo) => {
        if (f3 !== 2) return
        forEachLenField(body, spFrom, spTo, (f4, from, to) => {
          // trace_id = 1, span_id = 2, parent_span_id = 4 (opentelemetry/proto/trace/v1)
          if ((f4 === 1 || f4 === 2 || f4 === 4) && to > from) offsets.push(from)
        })
      })
    })
  })
  return Uint32Array.from(offsets)
}

/**
 * A copy of `body` whose ids have `round` XORed into their first four bytes; round 0 is the
 * body itself. The same XOR on span and parent ids keeps every parent link intact, so round r
 * of a pool is a new set of traces with the same shape.
 */
export function rewriteIds(body: Buffer, offsets: Uint32Array, round: number): Buffer {
  if (round === 0) return body
  const copy = Buffer.from(body)
  for (const at of offsets) copy.writeUInt32BE((copy.readUInt32BE(at) ^ round) >>> 0, at)
  return copy
}

/** The hex-id counterpart of {@link rewriteIds}, for rows built from the same pool. */
export function rewriteHexId(id: string, round: number): string {
  if (round === 0) return id
  const head = ((parseInt(id.slice(0, 8), 16) ^ round) >>> 0).toString(16).padStart(8, '0')
  return head + id.slice(8)
}
