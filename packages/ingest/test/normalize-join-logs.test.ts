import { describe, expect, it } from 'vitest'
import type { LogRecord, Message, Span } from '@llm-observatory/core'
import { joinLogContent } from '@llm-observatory/ingest'
import { makeLog, makeSpan } from '@llm-observatory/testkit'

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
const spanId = '00f067aa0ba902b7'

function span(overrides: Partial<Span> = {}): Span {
  return makeSpan({
    traceId,
    spanId,
    kind: 'llm',
    inputMessages: null,
    outputMessages: null,
    finishReason: null,
    ...overrides,
  })
}

function log(overrides: Partial<LogRecord>): LogRecord {
  return makeLog({ traceId, spanId, eventName: null, attributes: {}, body: null, ...overrides })
}

const text = (role: string, content: string, extra: Partial<Message> = {}): Message => ({
  role,
  parts: [{ type: 'text', content }],
  ...extra,
})

describe('joinLogContent', () => {
  it('builds OTel contrib chat messages from per-message records (event name in the attribute)', () => {
    const t = 1_795_413_600_000_000
    const logs = [
      log({
        timeUs: t + 3,
        attributes: { 'event.name': 'gen_ai.choice' },
        body: {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
            ],
          },
        },
      }),
      log({
        timeUs: t,
        attributes: { 'event.name': 'gen_ai.system.message' },
        body: { content: 'sys' },
      }),
      log({ timeUs: t + 1, eventName: 'gen_ai.user.message', body: { content: 'hi' } }),
      log({
        timeUs: t + 2,
        attributes: { 'event.name': 'gen_ai.tool.message' },
        body: { id: 'c0', content: '{"r":2}' },
      }),
    ]
    const [out] = joinLogContent([span()], logs)
    expect(out?.inputMessages).toEqual([
      text('system', 'sys'),
      text('user', 'hi'),
      { role: 'tool', parts: [{ type: 'tool_result', id: 'c0', content: '{"r":2}' }] },
    ])
    expect(out?.outputMessages).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c1', name: 'f', arguments: { x: 1 } }],
        finishReason: 'tool_call',
      },
    ])
    expect(out?.finishReason).toBe('tool_call')
  })

  it('orders choices by index', () => {
    const logs = [1, 0].map((index) =>
      log({
        eventName: 'gen_ai.choice',
        body: { index, finish_reason: 'stop', message: { content: `c${index}` } },
      }),
    )
    const [out] = joinLogContent([span()], logs)
    expect(out?.outputMessages?.map((m) => m.parts[0])).toEqual([
      { type: 'text', content: 'c0' },
      { type: 'text', content: 'c1' },
    ])
  })

  it('reads operation.details records with structured values or JSON strings', () => {
    const logs = [
      log({
        eventName: 'gen_ai.client.inference.operation.details',
        attributes: {
          'gen_ai.system_instructions': 'Be brief.',
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: 'Say hello.' }] },
          ]),
          'gen_ai.output.messages': [
            {
              role: 'assistant',
              parts: [{ type: 'text', content: 'Hello' }],
              finish_reason: 'stop',
            },
          ],
        },
      }),
    ]
    const [out] = joinLogContent([span()], logs)
    expect(out?.inputMessages).toEqual([text('system', 'Be brief.'), text('user', 'Say hello.')])
    expect(out?.outputMessages).toEqual([text('assistant', 'Hello', { finishReason: 'stop' })])
  })

  it("keeps the span's own messages when the sender put them on the span too (OpenLIT)", () => {
    const own = span({
      inputMessages: [text('user', 'from span')],
      outputMessages: [text('assistant', 'span answer')],
    })
    const logs = [
      log({
        eventName: 'gen_ai.client.inference.operation.details',
        attributes: {
          'gen_ai.input.messages': JSON.stringify([
            { role: 'user', parts: [{ type: 'text', content: 'from log' }] },
          ]),
          'gen_ai.output.messages': JSON.stringify([
            { role: 'assistant', parts: [{ type: 'text', content: 'log answer' }] },
          ]),
        },
      }),
    ]
    const [out] = joinLogContent([own], logs)
    expect(out).toBe(own)
  })

  it('puts a span-only system message in front of the log conversation (OTel contrib Responses)', () => {
    const s = span({ inputMessages: [text('system', 'Be brief.')] })
    const logs = [log({ eventName: 'gen_ai.user.message', body: { content: 'Say hello.' } })]
    const [out] = joinLogContent([s], logs)
    expect(out?.inputMessages).toEqual([text('system', 'Be brief.'), text('user', 'Say hello.')])
  })

  it('returns spans without matching logs unchanged and does not mutate its inputs', () => {
    const a = span()
    const b = span({ spanId: '1111111111111111' })
    const logs = [log({ eventName: 'gen_ai.user.message', body: { content: 'hi' } })]
    const out = joinLogContent([a, b], logs)
    expect(out[1]).toBe(b)
    expect(out[0]).not.toBe(a)
    expect(a.inputMessages).toBeNull()
    expect(joinLogContent([a], [])).toEqual([a])
    expect(joinLogContent([a], [log({ traceId: null, body: { content: 'x' } })])[0]).toBe(a)
  })

  it('skips records without content (content capture off)', () => {
    const logs = [log({ eventName: 'gen_ai.user.message', body: {} })]
    expect(joinLogContent([span()], logs)[0]?.inputMessages).toBeNull()
  })
})
