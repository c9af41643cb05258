/**
 * Isolation across projects on every route: a user, key and personal token of project A call
 * every route of `app.routeTable` with project B's identifiers, and never get B's data, B's
 * numbers, or an answer that differs from the one for identifiers that exist nowhere. A route
 * isolation-routes.ts does not list fails the coverage test, so new routes cannot go unchecked.
 */
import { randomBytes } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  findLeaks,
  identifyingStrings,
  randomMarker,
  seedProject,
  totalsOf,
  type SeededProject,
} from './isolation-fixtures.js'
import {
  isDocsRoute,
  isolationRoutes as routes,
  type Ctx,
  type Envelope,
  type Probe,
} from './isolation-routes.js'
import { login, type Headers } from './project-fixtures.js'
import { startTestServer, type TestServer } from './test-server.js'

/**
 * Identifiers of the same shape that never existed: each run of 6+ hex digits in B's ids, and
 * B's marker (in every name B wrote), replaced by random ones.
 */
function makeTwinMapping(b: SeededProject): [string, string][] {
  const pairs = new Map<string, string>()
  pairs.set(b.marker, randomMarker(b.marker.length))
  for (const id of identifyingStrings(b))
    if (id !== b.marker)
      pairs.set(
        id,
        id.replace(/[0-9a-f]{6,}/g, (run) =>
          randomBytes(run.length).toString('hex').slice(0, run.length),
        ),
      )
  // Longest first, so an id is replaced before any shorter string inside it.
  return [...pairs].sort((x, y) => y[0].length - x[0].length)
}

function replaceAll(text: string, pairs: readonly [string, string][]): string {
  let out = text
  for (const [from, to] of pairs) out = out.split(from).join(to)
  return out
}

/** An answer without what differs between two equal calls: meta, times, request ids. */
function normalize(body: string): string {
  if (body === '') return ''
  const parsed = JSON.parse(body) as Record<string, unknown>
  delete parsed['meta']
  return JSON.stringify(parsed).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>')
}

interface Caller {
  name: string
  headers: () => Promise<Headers>
}

describe('isolation across projects, on every route', () => {
  let server: TestServer
  let ctx: Ctx
  let callers: Caller[]
  let twin: [string, string][]
  let countsOfB: Record<string, number>

  beforeAll(async () => {
    server = await startTestServer()
    const a = await seedProject(server, 'a', [0.25, 0.5, 1])
    const b = await seedProject(server, 'b', [2, 4, 8])
    ctx = { a, b }
    twin = makeTwinMapping(b)
    countsOfB = await server.services.backend.countRows(b.project.id)
    callers = [
      { name: 'A admin login', headers: async () => a.jwt },
      { name: 'A project key', headers: async () => a.key },
      { name: 'A personal token', headers: async () => a.pat },
    ]
  }, 60_000)
  afterAll(async () => server.close())

  async function send(
    probe: Probe,
    headers: Headers,
  ): Promise<{ status: number; body: string; request: string }> {
    const options: InjectOptions = { method: probe.method, url: probe.url, headers }
    if (probe.payload !== undefined) options.payload = probe.payload as object
    const res = await server.app.inject(options)
    const request = `${probe.url} ${JSON.stringify(probe.payload ?? null)} ${JSON.stringify(headers)}`
    return { status: res.statusCode, body: res.body, request }
  }

  /** Runs one probe as `caller` and checks every rule; returns the status for the report. */
  async function runProbe(
    probe: Probe,
    caller: Caller,
    extraHeaders: Headers = {},
  ): Promise<number> {
    const label = `${caller.name}: ${probe.method} ${probe.url} ${JSON.stringify(extraHeaders)}`
    const headers = async () => ({
      ...(probe.needsFreshLogin && caller.name === 'A admin login'
        ? await login(server, ctx.a.admin)
        : await caller.headers()),
      ...extraHeaders,
    })
    const first = await send(probe, await headers())
    expect(first.status, `${label} → ${first.body}`).toBeLessThan(500)
    if (first.body !== '' && probe.method !== 'HEAD') {
      const envelope = JSON.parse(first.body) as Envelope
      expect(['success', 'partial', 'error'], label).toContain(envelope.status)
    }
    // Nothing of B that the request did not itself name.
    const leaks = findLeaks(ctx.b, first.body).filter(
      (s) => !first.request.toLowerCase().includes(s.toLowerCase()),
    )
    expect(leaks, `${label} leaks B's data: ${first.body}`).toEqual([])
    if (probe.isDenied) expect([403, 404], `${label} → ${first.body}`).toContain(first.status)
    if (probe.check && first.status < 300 && probe.method !== 'HEAD') {
      try {
        probe.check(JSON.parse(first.body) as Envelope)
      } catch (err) {
        throw new Error(`${label}: ${(err as Error).message}`, { cause: err })
      }
    }
    // The same call with identifiers that exist nowhere: answered the same way.
    const named = findLeaks(ctx.b, first.request)
    if (named.length > 0) {
      const twinProbe: Probe = {
        ...probe,
        url: replaceAll(probe.url, twin),
        payload:
          probe.payload === undefined
            ? undefined
            : JSON.parse(replaceAll(JSON.stringify(probe.payload), twin)),
      }
      const twinHeaders = JSON.parse(replaceAll(JSON.stringify(await headers()), twin)) as Headers
      const second = await send(twinProbe, twinHeaders)
      expect(second.status, `${label}: twin answered ${second.body}`).toBe(first.status)
      const back = twin.map(([from, to]): [string, string] => [to, from])
      if (probe.isCreating || probe.method === 'HEAD') {
        const code = (body: string) =>
          body === '' ? null : (JSON.parse(body) as Envelope).error?.code
        expect(code(second.body), label).toBe(code(first.body))
      } else
        expect(normalize(replaceAll(second.body, back)), `${label}: twin differs`).toBe(
          normalize(first.body),
        )
    }
    return first.status
  }

  it('knows how to call every route of the route table, and no route it lists is gone', () => {
    const keys = new Set(server.app.routeTable.map((r) => `${r.method} ${r.url}`))
    const unknown = [...keys].filter((key) => {
      const [method, url] = key.split(' ') as [string, string]
      if (isDocsRoute(url)) return server.app.routePermissions.get(key) !== 'public'
      if (method === 'HEAD') return routes[`GET ${url}`] === undefined
      return routes[key] === undefined
    })
    expect(
      unknown,
      'routes this test cannot call yet: add them to isolationRoutes (isolation-routes.ts)',
    ).toEqual([])
    // Public entries may be absent (the dashboard route exists only when it is built).
    const gone = Object.entries(routes)
      .filter(([key, spec]) => spec.kind !== 'public' && !keys.has(key))
      .map(([key]) => key)
    expect(gone).toEqual([])
    expect(Object.keys(routes).length).toBeGreaterThan(45)
  })

  it("answers A's callers with A's data only, B's identifiers like ones that never existed", async () => {
    const table = server.app.routeTable
    let probes = 0
    for (const route of table) {
      const key = `${route.method} ${route.url}`
      if (isDocsRoute(route.url) || route.method === 'HEAD') continue
      const spec = routes[key]!
      if (spec.kind !== 'read') continue
      const permission = server.app.routePermissions.get(key)
      const needsProject = permission !== 'authenticated' && permission !== 'instance_admin'
      const list = spec.probes(ctx)
      for (const caller of callers) {
        for (const probe of list) {
          await runProbe(probe, caller)
          probes++
        }
        // Selecting B instead of A: refused where the route acts on a project, and never B.
        const [base] = list
        const selecting: { extra: Headers; probe: Probe }[] = [
          { extra: { 'x-project-id': ctx.b.project.id }, probe: base! },
          {
            extra: {},
            probe: {
              ...base!,
              url: `${base!.url}${base!.url.includes('?') ? '&' : '?'}project=${ctx.b.project.id}`,
            },
          },
        ]
        for (const { extra, probe } of selecting) {
          const status = await runProbe({ ...probe, check: undefined }, caller, extra)
          if (needsProject)
            expect([403, 404], `${caller.name} ${key} selecting B`).toContain(status)
          probes++
        }
        if (route.method === 'GET' && table.some((r) => r.method === 'HEAD' && r.url === route.url))
          await runProbe({ ...base!, method: 'HEAD', check: undefined }, caller)
      }
    }
    expect(probes).toBeGreaterThan(300)
  }, 300_000)

  it("stores what A's callers write in A, whatever B ids, project header or query it names", async () => {
    const { a, b } = ctx
    const count = () => server.services.backend.countRows(a.project.id)
    for (const route of server.app.routeTable) {
      const key = `${route.method} ${route.url}`
      const spec = routes[key]
      if (spec?.kind !== 'write') continue
      // OTLP/HTTP is served on the API port and on its own port (:4318): both are walked.
      const apps = key === 'POST /*' ? [server.app, server.otlpApp] : [server.app]
      for (const [app, caller] of apps.flatMap((app) => callers.map((c) => [app, c] as const))) {
        const call = spec.call(ctx)
        const inject = (headers: Headers, url = call.url) =>
          app.inject({
            method: 'POST',
            url,
            headers: { ...headers, 'content-type': 'application/json' },
            payload: JSON.stringify(call.payload),
          })
        const headers = await caller.headers()
        const before = await count()
        for (const selected of [b.project.id, `proj_${randomBytes(6).toString('hex')}`]) {
          const byHeader = await inject({ ...headers, 'x-project-id': selected })
          expect(byHeader.statusCode, `${caller.name} ${key}: ${byHeader.body}`).toBe(403)
          const byQuery = await inject(headers, `${call.url}?project=${selected}`)
          expect(byQuery.statusCode, `${caller.name} ${key}: ${byQuery.body}`).toBe(403)
          expect(findLeaks(b, byHeader.body + byQuery.body)).toEqual([])
        }
        expect(await count()).toEqual(before)
        const res = await inject(headers)
        expect(res.statusCode, `${caller.name} ${key}: ${res.body}`).toBeLessThan(300)
        const results = res.json<{ data?: { results?: { status: string }[] } }>().data?.results
        for (const item of results ?? []) expect(item.status).toBe('success')
        const after = await count()
        const expected = { ...before }
        for (const [table, n] of Object.entries(call.adds))
          expected[table as keyof typeof expected] += n
        expect(after, `${caller.name} ${key}`).toEqual(expected)
      }
    }
    expect(await server.services.backend.countRows(b.project.id)).toEqual(countsOfB)
    const read = async (url: string, headers: Headers) => {
      const res = await server.app.inject({ method: 'GET', url, headers })
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
      return res.json<Envelope>()
    }
    // B's first trace id now also names A's own trace (written above): each sees its own.
    const traceId = b.calls[0]!.traceId
    const inB = (await read(`/api/v1/traces/${traceId}`, b.key)).data as {
      spans: { span_id: string; model: string }[]
      scores: { id: string }[]
    }
    expect(inB.spans.map((s) => [s.span_id, s.model])).toEqual([[b.calls[0]!.spanId, b.model]])
    expect(inB.scores.map((s) => s.id).sort()).toEqual([...b.scoreIds].sort())
    const inA = (await read(`/api/v1/traces/${traceId}`, a.key)).data as {
      spans: { model: string | null }[]
    }
    expect(inA.spans.length).toBeGreaterThan(0)
    expect(inA.spans.map((s) => s.model)).not.toContain(b.model)
  })

  it("leaves B's data, keys, token, members and settings as they were", async () => {
    const { b } = ctx
    expect(await server.services.backend.countRows(b.project.id)).toEqual(countsOfB)
    const read = async (url: string, headers: Headers) => {
      const res = await server.app.inject({ method: 'GET', url, headers })
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200)
      return res.json<Envelope>()
    }
    const costs = (await read('/api/v1/analytics/costs', b.pat)).data as {
      totals: { requests: number; cost_usd: number }
    }
    expect(costs.totals.requests).toBe(totalsOf(b).requests)
    expect(costs.totals.cost_usd).toBeCloseTo(totalsOf(b).costUsd, 9)
    const project = (await read(`/api/v1/projects/${b.project.id}`, b.jwt)).data as {
      name: string
      settings: { viewer_sees_content: boolean }
    }
    expect(project.name).toBe(b.project.name)
    expect(project.settings.viewer_sees_content).toBe(true)
    const keys = (await read(`/api/v1/projects/${b.project.id}/api-keys`, b.jwt)).data as {
      id: string
      status: string
    }[]
    expect(keys.map((k) => [k.id, k.status])).toEqual([[b.keyId, 'active']])
    const members = (await read(`/api/v1/projects/${b.project.id}/members`, b.jwt)).data as {
      user_id: string
      role: string
    }[]
    expect(members.map((m) => [m.user_id, m.role])).toEqual([[b.admin.user.id, 'admin']])
    const tokens = (await read('/api/v1/tokens', b.jwt)).data as {
      id: string
      revoked_at: string | null
    }[]
    expect(tokens.map((t) => [t.id, t.revoked_at])).toEqual([[b.patId, null]])
  })
})
