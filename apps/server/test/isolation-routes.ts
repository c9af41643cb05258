/**
 * The route table of isolation.test.ts: every route of the API server, and how a caller of
 * project A calls it with project B's identifiers (path ids, filters, bodies), or why it is not
 * called (public). Write routes say which rows each call adds.
 */
import { expect } from 'vitest'
import {
  randomMarker,
  sharedMetricName,
  sharedScoreName,
  totalsOf,
  type SeededProject,
} from './isolation-fixtures.js'

export type Method = 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE'

export interface Envelope {
  status: string
  data: unknown
  error: { code: string } | null
  pagination?: { total_items: number | null }
}

/** One call of a route, as A's callers make it. */
export interface Probe {
  method: Method
  url: string
  payload?: unknown
  /** The call addresses B's project or one of B's objects directly: 403 or 404 for A. */
  isDenied?: boolean
  /** Every call creates something (ids, secrets, sessions): twins compare status and code only. */
  isCreating?: boolean
  /** The call ends the caller's login: a login caller logs in afresh for it. */
  needsFreshLogin?: boolean
  /** Checks of a 2xx answer against A's own data. */
  check?: (body: Envelope) => void
}

export interface Ctx {
  a: SeededProject
  b: SeededProject
}

/** A write route: the body it is called with, and the rows each call adds to the project. */
export interface WriteCall {
  url: string
  payload: unknown
  adds: Partial<Record<'spans' | 'logs' | 'metrics' | 'events' | 'scores', number>>
}

export type RouteSpec =
  | { kind: 'public'; why: string }
  | { kind: 'write'; call: (ctx: Ctx) => WriteCall }
  | { kind: 'read'; probes: (ctx: Ctx) => Probe[] }

const get = (url: string, more: Omit<Probe, 'method' | 'url'> = {}): Probe => ({
  method: 'GET',
  url,
  ...more,
})

function withQuery(path: string, params: Record<string, string | number>): string {
  const query = new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  )
  return `${path}?${query.toString()}`
}

// Checks of A's numbers.
function listOf(body: Envelope, idField: string, ids: readonly string[], total: number): void {
  const rows = body.data as Record<string, unknown>[]
  expect(body.pagination?.total_items).toBe(total)
  expect(rows.map((r) => r[idField]).sort()).toEqual([...ids].sort())
}
function isEmptyList(body: Envelope): void {
  expect(body.data).toEqual([])
  if (body.pagination) expect(body.pagination.total_items).toBe(0)
}
function totalsAre(body: Envelope, a: SeededProject): void {
  const totals = (body.data as { totals: Record<string, number> }).totals
  expect(totals['requests']).toBe(totalsOf(a).requests)
  if ('cost_usd' in totals) expect(totals['cost_usd']).toBeCloseTo(totalsOf(a).costUsd, 9)
  if ('errors' in totals) expect(totals['errors']).toBe(totalsOf(a).errors)
}
function pointSum(body: Envelope): number {
  const series = (body.data as { series: { points: { value: number | null }[] }[] }).series
  return series.flatMap((s) => s.points).reduce((sum, p) => sum + (p.value ?? 0), 0)
}

const traceList = (a: SeededProject) => (body: Envelope) =>
  listOf(
    body,
    'trace_id',
    a.calls.map((c) => c.traceId),
    a.calls.length,
  )
const spanList = (a: SeededProject) => (body: Envelope) =>
  listOf(
    body,
    'span_id',
    a.calls.map((c) => c.spanId),
    a.calls.length,
  )

/**
 * Every route of the API server and how A's callers call it. Reads take B's identifiers
 * wherever the route takes one (path ids, filters, bodies); each probe also runs as a twin
 * with identifiers that never existed, which must be answered the same.
 */
export const isolationRoutes: Record<string, RouteSpec> = {
  'GET /openapi.json': { kind: 'public', why: 'the API description, no project data' },
  'GET /*': { kind: 'public', why: 'the web dashboard page and its assets, no data' },
  'POST /api/v1/auth/login': {
    kind: 'public',
    why: 'takes credentials, not a project (auth-login tests)',
  },
  'POST /api/v1/auth/refresh': {
    kind: 'public',
    why: 'takes a refresh token, not a project (auth-login tests)',
  },

  'POST /*': {
    kind: 'write',
    call: ({ b }) => {
      const nowNs = BigInt(Date.now()) * 1_000_000n
      const span = {
        traceId: b.calls[0]!.traceId,
        spanId: b.calls[0]!.spanId,
        name: `otlp ${randomMarker()}`,
        startTimeUnixNano: String(nowNs),
        endTimeUnixNano: String(nowNs + 1_000_000n),
      }
      return {
        url: '/v1/traces',
        payload: { resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] },
        adds: { spans: 1 },
      }
    },
  },
  'POST /api/v1/ingest/llm': {
    kind: 'write',
    call: ({ b }) => ({
      url: '/api/v1/ingest/llm',
      payload: {
        trace_id: b.calls[0]!.traceId,
        span_id: b.calls[0]!.spanId,
        model: 'gpt-4o-mini',
        prompt: 'p',
        response: 'r',
        usage: { input: 1, output: 1 },
        session_id: b.sessionId,
        user_id: b.endUserId,
      },
      adds: { spans: 1 },
    }),
  },
  'POST /api/v1/ingest/llm/bulk': {
    kind: 'write',
    call: ({ b }) => ({
      url: '/api/v1/ingest/llm/bulk',
      payload: {
        logs: b.calls.map((c) => ({
          trace_id: c.traceId,
          span_id: c.spanId,
          model: 'gpt-4o-mini',
          prompt: 'p',
          response: 'r',
          usage: { input: 1, output: 1 },
        })),
      },
      adds: { spans: b.calls.length },
    }),
  },
  'POST /api/v1/ingest/app': {
    kind: 'write',
    call: ({ b }) => ({
      url: '/api/v1/ingest/app',
      payload: { logs: [{ level: 'WARN', message: 'w', trace_id: b.calls[0]!.traceId }] },
      adds: { logs: 1 },
    }),
  },
  'POST /api/v1/ingest/metrics': {
    kind: 'write',
    call: () => ({
      url: '/api/v1/ingest/metrics',
      payload: { name: sharedMetricName, value: 1 },
      adds: { metrics: 1 },
    }),
  },
  'POST /api/v1/events': {
    kind: 'write',
    call: ({ b }) => ({
      url: '/api/v1/events',
      // B's event id: stored as A's own event, B's untouched.
      payload: {
        event_id: b.eventIds[0],
        source_module: 'llm-sentinel',
        event_type: 'security',
        trace_id: b.calls[0]!.traceId,
        payload: { finding: 'from A' },
      },
      adds: { events: 1 },
    }),
  },
  'POST /api/v1/scores': {
    kind: 'write',
    call: ({ b }) => ({
      url: '/api/v1/scores',
      // B's score id: a new score of A, not a new version of B's.
      payload: {
        id: b.scoreIds[0],
        name: sharedScoreName,
        value: 1,
        trace_id: b.calls[0]!.traceId,
      },
      adds: { scores: 1 },
    }),
  },

  'GET /api/v1/traces/:id': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(`/api/v1/traces/${b.calls[0]!.traceId}`, { isDenied: true }),
      get(`/api/v1/traces/${b.calls[1]!.traceId}`, { isDenied: true }),
      get(`/api/v1/traces/${a.calls[0]!.traceId}`, {
        check: (body) => {
          const data = body.data as Record<string, unknown[]>
          expect(data['spans']).toHaveLength(1)
          expect(data['logs']).toHaveLength(1)
          expect(data['scores']).toHaveLength(a.scoreIds.length)
          expect(data['events']).toHaveLength(1)
        },
      }),
    ],
  },
  'GET /api/v1/traces': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/traces', { check: traceList(a) }),
      get(withQuery('/api/v1/traces', { session: b.sessionId }), { check: isEmptyList }),
      get(withQuery('/api/v1/traces', { model: b.model, tag: b.tag }), { check: isEmptyList }),
      get(withQuery('/api/v1/traces', { q: b.marker }), { check: isEmptyList }),
      get(
        withQuery('/api/v1/traces', {
          filters: JSON.stringify({
            operator: 'OR',
            conditions: [
              { field: 'trace_id', operator: 'in', value: b.calls.map((c) => c.traceId) },
              { field: 'service', operator: 'eq', value: b.service },
            ],
          }),
        }),
        { check: isEmptyList },
      ),
    ],
  },
  'POST /api/v1/traces/search': {
    kind: 'read',
    probes: ({ a, b }) => [
      { method: 'POST', url: '/api/v1/traces/search', payload: {}, check: traceList(a) },
      {
        method: 'POST',
        url: '/api/v1/traces/search',
        payload: {
          filters: {
            operator: 'AND',
            conditions: [
              { field: 'trace_id', operator: 'in', value: b.calls.map((c) => c.traceId) },
              { field: 'model', operator: 'eq', value: b.model },
            ],
          },
        },
        check: isEmptyList,
      },
      {
        method: 'POST',
        url: '/api/v1/traces/search',
        payload: { filters: [{ field: 'user_id', operator: 'eq', value: b.endUserId }] },
        check: isEmptyList,
      },
    ],
  },
  'GET /api/v1/spans': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/spans', { check: spanList(a) }),
      get(
        withQuery('/api/v1/spans', {
          filters: JSON.stringify([
            { field: 'trace_id', operator: 'eq', value: b.calls[0]!.traceId },
          ]),
        }),
        { check: isEmptyList },
      ),
      get(withQuery('/api/v1/spans', { model: b.model, user: b.endUserId }), {
        check: isEmptyList,
      }),
      get(withQuery('/api/v1/spans', { q: `prompt ${b.marker}` }), { check: isEmptyList }),
    ],
  },
  'POST /api/v1/spans/search': {
    kind: 'read',
    probes: ({ a, b }) => [
      { method: 'POST', url: '/api/v1/spans/search', payload: {}, check: spanList(a) },
      {
        method: 'POST',
        url: '/api/v1/spans/search',
        payload: {
          filters: {
            operator: 'OR',
            conditions: [
              { field: 'span_id', operator: 'eq', value: b.calls[0]!.spanId },
              { field: 'metadata.tier', operator: 'eq', value: `tier-${b.marker}` },
              { operator: 'search', value: b.marker },
            ],
          },
        },
        check: isEmptyList,
      },
    ],
  },
  'GET /api/v1/sessions': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/sessions', { check: (body) => listOf(body, 'session_id', [a.sessionId], 1) }),
      get(withQuery('/api/v1/sessions', { user: b.endUserId }), { check: isEmptyList }),
    ],
  },
  'GET /api/v1/sessions/:id': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(`/api/v1/sessions/${b.sessionId}`, { isDenied: true }),
      get(`/api/v1/sessions/${a.sessionId}`, {
        check: (body) => expect((body.data as { trace_count: number }).trace_count).toBe(3),
      }),
    ],
  },
  'GET /api/v1/users': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/users', { check: (body) => listOf(body, 'user_id', [a.endUserId], 1) }),
      get(withQuery('/api/v1/users', { user_id: b.endUserId }), { check: isEmptyList }),
    ],
  },
  'GET /api/v1/analytics/costs': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/costs', { check: (body) => totalsAre(body, a) }),
      get(withQuery('/api/v1/analytics/costs', { group_by: 'project' }), {
        check: (body) => {
          totalsAre(body, a)
          const groups = (body.data as { groups: { key: Record<string, string> }[] }).groups
          expect(groups.map((g) => g.key['project_id'])).toEqual([a.project.id])
        },
      }),
      get(withQuery('/api/v1/analytics/costs', { model: b.model, group_by: 'user' }), {
        check: (body) =>
          expect((body.data as { totals: { requests: number } }).totals.requests).toBe(0),
      }),
    ],
  },
  'GET /api/v1/analytics/performance': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/performance', { check: (body) => totalsAre(body, a) }),
      get(withQuery('/api/v1/analytics/performance', { service: b.service })),
    ],
  },
  'GET /api/v1/analytics/requests/timeseries': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(withQuery('/api/v1/analytics/requests/timeseries', { interval: '1h' }), {
        check: (body) => {
          totalsAre(body, a)
          const series = (body.data as { series: { requests: number }[] }).series
          expect(series.reduce((s, p) => s + p.requests, 0)).toBe(totalsOf(a).requests)
        },
      }),
      get(withQuery('/api/v1/analytics/requests/timeseries', { environment: b.environment })),
    ],
  },
  'GET /api/v1/analytics/providers': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/providers', { check: (body) => totalsAre(body, a) }),
      get(withQuery('/api/v1/analytics/providers', { tag: b.tag })),
    ],
  },
  'GET /api/v1/analytics/dashboard': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/dashboard', {
        check: (body) => {
          const data = body.data as Record<string, { value: number }>
          expect(data['requests']!.value).toBe(totalsOf(a).requests)
          const t = totalsOf(a)
          expect(data['total_tokens']!.value).toBe(t.inputTokens + t.outputTokens)
          expect(data['cost_usd']!.value).toBeCloseTo(totalsOf(a).costUsd, 9)
        },
      }),
      get(withQuery('/api/v1/analytics/dashboard', { user: b.endUserId })),
    ],
  },
  'GET /api/v1/analytics/errors': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/errors', {
        check: (body) => {
          const groups = body.data as { count: number; example_trace_id: string }[]
          expect(groups.map((g) => [g.count, g.example_trace_id])).toEqual([
            [1, a.calls[1]!.traceId],
          ])
        },
      }),
      get(withQuery('/api/v1/analytics/errors', { session: b.sessionId }), {
        check: isEmptyList,
      }),
    ],
  },
  'GET /api/v1/models/compare': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(withQuery('/api/v1/models/compare', { models: `${a.model},${b.model}` }), {
        check: (body) => {
          const models = (body.data as { models: { model: string; requests: number }[] }).models
          expect(models.map((m) => [m.model, m.requests])).toEqual([
            [a.model, 3],
            [b.model, 0],
          ])
        },
      }),
    ],
  },
  'GET /api/v1/analytics/quality': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/quality', {
        check: (body) => {
          const scores = (body.data as { scores: { name: string; count: number }[] }).scores
          expect(scores.map((s) => [s.name, s.count]).sort()).toEqual(
            a.scoreNames.map((n) => [n, 1]).sort(),
          )
        },
      }),
      get(withQuery('/api/v1/analytics/quality', { name: b.scoreNames[1]!, model: b.model }), {
        check: (body) => expect((body.data as { scores: unknown[] }).scores).toEqual([]),
      }),
    ],
  },
  'GET /api/v1/analytics/logs/recent': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/analytics/logs/recent', {
        check: (body) => expect(body.data).toHaveLength(a.logCount),
      }),
      get(withQuery('/api/v1/analytics/logs/recent', { trace_id: b.calls[0]!.traceId }), {
        check: isEmptyList,
      }),
      get(withQuery('/api/v1/analytics/logs/recent', { q: b.marker, service: b.service }), {
        check: isEmptyList,
      }),
    ],
  },
  'POST /api/v1/query/timeseries': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'POST',
        url: '/api/v1/query/timeseries',
        payload: {
          measurement: sharedMetricName,
          aggregation: 'sum',
          from: 'now-1h',
          window: '1h',
        },
        check: (body) =>
          expect(pointSum(body)).toBeCloseTo(
            a.metricValues.reduce((s, v) => s + v, 0),
            9,
          ),
      },
      {
        method: 'POST',
        url: '/api/v1/query/timeseries',
        payload: { measurement: 'requests', aggregation: 'sum', from: 'now-1h', window: '1h' },
        check: (body) => expect(pointSum(body)).toBe(totalsOf(a).requests),
      },
      {
        method: 'POST',
        url: '/api/v1/query/timeseries',
        payload: {
          measurement: 'cost_usd',
          aggregation: 'sum',
          from: 'now-1h',
          tags: { model: b.model },
          group_by: ['user_id'],
        },
      },
      {
        method: 'POST',
        url: '/api/v1/query/timeseries',
        payload: {
          measurement: sharedMetricName,
          from: 'now-1h',
          tag_filters: { host: `host-${b.marker}` },
        },
      },
    ],
  },
  'GET /api/v1/scores': {
    kind: 'read',
    probes: ({ a, b }) => [
      get('/api/v1/scores', { check: (body) => listOf(body, 'id', a.scoreIds, 2) }),
      get(withQuery('/api/v1/scores', { trace_id: b.calls[0]!.traceId }), { check: isEmptyList }),
      get(withQuery('/api/v1/scores', { name: b.scoreNames[1]! }), { check: isEmptyList }),
    ],
  },
  'GET /api/v1/events': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(withQuery('/api/v1/events', { event_type: 'security' }), {
        check: (body) => listOf(body, 'event_id', a.eventIds, 1),
      }),
      get(withQuery('/api/v1/events', { trace_id: b.calls[0]!.traceId }), { check: isEmptyList }),
    ],
  },

  'GET /api/v1/projects': { kind: 'read', probes: () => [get('/api/v1/projects')] },
  'POST /api/v1/projects': {
    kind: 'read',
    probes: () => [
      { method: 'POST', url: '/api/v1/projects', payload: { name: 'new' }, isCreating: true },
    ],
  },
  'GET /api/v1/projects/:id': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(`/api/v1/projects/${b.project.id}`, { isDenied: true }),
      get(`/api/v1/projects/${a.project.id}`),
    ],
  },
  'PATCH /api/v1/projects/:id': {
    kind: 'read',
    probes: ({ b }) => [
      {
        method: 'PATCH',
        url: `/api/v1/projects/${b.project.id}`,
        payload: { name: 'taken over', viewer_sees_content: false },
        isDenied: true,
      },
    ],
  },
  'DELETE /api/v1/projects/:id': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'DELETE',
        url: `/api/v1/projects/${b.project.id}`,
        payload: { confirm: b.project.name },
        isDenied: true,
      },
      // A's own project with B's name: a 400 that says nothing of B.
      {
        method: 'DELETE',
        url: `/api/v1/projects/${a.project.id}`,
        payload: { confirm: b.project.name },
      },
    ],
  },
  'GET /api/v1/projects/:id/members': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(`/api/v1/projects/${b.project.id}/members`, { isDenied: true }),
      get(`/api/v1/projects/${a.project.id}/members`),
    ],
  },
  'POST /api/v1/projects/:id/members': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'POST',
        url: `/api/v1/projects/${b.project.id}/members`,
        payload: { user_id: a.admin.user.id, role: 'admin' },
        isDenied: true,
      },
    ],
  },
  'PATCH /api/v1/projects/:id/members/:userId': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'PATCH',
        url: `/api/v1/projects/${b.project.id}/members/${b.admin.user.id}`,
        payload: { role: 'viewer' },
        isDenied: true,
      },
      {
        method: 'PATCH',
        url: `/api/v1/projects/${a.project.id}/members/${b.admin.user.id}`,
        payload: { role: 'viewer' },
        isDenied: true,
      },
    ],
  },
  'DELETE /api/v1/projects/:id/members/:userId': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'DELETE',
        url: `/api/v1/projects/${b.project.id}/members/${b.admin.user.id}`,
        isDenied: true,
      },
      {
        method: 'DELETE',
        url: `/api/v1/projects/${a.project.id}/members/${b.admin.user.id}`,
        isDenied: true,
      },
    ],
  },
  'GET /api/v1/projects/:id/api-keys': {
    kind: 'read',
    probes: ({ a, b }) => [
      get(`/api/v1/projects/${b.project.id}/api-keys`, { isDenied: true }),
      get(`/api/v1/projects/${a.project.id}/api-keys`),
    ],
  },
  'POST /api/v1/projects/:id/api-keys': {
    kind: 'read',
    probes: ({ b }) => [
      {
        method: 'POST',
        url: `/api/v1/projects/${b.project.id}/api-keys`,
        payload: { name: 'planted' },
        isDenied: true,
      },
    ],
  },
  'POST /api/v1/projects/:id/api-keys/:keyId/rotate': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'POST',
        url: `/api/v1/projects/${b.project.id}/api-keys/${b.keyId}/rotate`,
        isDenied: true,
      },
      {
        method: 'POST',
        url: `/api/v1/projects/${a.project.id}/api-keys/${b.keyId}/rotate`,
        isDenied: true,
      },
    ],
  },
  'DELETE /api/v1/projects/:id/api-keys/:keyId': {
    kind: 'read',
    probes: ({ a, b }) => [
      {
        method: 'DELETE',
        url: `/api/v1/projects/${b.project.id}/api-keys/${b.keyId}`,
        isDenied: true,
      },
      {
        method: 'DELETE',
        url: `/api/v1/projects/${a.project.id}/api-keys/${b.keyId}`,
        isDenied: true,
      },
    ],
  },
  'POST /api/v1/auth/logout': {
    kind: 'read',
    probes: () => [
      { method: 'POST', url: '/api/v1/auth/logout', isCreating: true, needsFreshLogin: true },
    ],
  },
  'GET /api/v1/me': { kind: 'read', probes: () => [get('/api/v1/me')] },
  'GET /api/v1/admin/users': {
    kind: 'read',
    probes: () => [get('/api/v1/admin/users', { isDenied: true })],
  },
  'POST /api/v1/admin/users': {
    kind: 'read',
    probes: ({ b }) => [
      {
        method: 'POST',
        url: '/api/v1/admin/users',
        payload: {
          email: `intruder-${randomMarker()}@example.test`,
          password: 'a-long-enough-password',
          memberships: [{ project_id: b.project.id, role: 'admin' }],
        },
        isDenied: true,
      },
    ],
  },
  'GET /api/v1/admin/users/:id': {
    kind: 'read',
    probes: ({ b }) => [get(`/api/v1/admin/users/${b.admin.user.id}`, { isDenied: true })],
  },
  'PATCH /api/v1/admin/users/:id': {
    kind: 'read',
    probes: ({ b }) => [
      {
        method: 'PATCH',
        url: `/api/v1/admin/users/${b.admin.user.id}`,
        payload: { disabled: true },
        isDenied: true,
      },
    ],
  },
  'DELETE /api/v1/admin/users/:id': {
    kind: 'read',
    probes: ({ b }) => [
      { method: 'DELETE', url: `/api/v1/admin/users/${b.admin.user.id}`, isDenied: true },
    ],
  },
  'GET /api/v1/tokens': { kind: 'read', probes: () => [get('/api/v1/tokens')] },
  'POST /api/v1/tokens': {
    kind: 'read',
    probes: ({ b }) => [
      {
        method: 'POST',
        url: '/api/v1/tokens',
        payload: { name: 'into b', project_id: b.project.id, role: 'viewer' },
        isDenied: true,
      },
    ],
  },
  'DELETE /api/v1/tokens/:id': {
    kind: 'read',
    probes: ({ b }) => [{ method: 'DELETE', url: `/api/v1/tokens/${b.patId}`, isDenied: true }],
  },
}

/** Routes of the Swagger UI plugin (its page and assets), public by the auth hook's rule. */
export const isDocsRoute = (url: string): boolean => url === '/docs' || url.startsWith('/docs/')
