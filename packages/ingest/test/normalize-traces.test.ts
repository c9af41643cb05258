import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Span } from '@llm-observatory/core'
import { normalizeOtlpTraces, type OtlpTracesRequest } from '@llm-observatory/ingest'
import {
  baseMs,
  hexId,
  kvs,
  otlpSpan,
  receivedAtUs,
  tracesRequest,
  type SpanSpec,
} from './normalize-builders.js'

const ctx = { projectId: 'p-traces', receivedAtUs }
const warnings = (s: Span | undefined) => s?.attributes['observatory.warnings']

function withSpans(spans: unknown[]): OtlpTracesRequest {
  return { resourceSpans: [{ scopeSpans: [{ spans }] }] } as OtlpTracesRequest
}

function good(spec: SpanSpec = {}): Record<string, unknown> {
  return otlpSpan(spec, hexId(16)) as Record<string, unknown>
}

describe('normalizeOtlpTraces: identity and rejection', () => {
  it('rejects spans with bad ids, counts them per reason, and keeps the rest of the batch', () => {
    const { spans, rejected } = normalizeOtlpTraces(
      withSpans([
        good({ name: 'kept-1' }),
        { ...good(), traceId: 'ABCDEF0123456789ABCDEF0123456789' },
        { ...good(), traceId: '0'.repeat(32) },
        { ...good(), spanId: 'abc' },
        good({ name: 'kept-2' }),
      ]),
      ctx,
    )
    expect(spans.map((s) => s.name)).toEqual(['kept-1', 'kept-2'])
    expect(rejected).toEqual({
      rejected: 3,
      errorMessage: '2 spans rejected: invalid traceId; 1 span rejected: invalid spanId',
    })
  })

  it('keeps span, scope, resource and events data, raw attributes included', () => {
    const parent = hexId(8)
    const req = tracesRequest(
      [
        {
          name: 'chat x',
          kind: 3,
          parentSpanId: parent,
          attrs: { 'custom.key': 'v', 'gen_ai.operation.name': 'chat', 'service.name': 'ignored' },
          events: [{ name: 'note', offsetMs: 5, attrs: { a: 1 } }],
          scope: 'my-scope',
        },
      ],
      { 'service.name': 'svc', 'deployment.environment.name': 'prod', 'service.version': '2.0' },
    )
    const [s] = normalizeOtlpTraces(req, ctx).spans
    expect(s).toMatchObject({
      projectId: 'p-traces',
      parentSpanId: parent,
      name: 'chat x',
      otelKind: 3,
      scopeName: 'my-scope',
      scopeVersion: '1.0.0',
      serviceName: 'svc',
      environment: 'prod',
      release: '2.0',
      startTimeUs: baseMs * 1000,
      endTimeUs: (baseMs + 1000) * 1000,
      durationMs: 1000,
      resourceAttributes: {
        'service.name': 'svc',
        'deployment.environment.name': 'prod',
        'service.version': '2.0',
      },
      events: [{ name: 'note', timeUs: (baseMs + 5) * 1000, attributes: { a: 1 } }],
    })
    expect(s?.attributes).toEqual({
      'custom.key': 'v',
      'gen_ai.operation.name': 'chat',
      'service.name': 'ignored',
    })
  })

  it('falls back to the span service name when the resource has only unknown_service', () => {
    const req = tracesRequest([{ attrs: { 'service.name': 'from-span' } }], {
      'service.name': 'unknown_service:/usr/bin/node',
    })
    expect(normalizeOtlpTraces(req, ctx).spans[0]?.serviceName).toBe('from-span')
  })

  it('maps status codes and keeps the status message only for errors', () => {
    const { spans } = normalizeOtlpTraces(
      withSpans([
        good({ status: { code: 2, message: 'boom' } }),
        good({ status: { code: 1, message: 'fine' } }),
        good({ status: {} }),
      ]),
      ctx,
    )
    expect(spans.map((s) => [s.status, s.errorMessage])).toEqual([
      ['error', 'boom'],
      ['ok', null],
      ['unset', null],
    ])
  })
})

describe('normalizeOtlpTraces: time repair', () => {
  const us = (ms: number) => String(ms * 1_000_000)

  it.each([
    [
      'start 0, end known → start = end',
      { startTimeUnixNano: '0', endTimeUnixNano: us(baseMs) },
      baseMs * 1000,
      baseMs * 1000,
      ['missing startTime'],
    ],
    [
      'both missing → receive time',
      { startTimeUnixNano: undefined, endTimeUnixNano: undefined },
      receivedAtUs,
      receivedAtUs,
      ['missing startTime', 'missing endTime'],
    ],
    [
      'start before 2000 → end',
      { startTimeUnixNano: us(Date.UTC(1990, 0, 1)), endTimeUnixNano: us(baseMs) },
      baseMs * 1000,
      baseMs * 1000,
      ['implausible startTime'],
    ],
    [
      'end two days ahead → start',
      { startTimeUnixNano: us(baseMs), endTimeUnixNano: us(receivedAtUs / 1000 + 2 * 86_400_000) },
      baseMs * 1000,
      baseMs * 1000,
      ['implausible endTime'],
    ],
    [
      'end before start → start',
      { startTimeUnixNano: us(baseMs), endTimeUnixNano: us(baseMs - 50) },
      baseMs * 1000,
      baseMs * 1000,
      ['endTime before startTime'],
    ],
    [
      'garbage strings',
      { startTimeUnixNano: 'soon', endTimeUnixNano: '-5' },
      receivedAtUs,
      receivedAtUs,
      ['missing startTime', 'missing endTime'],
    ],
  ])('%s, with a warning and no rejection', (_title, times, startUs, endUs, expected) => {
    const { spans, rejected } = normalizeOtlpTraces(withSpans([{ ...good(), ...times }]), ctx)
    expect(rejected.rejected).toBe(0)
    expect(spans[0]).toMatchObject({ startTimeUs: startUs, endTimeUs: endUs, durationMs: 0 })
    expect(warnings(spans[0])).toEqual(expected)
  })

  it('adds no warning to a well-formed span and drops an invalid parent id with one', () => {
    const { spans } = normalizeOtlpTraces(
      withSpans([good(), { ...good(), parentSpanId: 'nope' }]),
      ctx,
    )
    expect(warnings(spans[0])).toBeUndefined()
    expect(spans[1]?.parentSpanId).toBeNull()
    expect(warnings(spans[1])).toEqual(['invalid parentSpanId dropped'])
  })
})

describe('normalizeOtlpTraces: user, session and tags inheritance', () => {
  it('passes identity from the root down to descendants that lack it, without overriding', () => {
    const root = hexId(8)
    const mid = hexId(8)
    const spans = normalizeOtlpTraces(
      tracesRequest([
        { spanId: hexId(8), parentSpanId: mid, name: 'leaf' },
        { spanId: mid, parentSpanId: root, name: 'mid', attrs: { 'user.id': 'own-user' } },
        {
          spanId: root,
          name: 'root',
          attrs: { 'user.id': 'u1', 'session.id': 's1', 'langfuse.trace.tags': ['a', 'b'] },
        },
      ]),
      ctx,
    ).spans
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]))
    expect(byName.mid).toMatchObject({ userId: 'own-user', sessionId: 's1', tags: ['a', 'b'] })
    expect(byName.leaf).toMatchObject({ userId: 'own-user', sessionId: 's1', tags: ['a', 'b'] })
  })

  it('falls back to the trace root when the parent is not in this request', () => {
    const spans = normalizeOtlpTraces(
      tracesRequest([
        { name: 'root', attrs: { 'session.id': 's1' } },
        { name: 'orphan', parentSpanId: hexId(8) },
      ]),
      ctx,
    ).spans
    expect(spans[1]?.sessionId).toBe('s1')
  })

  it('stops on parent cycles', () => {
    const a = hexId(8)
    const b = hexId(8)
    const spans = normalizeOtlpTraces(
      tracesRequest([
        { spanId: a, parentSpanId: b, attrs: { 'user.id': 'u' } },
        { spanId: b, parentSpanId: a },
      ]),
      ctx,
    ).spans
    expect(spans).toHaveLength(2)
  })
})

describe('normalizeOtlpTraces: never throws', () => {
  it('survives arbitrary JSON-ish values as the request', () => {
    fc.assert(
      fc.property(
        fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: true, withMap: true }),
        (value) => {
          const { spans, rejected } = normalizeOtlpTraces(value as OtlpTracesRequest, ctx)
          expect(Array.isArray(spans)).toBe(true)
          expect(rejected.rejected).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('survives OTLP-shaped requests whose fields hold anything', () => {
    // Shallow values: fast-check's deep generation, not normalization, dominates the run time.
    const anything = fc.oneof(
      fc.anything({ maxDepth: 2, maxKeys: 4 }),
      fc.constantFrom(
        'gen_ai.input.messages',
        '[{"role":1}]',
        '{"messages":5}',
        'null',
        '"\\"x\\""',
      ),
    )
    const anyValue = fc.oneof(
      fc.record({ stringValue: anything }, { requiredKeys: [] }),
      fc.record(
        { intValue: anything, doubleValue: anything, boolValue: anything },
        { requiredKeys: [] },
      ),
      fc.record(
        { arrayValue: fc.oneof(anything, fc.record({ values: anything })) },
        { requiredKeys: [] },
      ),
      fc.record(
        { kvlistValue: fc.oneof(anything, fc.record({ values: anything })) },
        { requiredKeys: [] },
      ),
      anything,
    )
    const keys = fc.constantFrom(
      'gen_ai.input.messages',
      'gen_ai.output.messages',
      'gen_ai.system_instructions',
      'gen_ai.prompt.0.content',
      'gen_ai.prompt.0.role',
      'gen_ai.completion.0.tool_calls.0.arguments',
      'llm.input_messages.0.message.contents.0.message_content.text',
      'llm.output_messages.1.message.tool_calls.0.tool_call.function.arguments',
      'llm.invocation_parameters',
      'langfuse.observation.usage_details',
      'langfuse.observation.cost_details',
      'langfuse.observation.input',
      'langfuse.observation.completion_start_time',
      'ai.prompt',
      'ai.response.toolCalls',
      'gen_ai.usage.input_tokens',
      'gen_ai.operation.name',
      'metadata',
      'tag.tags',
      '__proto__',
    )
    const attrs = fc.array(fc.oneof(fc.record({ key: keys, value: anyValue }), anything), {
      maxLength: 8,
    })
    const id = fc.oneof(fc.constant(hexId(16)), fc.constant(hexId(8)), anything)
    const span = fc.record(
      {
        traceId: fc.oneof(fc.constant('4bf92f3577b34da6a3ce929d0e0e4736'), id),
        spanId: fc.oneof(fc.constant('00f067aa0ba902b7'), id),
        parentSpanId: fc.oneof(fc.constant('00f067aa0ba902b7'), id),
        name: anything,
        kind: anything,
        startTimeUnixNano: fc.oneof(fc.constant('1795413600000000000'), anything),
        endTimeUnixNano: anything,
        attributes: fc.oneof(attrs, anything),
        events: fc.oneof(fc.array(fc.record({ name: anything, attributes: attrs })), anything),
        status: anything,
      },
      { requiredKeys: [] },
    )
    const request = fc.record({
      resourceSpans: fc.array(
        fc.record({
          resource: fc.oneof(fc.record({ attributes: attrs }), anything),
          scopeSpans: fc.oneof(
            fc.array(fc.record({ scope: anything, spans: fc.array(span) })),
            anything,
          ),
        }),
      ),
    })
    fc.assert(
      fc.property(request, (value) => {
        normalizeOtlpTraces(value as OtlpTracesRequest, ctx)
      }),
      { numRuns: 200 },
    )
  })

  it('handles a deep parent chain without recursion', () => {
    const traceId = hexId(16)
    const ids = Array.from({ length: 20_000 }, () => hexId(8))
    const spans = ids.map((spanId, i) => ({
      traceId,
      spanId,
      parentSpanId: i > 0 ? ids[i - 1] : undefined,
      startTimeUnixNano: String(baseMs * 1_000_000),
      endTimeUnixNano: String(baseMs * 1_000_000),
      attributes: i === 0 ? kvs({ 'user.id': 'deep' }) : [],
    }))
    const out = normalizeOtlpTraces(withSpans(spans.reverse()), ctx).spans
    expect(out).toHaveLength(20_000)
    expect(out.every((s) => s.userId === 'deep')).toBe(true)
  })
})
