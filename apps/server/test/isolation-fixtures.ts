/**
 * Two projects with data of every kind, for the cross-project tests (isolation.test.ts,
 * query-fuzz.test.ts): each project gets an admin (logged in), an ingestion key, a personal
 * token, and traces, spans, logs, metrics, events and scores written through the ingest API
 * with its own key. Every string that identifies a project's data carries its random marker,
 * so an answer holding another project's data is found by searching it for those strings.
 */
import { randomBytes } from 'node:crypto'
import { expect } from 'vitest'
import type { Project } from '@llm-observatory/core'
import { makeProject } from '@llm-observatory/testkit'
import { createUser, login, type Headers, type TestUser } from './project-fixtures.js'
import type { TestServer } from './test-server.js'

/** One seeded LLM call (one trace of one span). */
export interface SeededCall {
  traceId: string
  spanId: string
  costUsd: number
  inputTokens: number
  outputTokens: number
  latencyMs: number
  isError: boolean
}

/** A project, its credentials and what was written into it. */
export interface SeededProject {
  project: Project
  admin: TestUser
  /** A login of the admin (JWT access token). */
  jwt: Headers
  /** The project's ingestion secret key. */
  key: Headers
  keyId: string
  publicKey: string
  /** A personal access token of the admin in the project (role admin). */
  pat: Headers
  patId: string
  marker: string
  model: string
  service: string
  environment: string
  endUserId: string
  sessionId: string
  tag: string
  calls: SeededCall[]
  /** Application logs written (two, the first linked to the first trace). */
  logCount: number
  /** Values of the metric {@link sharedMetricName}, the same name in both projects. */
  metricValues: number[]
  eventIds: string[]
  scoreIds: string[]
  /** Names of the scores: one shared by both projects, one with the marker. */
  scoreNames: string[]
}

/** A metric name both projects write, so only the scope tells their points apart. */
export const sharedMetricName = 'isolation.queue.depth'
/** A score name both projects write. */
export const sharedScoreName = 'isolation-quality'

const hex = (bytes: number): string => randomBytes(bytes).toString('hex')

/**
 * A random marker of letters g–z: no hex digit or number in it, so no normalization of ids
 * or numbers (error fingerprints replace digits) can hide it in an answer.
 */
export function randomMarker(length = 12): string {
  return [...randomBytes(length)].map((b) => String.fromCharCode(103 + (b % 20))).join('')
}

/**
 * A project (named `name-<marker>`) with an admin, a key, a personal token and data: three
 * LLM calls (the second an error) 10–30 minutes ago, two app logs, two metric points, one
 * analytics event and two scores on the first trace. `costs` are the three calls' costs, so
 * two projects can be told apart by their totals.
 */
export async function seedProject(
  server: TestServer,
  name: string,
  costs: readonly [number, number, number],
): Promise<SeededProject> {
  const marker = randomMarker()
  const project = makeProject({ name: `${name}-${marker}` })
  await server.services.backend.createProject(project)
  const admin = await createUser(server, [{ projectId: project.id, role: 'admin' }])
  const jwt = await login(server, admin)
  const created = await server.services.deps.keys.createKey(project.id, `key-${marker}`)
  const key = { authorization: `Bearer ${created.secretKey}` }
  const token = await server.services.deps.identity.tokens.create({
    userId: admin.user.id,
    projectId: project.id,
    role: 'admin',
    name: `pat-${marker}`,
    expiresAtUs: null,
  })
  const seeded: SeededProject = {
    project,
    admin,
    jwt,
    key,
    keyId: created.key.id,
    publicKey: created.key.publicKey,
    pat: { authorization: `Bearer ${token.secret}` },
    patId: token.token.id,
    marker,
    model: `model-${marker}`,
    service: `svc-${marker}`,
    environment: `env-${marker}`,
    endUserId: `user-${marker}`,
    sessionId: `session-${marker}`,
    tag: `tag-${marker}`,
    calls: costs.map((costUsd, i) => ({
      traceId: hex(16),
      spanId: hex(8),
      costUsd,
      inputTokens: 100 * (i + 1),
      outputTokens: 10 * (i + 1),
      latencyMs: 200 * (i + 1),
      isError: i === 1,
    })),
    logCount: 2,
    metricValues: [costs[0] * 100, costs[1] * 100],
    eventIds: [],
    scoreIds: [],
    scoreNames: [sharedScoreName, `score-${marker}`],
  }
  await writeData(server, seeded)
  return seeded
}

async function writeData(server: TestServer, p: SeededProject): Promise<void> {
  const post = async (url: string, payload: unknown) => {
    const res = await server.app.inject({
      method: 'POST',
      url,
      headers: p.key,
      payload: payload as object,
    })
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300)
    return res.json<{ data: Record<string, unknown> }>().data
  }
  const nowMs = Date.now()
  const logs = p.calls.map((call, i) => ({
    trace_id: call.traceId,
    span_id: call.spanId,
    model: p.model,
    provider: 'openai',
    start_time: new Date(nowMs - 1_800_000 + i * 600_000).toISOString(),
    latency_ms: call.latencyMs,
    messages: [{ role: 'user', content: `prompt ${p.marker} number ${i}` }],
    response: `response ${p.marker}`,
    usage: { input: call.inputTokens, output: call.outputTokens },
    cost: call.costUsd,
    user_id: p.endUserId,
    session_id: p.sessionId,
    tags: [p.tag],
    metadata: { tier: `tier-${p.marker}` },
    service: p.service,
    environment: p.environment,
    ...(call.isError
      ? { success: false, error: { type: `Error${p.marker}`, message: `failure ${p.marker}` } }
      : {}),
  }))
  const bulk = await post('/api/v1/ingest/llm/bulk', { logs })
  expect(bulk['success_count']).toBe(p.calls.length)
  const first = p.calls[0]!
  await post('/api/v1/ingest/app', {
    logs: [
      {
        level: 'ERROR',
        message: `log ${p.marker} linked`,
        trace_id: first.traceId,
        logger: `logger-${p.marker}`,
        service: p.service,
      },
      { level: 'INFO', message: `log ${p.marker} alone`, service: p.service },
    ],
  })
  for (const value of p.metricValues)
    await post('/api/v1/ingest/metrics', {
      name: sharedMetricName,
      value,
      tags: { host: `host-${p.marker}` },
    })
  const event = await post('/api/v1/events', {
    source_module: 'llm-sentinel',
    event_type: 'security',
    severity: 'warning',
    trace_id: first.traceId,
    session_id: p.sessionId,
    user_id: p.endUserId,
    payload: { finding: `event ${p.marker}` },
  })
  p.eventIds.push(String(event['event_id']))
  for (const [i, name] of p.scoreNames.entries()) {
    const score = await post('/api/v1/scores', {
      name,
      value: 0.25 * (i + 1),
      trace_id: first.traceId,
      comment: `comment ${p.marker}`,
    })
    p.scoreIds.push(String(score['id']))
  }
}

/**
 * The strings that identify `p`'s data and nothing else: its marker (in every name, prompt,
 * log and event it wrote), project id, trace, span, event, score, key, token and user ids, and
 * the key's public key. An answer to another project's caller must hold none of them.
 */
export function identifyingStrings(p: SeededProject): string[] {
  return [
    p.marker,
    p.project.id,
    ...p.calls.flatMap((c) => [c.traceId, c.spanId]),
    ...p.eventIds,
    ...p.scoreIds,
    p.keyId,
    p.publicKey,
    p.patId,
    p.admin.user.id,
    p.admin.user.email,
  ]
}

/** The identifying strings of `p` found in `text` (empty: none). */
export function findLeaks(p: SeededProject, text: string): string[] {
  const lower = text.toLowerCase()
  return identifyingStrings(p).filter((s) => lower.includes(s.toLowerCase()))
}

/** Sums over the seeded calls of `p`: what A-only analytics must report. */
export function totalsOf(p: SeededProject): {
  requests: number
  errors: number
  costUsd: number
  inputTokens: number
  outputTokens: number
} {
  return {
    requests: p.calls.length,
    errors: p.calls.filter((c) => c.isError).length,
    costUsd: p.calls.reduce((s, c) => s + c.costUsd, 0),
    inputTokens: p.calls.reduce((s, c) => s + c.inputTokens, 0),
    outputTokens: p.calls.reduce((s, c) => s + c.outputTokens, 0),
  }
}
