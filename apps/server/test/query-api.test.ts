import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

/** percentile_cont: linear interpolation between closest ranks (what the API promises). */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

const models = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet-20241022']
const users = ['alice', 'bob', 'carol', 'dave']

interface Seeded {
  traceId: string
  model: string
  user: string
  session: string
  latencyMs: number
  ttftMs: number
  input: number
  output: number
  cost: number
  isError: boolean
  errorMessage: string | null
  tier: string
  tags: string[]
  prompt: string
  startMs: number
}

/** 60 calls over the last 2 hours plus 12 calls 3–5 hours ago (the previous period). */
function makeCalls(nowMs: number): Seeded[] {
  const calls: Seeded[] = []
  for (let i = 0; i < 72; i++) {
    const recent = i < 60
    const startMs = recent
      ? nowMs - 7_000_000 + i * 100_000
      : nowMs - 18_000_000 + (i - 60) * 600_000
    calls.push({
      traceId: (i + 1).toString(16).padStart(32, 'a'),
      model: models[i % 3]!,
      user: users[i % 4]!,
      session: `session-${Math.floor(i / 3)}`,
      latencyMs: 100 + ((i * 37) % 900),
      ttftMs: 20 + ((i * 13) % 200),
      input: 100 + i * 10,
      output: 50 + (i % 9) * 20,
      cost: Math.round((0.001 + (i % 11) * 0.0007) * 1e6) / 1e6,
      isError: i % 7 === 0,
      errorMessage:
        i % 7 === 0
          ? i % 2 === 0
            ? `Rate limit reached: used ${1000 + i}`
            : 'Connection reset'
          : null,
      tier: i % 5 === 0 ? 'pro' : 'free',
      tags: i % 4 === 0 ? ['beta', 'vip'] : ['beta'],
      prompt: i % 6 === 0 ? `How do I get a refund for order ${i}?` : `Summarize document ${i}`,
      startMs,
    })
  }
  return calls
}

describe('query and analytics API', () => {
  let server: TestServer
  const nowMs = Date.now()
  const calls = makeCalls(nowMs)
  const recent = calls.slice(0, 60)

  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await server.app.inject({ method: 'GET', url, headers: authHeader })
    return { status: res.statusCode, body: res.json<T>() }
  }
  const post = async <T>(url: string, payload: unknown): Promise<{ status: number; body: T }> => {
    const res = await server.app.inject({
      method: 'POST',
      url,
      headers: authHeader,
      payload: payload as object,
    })
    return { status: res.statusCode, body: res.json<T>() }
  }

  beforeAll(async () => {
    server = await startTestServer()
    const logs = calls.map((c) => ({
      trace_id: c.traceId,
      model: c.model,
      provider: c.model.startsWith('claude') ? 'anthropic' : 'openai',
      start_time: new Date(c.startMs).toISOString(),
      latency_ms: c.latencyMs,
      ttft_ms: c.ttftMs,
      messages: [{ role: 'user', content: c.prompt }],
      response: 'Sure.',
      usage: { input: c.input, output: c.output },
      cost: c.cost,
      user_id: c.user,
      session_id: c.session,
      tags: c.tags,
      metadata: { tier: c.tier },
      service: 'support-bot',
      environment: 'production',
      ...(c.isError
        ? {
            success: false,
            error: {
              type: c.errorMessage!.startsWith('Rate') ? 'RateLimitError' : 'APIConnectionError',
              message: c.errorMessage,
            },
          }
        : {}),
    }))
    const res = await post<{ data: { success_count: number } }>('/api/v1/ingest/llm/bulk', { logs })
    expect(res.status).toBe(200)
    expect(res.body.data.success_count).toBe(72)
  })
  afterAll(async () => server.close())

  it('sums cost per model over the range, largest first, equal to the sums of the seeded calls', async () => {
    const { status, body } = await get<{
      data: {
        totals: Record<string, number>
        groups: { key: { model: string }; cost_usd: number; requests: number }[]
      }
    }>('/api/v1/analytics/costs?from=now-3h&group_by=model')
    expect(status).toBe(200)
    const total = recent.reduce((s, c) => s + c.cost, 0)
    expect(body.data.totals['cost_usd']).toBeCloseTo(total, 9)
    expect(body.data.totals['requests']).toBe(60)
    expect(body.data.totals['cost_per_request']).toBeCloseTo(total / 60, 9)
    const expected = models
      .map((m) => ({
        model: m,
        cost: recent.filter((c) => c.model === m).reduce((s, c) => s + c.cost, 0),
      }))
      .sort((a, b) => b.cost - a.cost)
    expect(body.data.groups.map((g) => g.key.model)).toEqual(expected.map((e) => e.model))
    for (const [i, e] of expected.entries()) {
      expect(body.data.groups[i]!.cost_usd).toBeCloseTo(e.cost, 9)
      expect(body.data.groups[i]!.requests).toBe(20)
    }
  })

  it('gives a cost trend per hour whose points add up to the total, with empty buckets as zero', async () => {
    const { body } = await get<{
      data: {
        interval: string
        series: { ts: string; requests: number; cost_usd: number | null }[]
      }
    }>('/api/v1/analytics/costs?from=now-6h&interval=1h')
    expect(body.data.interval).toBe('1h')
    const series = body.data.series
    expect(series.length).toBeGreaterThanOrEqual(6)
    expect(series.reduce((s, p) => s + p.requests, 0)).toBe(72)
    const sum = series.reduce((s, p) => s + (p.cost_usd ?? 0), 0)
    expect(sum).toBeCloseTo(
      calls.reduce((s, c) => s + c.cost, 0),
      9,
    )
    for (const p of series) expect(new Date(p.ts).getTime() % 3_600_000).toBe(0)
  })

  it('reports exact latency and TTFT percentiles per model and errors by type', async () => {
    const { body } = await get<{
      data: {
        groups: {
          key: { model: string }
          latency_ms: Record<string, number>
          ttft_ms: Record<string, number>
          error_rate: number
        }[]
        errors_by_type: { error_type: string; count: number }[]
        totals: { requests_per_second: number }
      }
    }>('/api/v1/analytics/performance?from=now-3h&group_by=model')
    for (const model of models) {
      const mine = recent.filter((c) => c.model === model)
      const group = body.data.groups.find((g) => g.key.model === model)!
      const lat = mine.map((c) => c.latencyMs)
      expect(group.latency_ms['p50']).toBeCloseTo(percentile(lat, 0.5), 6)
      expect(group.latency_ms['p95']).toBeCloseTo(percentile(lat, 0.95), 6)
      expect(group.latency_ms['p99']).toBeCloseTo(percentile(lat, 0.99), 6)
      expect(group.ttft_ms['p95']).toBeCloseTo(
        percentile(
          mine.map((c) => c.ttftMs),
          0.95,
        ),
        6,
      )
      expect(group.error_rate).toBeCloseTo(mine.filter((c) => c.isError).length / mine.length, 12)
    }
    const rate = recent.filter((c) => c.isError && c.errorMessage!.startsWith('Rate')).length
    expect(body.data.errors_by_type.find((e) => e.error_type === 'RateLimitError')?.count).toBe(
      rate,
    )
    expect(body.data.totals.requests_per_second).toBeCloseTo(60 / (3 * 3600), 9)
  })

  it('compares the overview with the previous equal period', async () => {
    const { body } = await get<{
      data: { requests: { value: number; previous: number; change: number } }
    }>('/api/v1/analytics/dashboard?from=now-3h')
    // The previous 3 h (3–6 h ago) hold the 12 older calls.
    expect(body.data.requests.value).toBe(60)
    expect(body.data.requests.previous).toBe(12)
    expect(body.data.requests.change).toBeCloseTo(4, 12)
  })

  it('finds traces with a nested AND/OR filter tree and full text, as computed from the seed', async () => {
    const { status, body } = await post<{
      data: { trace_id: string }[]
      pagination: { total_items: number }
    }>('/api/v1/traces/search', {
      time_range: { from: 'now-3h' },
      filters: {
        operator: 'AND',
        conditions: [
          { field: 'model', operator: 'in', value: ['gpt-4o', 'gpt-4o-mini'] },
          {
            operator: 'OR',
            conditions: [
              { field: 'latency_ms', operator: 'gt', value: 700 },
              { field: 'user_id', operator: 'eq', value: 'alice' },
            ],
          },
        ],
      },
      pagination: { limit: 1000 },
    })
    expect(status).toBe(200)
    const expected = recent
      .filter((c) => c.model !== models[2] && (c.latencyMs > 700 || c.user === 'alice'))
      .map((c) => c.traceId)
    expect(body.data.map((t) => t.trace_id).sort()).toEqual(expected.sort())
    expect(body.pagination.total_items).toBe(expected.length)

    const search = await get<{ data: { trace_id: string }[] }>(
      '/api/v1/traces?from=now-3h&q=REFUND&per_page=100',
    )
    expect(search.body.data.map((t) => t.trace_id).sort()).toEqual(
      recent
        .filter((c) => c.prompt.includes('refund'))
        .map((c) => c.traceId)
        .sort(),
    )
  })

  it('filters spans by metadata key and tag from the query string', async () => {
    const { body } = await get<{ data: { trace_id: string; tags: string[] }[] }>(
      `/api/v1/spans?from=now-3h&tag=vip&filters=${encodeURIComponent(JSON.stringify({ field: 'metadata.tier', operator: 'eq', value: 'pro' }))}&per_page=100`,
    )
    const expected = recent
      .filter((c) => c.tier === 'pro' && c.tags.includes('vip'))
      .map((c) => c.traceId)
    expect(expected.length).toBeGreaterThan(0)
    expect(body.data.map((s) => s.trace_id).sort()).toEqual(expected.sort())
    expect(body.data[0]!.tags).toEqual(['beta', 'vip'])
  })

  it('pages spans with a cursor without skipping or repeating, newest first', async () => {
    const seen: string[] = []
    let url: string | null = '/api/v1/spans?from=now-6h&per_page=7'
    let total = -1
    while (url !== null) {
      const page: {
        body: {
          data: { trace_id: string; timestamp: string }[]
          pagination: { next_cursor: string | null; total_items: number }
        }
      } = await get(url)
      seen.push(...page.body.data.map((s) => s.trace_id))
      total = page.body.pagination.total_items
      const cursor = page.body.pagination.next_cursor
      url = cursor === null ? null : `/api/v1/spans?from=now-6h&per_page=7&cursor=${cursor}`
    }
    expect(total).toBe(72)
    expect(seen).toEqual([...calls].sort((a, b) => b.startMs - a.startMs).map((c) => c.traceId))
  })

  it('lists users by cost and sessions with their traces', async () => {
    const { body } = await get<{ data: { user_id: string; cost_usd: number; requests: number }[] }>(
      '/api/v1/users?from=now-3h',
    )
    const expected = users
      .map((u) => ({ u, cost: recent.filter((c) => c.user === u).reduce((s, c) => s + c.cost, 0) }))
      .sort((a, b) => b.cost - a.cost)
    expect(body.data.map((r) => r.user_id)).toEqual(expected.map((e) => e.u))
    expect(body.data[0]!.cost_usd).toBeCloseTo(expected[0]!.cost, 9)

    const session = await get<{
      data: {
        trace_count: number
        traces: { trace_id: string }[]
        turns: { input_text: unknown }[]
      }
    }>('/api/v1/sessions/session-4')
    expect(session.body.data.trace_count).toBe(3)
    expect(session.body.data.traces.map((t) => t.trace_id)).toEqual(
      calls.filter((c) => c.session === 'session-4').map((c) => c.traceId),
    )
    expect(session.body.data.turns).toHaveLength(3)

    const sessions = await get<{
      data: { session_id: string; traces: number }[]
      pagination: { total_items: number }
    }>('/api/v1/sessions?from=now-3h&per_page=5')
    expect(sessions.body.pagination.total_items).toBe(20)
    expect(sessions.body.data).toHaveLength(5)
    expect(sessions.body.data.every((s) => s.traces === 3)).toBe(true)
  })

  it('groups errors by message fingerprint with first and last seen and an example trace', async () => {
    const { body } = await get<{
      data: { error_type: string; count: number; example_trace_id: string; last_seen: string }[]
    }>('/api/v1/analytics/errors?from=now-6h')
    const rateCalls = calls.filter((c) => c.errorMessage?.startsWith('Rate'))
    const group = body.data.find((g) => g.error_type === 'RateLimitError')!
    expect(group.count).toBe(rateCalls.length)
    const newest = [...rateCalls].sort((a, b) => b.startMs - a.startMs)[0]!
    expect(group.example_trace_id).toBe(newest.traceId)
  })

  it('compares models side by side', async () => {
    const { body } = await get<{
      data: { models: { model: string; requests: number; cost_per_request: number }[] }
    }>('/api/v1/models/compare?from=now-3h&models=gpt-4o,claude-3-5-sonnet-20241022')
    expect(body.data.models.map((m) => m.model)).toEqual(['gpt-4o', 'claude-3-5-sonnet-20241022'])
    const mine = recent.filter((c) => c.model === 'gpt-4o')
    expect(body.data.models[0]!.requests).toBe(mine.length)
    expect(body.data.models[0]!.cost_per_request).toBeCloseTo(
      mine.reduce((s, c) => s + c.cost, 0) / mine.length,
      9,
    )
  })

  it('rejects unknown fields, bad regexes and bad time ranges with validation_error naming the field', async () => {
    const unknown = await post<{ error: { code: string; field_errors: { field: string }[] } }>(
      '/api/v1/spans/search',
      {
        filters: {
          operator: 'AND',
          conditions: [{ field: 'no_such_field', operator: 'eq', value: 1 }],
        },
      },
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('validation_error')
    expect(unknown.body.error.field_errors[0]!.field).toContain('conditions[0]')
    const regex = await post<{ error: { code: string } }>('/api/v1/spans/search', {
      filters: { field: 'model', operator: 'regex', value: '(unclosed' },
    })
    expect(regex.status).toBe(400)
    const range = await get<{ error: { field_errors: { field: string }[] } }>(
      '/api/v1/analytics/costs?from=now&to=now-1h',
    )
    expect(range.status).toBe(400)
    expect(range.body.error.field_errors.map((f) => f.field)).toContain('from')
    const group = await get<{ error: { field_errors: { field: string }[] } }>(
      '/api/v1/analytics/costs?group_by=nope',
    )
    expect(group.status).toBe(400)
    expect(group.body.error.field_errors[0]!.field).toBe('group_by')
  })

  it('answers an empty range with zero requests and null sums', async () => {
    const { body } = await get<{
      data: { totals: { requests: number; cost_usd: number | null }; groups: unknown[] }
    }>('/api/v1/analytics/costs?from=now-30d&to=now-20d&group_by=model')
    expect(body.data.totals.requests).toBe(0)
    expect(body.data.totals.cost_usd).toBeNull()
    expect(body.data.groups).toEqual([])
  })

  it('attaches correlated events and scores to the trace detail', async () => {
    const call = recent[5]!
    const event = await post('/api/v1/events', {
      source_module: 'llm-sentinel',
      event_type: 'security',
      schema_version: '1.0.0',
      severity: 'warning',
      trace_id: call.traceId,
      timestamp: new Date(call.startMs + 1000).toISOString(),
      payload: { type: 'prompt_injection', score: 0.93 },
    })
    expect(event.status).toBe(201)
    const score = await post('/api/v1/scores', {
      trace_id: call.traceId,
      name: 'helpfulness',
      value: 0.75,
    })
    expect(score.status).toBe(201)
    const { body } = await get<{
      data: {
        spans: unknown[]
        events: { event_type: string; payload: { score: number } }[]
        scores: { name: string; value: number }[]
      }
    }>(`/api/v1/traces/${call.traceId}`)
    expect(body.data.spans).toHaveLength(1)
    expect(body.data.events).toHaveLength(1)
    expect(body.data.events[0]!.event_type).toBe('security')
    expect(body.data.events[0]!.payload.score).toBe(0.93)
    expect(body.data.scores.map((s) => [s.name, s.value])).toEqual([['helpfulness', 0.75]])
  })

  it('reads a range given with a zone offset as the same instants in UTC, and answers in UTC', async () => {
    const from = new Date(nowMs - 3 * 3_600_000)
    const offset = new Date(from.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00')
    const to = new Date(nowMs).toISOString()
    const utc = await get<{ data: { from: string; totals: { requests: number } } }>(
      `/api/v1/analytics/costs?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to)}`,
    )
    const zoned = await get<{ data: { from: string; totals: { requests: number } } }>(
      `/api/v1/analytics/costs?from=${encodeURIComponent(offset)}&to=${encodeURIComponent(to)}`,
    )
    expect(zoned.body.data.from).toBe(from.toISOString())
    expect(zoned.body.data.totals.requests).toBe(utc.body.data.totals.requests)
    expect(utc.body.data.totals.requests).toBe(60)
  })

  it('gives a one-point series when the interval covers the range', async () => {
    const start = Math.floor((nowMs - 7_200_000) / 86_400_000) * 86_400_000
    const { body } = await get<{ data: { series: { ts: string; requests: number }[] } }>(
      `/api/v1/analytics/requests/timeseries?from=${start}&to=${start + 86_400_000}&interval=1d`,
    )
    expect(body.data.series).toHaveLength(1)
    expect(body.data.series[0]!.ts).toBe(new Date(start).toISOString())
    expect(body.data.series[0]!.requests).toBe(
      calls.filter((c) => c.startMs >= start && c.startMs < start + 86_400_000).length,
    )
  })

  it('refuses a project parameter naming another project than the key', async () => {
    const res = await get<{ error: { code: string; field_errors: { field: string }[] } }>(
      '/api/v1/traces?project=someone-else',
    )
    expect(res.status).toBe(403)
    expect(res.body.error.code).toBe('forbidden')
    expect(res.body.error.field_errors[0]!.field).toBe('project')
  })

  it('summarizes scores per name, per model and as a categorical distribution', async () => {
    const scored = recent.slice(20, 32)
    const scores = scored.flatMap((c, i) => [
      { trace_id: c.traceId, name: 'correctness', value: (i % 4) / 4 },
      { trace_id: c.traceId, name: 'tone', value: i % 3 === 0 ? 'rude' : 'polite' },
    ])
    const res = await post<{ data: { success_count: number } }>('/api/v1/scores', { scores })
    expect(res.body.data.success_count).toBe(24)
    const { body } = await get<{
      data: {
        scores: {
          name: string
          count: number
          avg: number | null
          distribution: { value: unknown; count: number }[]
        }[]
        by_model: { model: string; name: string; avg: number; count: number }[]
      }
    }>('/api/v1/analytics/quality?from=now-3h')
    const correctness = body.data.scores.find((s) => s.name === 'correctness')!
    const values = scored.map((_, i) => (i % 4) / 4)
    expect(correctness.count).toBe(12)
    expect(correctness.avg).toBeCloseTo(values.reduce((a, b) => a + b, 0) / 12, 12)
    const tone = body.data.scores.find((s) => s.name === 'tone')!
    expect(tone.distribution).toEqual([
      { value: 'polite', count: 8 },
      { value: 'rude', count: 4 },
    ])
    for (const model of models) {
      const mine = scored.map((c, i) => ({ c, v: (i % 4) / 4 })).filter((x) => x.c.model === model)
      const row = body.data.by_model.find((r) => r.model === model && r.name === 'correctness')!
      expect(row.count).toBe(mine.length)
      expect(row.avg).toBeCloseTo(mine.reduce((a, x) => a + x.v, 0) / mine.length, 12)
    }
  })

  it('fills week buckets from Monday like the engines do, so weekly points hold the requests', async () => {
    const { body } = await get<{ data: { series: { ts: string; requests: number }[] } }>(
      '/api/v1/analytics/requests/timeseries?from=now-3w&interval=1w',
    )
    expect(body.data.series.reduce((s, p) => s + p.requests, 0)).toBe(72)
    for (const p of body.data.series) expect(new Date(p.ts).getUTCDay()).toBe(1)
  })

  it('splits span conditions of a GET filters tree onto the spans, as search does', async () => {
    const filters = JSON.stringify({
      operator: 'AND',
      conditions: [
        { field: 'metadata.tier', operator: 'eq', value: 'pro' },
        { field: 'user_id', operator: 'eq', value: 'alice' },
      ],
    })
    const { status, body } = await get<{ data: { trace_id: string }[] }>(
      `/api/v1/traces?from=now-3h&per_page=100&filters=${encodeURIComponent(filters)}`,
    )
    expect(status).toBe(200)
    const expected = recent.filter((c) => c.tier === 'pro' && c.user === 'alice')
    expect(expected.length).toBeGreaterThan(0)
    expect(body.data.map((t) => t.trace_id).sort()).toEqual(expected.map((c) => c.traceId).sort())
  })

  it('groups by project (one group: the scope) and counts users with LLM requests only', async () => {
    const { body } = await get<{
      data: { groups: { key: { project_id: string }; requests: number }[] }
    }>('/api/v1/analytics/costs?from=now-3h&group_by=project,user')
    // group_by=user reads as user_id: one group per (project, user).
    expect(body.data.groups).toHaveLength(4)
    expect(body.data.groups.reduce((s, g) => s + g.requests, 0)).toBe(60)
    const users = await get<{ pagination: { total_items: number } }>('/api/v1/users?from=now-3h')
    expect(users.body.pagination.total_items).toBe(4)
  })

  it('breaks cost down by tag, each call counted once per tag it holds', async () => {
    const { body } = await get<{
      data: { groups: { key: { tag: string }; cost_usd: number; requests: number }[] }
    }>('/api/v1/analytics/costs?from=now-3h&group_by=tag')
    const byTag = new Map(body.data.groups.map((g) => [g.key.tag, g]))
    for (const tag of ['beta', 'vip']) {
      const mine = recent.filter((c) => c.tags.includes(tag))
      expect(byTag.get(tag)!.requests).toBe(mine.length)
      expect(byTag.get(tag)!.cost_usd).toBeCloseTo(
        mine.reduce((s, c) => s + c.cost, 0),
        9,
      )
    }
  })
})
