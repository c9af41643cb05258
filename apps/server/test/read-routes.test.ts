import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

describe('trace reads', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
    // Five traces, 3 µs apart after the first: millisecond cursors would lose some.
    const logs = Array.from({ length: 5 }, (_, i) => ({
      model: 'gpt-4o-mini',
      trace_id: String(i + 1).repeat(32),
      start_time: `2026-11-20T10:00:00.${String(i * 3).padStart(6, '0')}Z`,
      end_time: '2026-11-20T10:00:01Z',
      prompt: 'q',
      response: 'a',
      usage: { prompt_tokens: 1, completion_tokens: 1 },
    }))
    const res = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm/bulk',
      headers: authHeader,
      payload: { logs },
    })
    expect(res.statusCode).toBe(200)
  })
  afterAll(async () => server.close())

  it('pages newest first with next_cursor without skipping or repeating traces', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    for (let page = 0; page < 5; page++) {
      const url: string = `/api/v1/traces?limit=2${cursor ? `&cursor=${cursor}` : ''}`
      const res = await server.app.inject({ method: 'GET', url, headers: authHeader })
      const body = res.json<{
        data: { trace_id: string }[]
        pagination: { next_cursor: string | null }
      }>()
      seen.push(...body.data.map((t) => t.trace_id))
      cursor = body.pagination.next_cursor
      if (cursor === null) break
    }
    expect(seen).toEqual(['5', '4', '3', '2', '1'].map((d) => d.repeat(32)))
  })

  it('answers 404 in the envelope for an unknown trace and 400 for a malformed id', async () => {
    const missing = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${'f'.repeat(32)}`,
      headers: authHeader,
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('not_found')
    const bad = await server.app.inject({
      method: 'GET',
      url: '/api/v1/traces/not-an-id',
      headers: authHeader,
    })
    expect(bad.statusCode).toBe(400)
    expect(
      bad.json<{ error: { field_errors: { field: string }[] } }>().error.field_errors[0]!.field,
    ).toBe('id')
  })

  it('gives spans exported in another request the trace user and session', async () => {
    const traceId = '9'.repeat(32)
    const now = BigInt(Date.now()) * 1_000_000n
    const request = (span: Record<string, unknown>) =>
      server.otlpApp.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] }),
      })
    // The child is flushed first, in its own request, as BatchSpanProcessor often does.
    await request({
      traceId,
      spanId: '2'.repeat(16),
      parentSpanId: '1'.repeat(16),
      name: 'child',
      startTimeUnixNano: String(now + 1000n),
      endTimeUnixNano: String(now + 2000n),
    })
    await request({
      traceId,
      spanId: '1'.repeat(16),
      name: 'root',
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 5000n),
      attributes: [
        { key: 'user.id', value: { stringValue: 'user-42' } },
        { key: 'session.id', value: { stringValue: 'sess-42' } },
      ],
    })
    const res = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${traceId}`,
      headers: authHeader,
    })
    const spans = res.json<{
      data: { spans: { name: string; user_id: string; session_id: string }[] }
    }>().data.spans
    expect(spans.map((s) => [s.name, s.user_id, s.session_id])).toEqual([
      ['root', 'user-42', 'sess-42'],
      ['child', 'user-42', 'sess-42'],
    ])
  })
})
