import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeOtlpRequest, type OtlpTracesRequest } from '@llm-observatory/ingest'
import { randomSpanId, randomTraceId } from '@llm-observatory/testkit'
import { authHeader, startTestServer, type TestServer } from './test-server.js'
import { fixturesRoot, traceIdsOf } from './fixtures.js'

const email = 'jane.doe@example.com'
const card = '4111 1111 1111 1111'
const secrets = [email, card, card.replaceAll(' ', ''), 'jane.doe']

interface ApiPart {
  type: string
  content?: unknown
  arguments?: unknown
}
interface ApiSpan {
  span_id: string
  input_messages: { role: string; parts: ApiPart[] }[] | null
  output_messages: { role: string; parts: ApiPart[] }[] | null
  error_message: string | null
  attributes: Record<string, unknown>
  events: { attributes: Record<string, unknown> }[]
  redaction_count: number
}
interface TraceDetail {
  spans: ApiSpan[]
  logs: { body: unknown }[]
}

/**
 * A Traceloop-style (GenAI semconv ≥1.37) chat span: the prompt as message parts in
 * `gen_ai.input.messages`, a tool call, the answer, a failed status and an exception event, each
 * carrying the e-mail address and/or the card number.
 */
function chatRequest(traceId: string, spanId: string): OtlpTracesRequest {
  const nowNs = BigInt(Date.now()) * 1_000_000n
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } })
  const input = [
    { role: 'system', parts: [{ type: 'text', content: 'You are a billing assistant.' }] },
    {
      role: 'user',
      parts: [{ type: 'text', content: `I am ${email}; card ${card} was charged twice.` }],
    },
  ]
  const output = [
    {
      role: 'assistant',
      parts: [{ type: 'tool_call', id: 'call_1', name: 'find_customer', arguments: { email } }],
      finish_reason: 'tool_call',
    },
  ]
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'billing-bot')] },
        scopeSpans: [
          {
            scope: { name: '@traceloop/instrumentation-openai', version: '0.27.0' },
            spans: [
              {
                traceId,
                spanId,
                name: 'chat gpt-4o-mini',
                kind: 3,
                startTimeUnixNano: String(nowNs - 900_000_000n),
                endTimeUnixNano: String(nowNs),
                attributes: [
                  str('gen_ai.provider.name', 'openai'),
                  str('gen_ai.operation.name', 'chat'),
                  str('gen_ai.request.model', 'gpt-4o-mini'),
                  str('gen_ai.input.messages', JSON.stringify(input)),
                  str('gen_ai.output.messages', JSON.stringify(output)),
                ],
                status: { code: 2, message: `card ${card} declined for ${email}` },
                events: [
                  {
                    timeUnixNano: String(nowNs),
                    name: 'exception',
                    attributes: [
                      str('exception.type', 'CardDeclined'),
                      str('exception.message', `card ${card} declined for ${email}`),
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  }
}

async function postTraces(server: TestServer, request: OtlpTracesRequest): Promise<void> {
  const res = await server.otlpApp.inject({
    method: 'POST',
    url: '/v1/traces',
    headers: { ...authHeader, 'content-type': 'application/x-protobuf' },
    payload: encodeOtlpRequest('traces', request),
  })
  expect(res.statusCode, res.body).toBe(200)
}

async function getTrace(server: TestServer, traceId: string): Promise<TraceDetail> {
  const res = await server.app.inject({
    method: 'GET',
    url: `/api/v1/traces/${traceId}`,
    headers: authHeader,
  })
  expect(res.statusCode, res.body).toBe(200)
  return res.json<{ data: TraceDetail }>().data
}

/** Everything stored for the trace (every span column, logs), straight from storage. */
async function storedText(server: TestServer, traceId: string): Promise<string> {
  const projectId = server.services.bootstrap.defaultProject.id
  const detail = await server.services.backend.getTrace(projectId, traceId)
  expect(detail).not.toBeNull()
  return JSON.stringify(detail)
}

/** A fixture request with the user's question extended by the e-mail address and the card. */
function fixtureWithPii(relativePath: string): string {
  const text = readFileSync(path.join(fixturesRoot, relativePath), 'utf8')
  const question = 'What is the answer to everything?'
  expect(text).toContain(question)
  return text.replaceAll(question, `${question} Reply to ${email}, billing card ${card}.`)
}

describe('PII redaction on (OBSERVATORY_PII_REDACTION=redact)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ OBSERVATORY_PII_REDACTION: 'redact' })
  })
  afterAll(async () => server.close())

  it('stores OTLP message parts, the error, content attributes and events redacted', async () => {
    const [traceId, spanId] = [randomTraceId(), randomSpanId()]
    await postTraces(server, chatRequest(traceId, spanId))
    const [span] = (await getTrace(server, traceId)).spans
    expect(span?.input_messages?.[1]?.parts[0]).toEqual({
      type: 'text',
      content: 'I am [REDACTED:EMAIL]; card [REDACTED:CREDIT_CARD] was charged twice.',
    })
    expect(span?.output_messages?.[0]?.parts[0]).toMatchObject({
      type: 'tool_call',
      arguments: { email: '[REDACTED:EMAIL]' },
    })
    expect(span?.error_message).toBe('card [REDACTED:CREDIT_CARD] declined for [REDACTED:EMAIL]')
    expect(span?.events[0]?.attributes['exception.message']).toBe(
      'card [REDACTED:CREDIT_CARD] declined for [REDACTED:EMAIL]',
    )
    // The raw attributes are still the JSON the sender wrote, with the values replaced.
    expect(JSON.parse(span?.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are a billing assistant.' }] },
      {
        role: 'user',
        parts: [
          {
            type: 'text',
            content: 'I am [REDACTED:EMAIL]; card [REDACTED:CREDIT_CARD] was charged twice.',
          },
        ],
      },
    ])
    // 2 in the user message, 1 in the tool call, 2 in the error, 2 in the exception event, and
    // the same 2 + 1 again in the two message attributes.
    expect(span?.redaction_count).toBe(2 + 1 + 2 + 2 + 2 + 1)
    const stored = await storedText(server, traceId)
    for (const secret of secrets) expect(stored).not.toContain(secret)
  })

  it('redacts the prompt of an OpenInference fixture in its messages, input.value and llm.input_messages', async () => {
    const request = JSON.parse(
      fixtureWithPii('openinference/chat/001-traces.decoded.json'),
    ) as OtlpTracesRequest
    await postTraces(server, request)
    const [traceId] = traceIdsOf(request)
    const detail = await getTrace(server, traceId!)
    const llm = detail.spans.find((s) => s.input_messages !== null)!
    expect(llm.input_messages?.at(-1)?.parts[0]).toEqual({
      type: 'text',
      content:
        'What is the answer to everything? Reply to [REDACTED:EMAIL], billing card [REDACTED:CREDIT_CARD].',
    })
    expect(llm.attributes['llm.input_messages.1.message.content']).toBe(
      'What is the answer to everything? Reply to [REDACTED:EMAIL], billing card [REDACTED:CREDIT_CARD].',
    )
    // Two values in each of: the normalized message, llm.input_messages.1, input.value.
    expect(llm.redaction_count).toBe(6)
    const stored = await storedText(server, traceId!)
    for (const secret of secrets) expect(stored).not.toContain(secret)
  })

  it('redacts OTel content log records, so the joined prompt is redacted too', async () => {
    const dir = 'otel-contrib-json/chat'
    const traces = readFileSync(path.join(fixturesRoot, dir, '001-traces.json'))
    const logs = fixtureWithPii(`${dir}/002-logs.json`)
    for (const [url, payload] of [
      ['/v1/traces', traces],
      ['/v1/logs', logs],
    ] as const) {
      const res = await server.otlpApp.inject({
        method: 'POST',
        url,
        headers: { ...authHeader, 'content-type': 'application/json' },
        payload,
      })
      expect(res.statusCode, res.body).toBe(200)
    }
    const [traceId] = traceIdsOf(JSON.parse(traces.toString('utf8')))
    const detail = await getTrace(server, traceId!)
    const llm = detail.spans.find((s) => s.input_messages !== null)!
    expect(llm.input_messages?.[1]).toEqual({
      role: 'user',
      parts: [
        {
          type: 'text',
          content:
            'What is the answer to everything? Reply to [REDACTED:EMAIL], billing card [REDACTED:CREDIT_CARD].',
        },
      ],
    })
    expect(detail.logs.map((l) => l.body)).toContainEqual({
      content:
        'What is the answer to everything? Reply to [REDACTED:EMAIL], billing card [REDACTED:CREDIT_CARD].',
    })
    const stored = await storedText(server, traceId!)
    for (const secret of secrets) expect(stored).not.toContain(secret)
  })

  it('redacts REST LLM logs and app log messages', async () => {
    const traceId = randomTraceId()
    const llm = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm',
      headers: authHeader,
      payload: {
        trace_id: traceId,
        provider: 'openai',
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Refund card ${card}, mail ${email}` }],
        response: `Done, receipt sent to ${email}.`,
      },
    })
    expect(llm.statusCode, llm.body).toBe(201)
    const app = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/app',
      headers: authHeader,
      payload: { level: 'info', message: `refund mailed to ${email}`, trace_id: traceId },
    })
    expect(app.statusCode, app.body).toBe(201)
    const detail = await getTrace(server, traceId)
    expect(detail.spans[0]?.input_messages?.[0]?.parts[0]).toEqual({
      type: 'text',
      content: 'Refund card [REDACTED:CREDIT_CARD], mail [REDACTED:EMAIL]',
    })
    expect(detail.spans[0]?.output_messages?.[0]?.parts[0]).toEqual({
      type: 'text',
      content: 'Done, receipt sent to [REDACTED:EMAIL].',
    })
    expect(detail.spans[0]?.redaction_count).toBe(3)
    expect(JSON.stringify(detail.logs)).toContain('refund mailed to [REDACTED:EMAIL]')
    const stored = await storedText(server, traceId)
    for (const secret of secrets) expect(stored).not.toContain(secret)
  })
})

describe('PII redaction off (the default)', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  it('stores content exactly as sent, with a redaction count of 0', async () => {
    const [traceId, spanId] = [randomTraceId(), randomSpanId()]
    await postTraces(server, chatRequest(traceId, spanId))
    const [span] = (await getTrace(server, traceId)).spans
    expect(span?.input_messages?.[1]?.parts[0]).toEqual({
      type: 'text',
      content: `I am ${email}; card ${card} was charged twice.`,
    })
    expect(span?.error_message).toBe(`card ${card} declined for ${email}`)
    expect(span?.redaction_count).toBe(0)
  })

  it('applies a project’s own rules from its settings over the server default', async () => {
    const projectId = server.services.bootstrap.defaultProject.id
    await server.services.deps.settings.update(projectId, {
      pii: {
        enabled: true,
        mode: 'redact',
        detectors: { credit_card: false },
        customPatterns: [{ name: 'customer_ref', pattern: 'CUST-[0-9]{5}' }],
      },
    })
    try {
      const [traceId, spanId] = [randomTraceId(), randomSpanId()]
      const request = chatRequest(traceId, spanId)
      await postTraces(
        server,
        JSON.parse(
          JSON.stringify(request).replaceAll('charged twice', 'charged twice, CUST-00042'),
        ),
      )
      const [span] = (await getTrace(server, traceId)).spans
      expect(span?.input_messages?.[1]?.parts[0]).toEqual({
        type: 'text',
        content: `I am [REDACTED:EMAIL]; card ${card} was charged twice, [REDACTED:CUSTOMER_REF].`,
      })
    } finally {
      await server.services.deps.settings.update(projectId, { pii: null })
    }
  })
})

describe('PII redaction in hash mode', () => {
  const secret = 'pii-hash-secret-for-tests-0123456789'
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({
      OBSERVATORY_PII_REDACTION: 'hash',
      OBSERVATORY_PII_HASH_SECRET: secret,
    })
  })
  afterAll(async () => server.close())

  it('replaces values with HMAC tokens under the project’s key, equal values alike', async () => {
    const [traceId, spanId] = [randomTraceId(), randomSpanId()]
    await postTraces(server, chatRequest(traceId, spanId))
    const [span] = (await getTrace(server, traceId)).spans
    // Computed here from the definition: key = HMAC(secret, project id), token = 12 hex of
    // HMAC(key, canonical value) — the e-mail lower-cased, the card as digits.
    const key = createHmac('sha256', secret)
      .update(server.services.bootstrap.defaultProject.id)
      .digest()
    const token = (label: string, value: string) =>
      `[${label}:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}]`
    const mail = token('EMAIL', email)
    const cardToken = token('CREDIT_CARD', card.replaceAll(' ', ''))
    expect(span?.input_messages?.[1]?.parts[0]).toEqual({
      type: 'text',
      content: `I am ${mail}; card ${cardToken} was charged twice.`,
    })
    expect(span?.error_message).toBe(`card ${cardToken} declined for ${mail}`)
    const stored = await storedText(server, traceId)
    for (const value of secrets) expect(stored).not.toContain(value)
  })
})
