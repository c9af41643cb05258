import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminEmail,
  adminPassword,
  authEnv,
  bearer,
  createProject,
  createUser,
  errorCode,
  login,
} from './auth-helpers.js'
import { startTestServer, type TestServer } from './test-server.js'

const prompt = 'SECRET-PROMPT-about-the-merger'
const answer = 'SECRET-ANSWER-merger-approved'
const attributeText = 'SECRET-ATTRIBUTE-prompt'
const logText = 'SECRET-LOG-user-message'
const secrets = [prompt, answer, attributeText, logText]

describe('viewers without prompt content', () => {
  let server: TestServer
  let projectId: string
  let viewer: string
  let developer: string
  const traceId = randomBytes(16).toString('hex')
  const spanId = randomBytes(8).toString('hex')
  const sessionId = `s-${randomBytes(4).toString('hex')}`

  beforeAll(async () => {
    server = await startTestServer(authEnv)
    const admin = await login(server, adminEmail, adminPassword)
    const project = await createProject(server)
    projectId = project.projectId
    const logged = await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm',
      headers: bearer(project.secretKey),
      payload: {
        model: 'gpt-4o',
        trace_id: traceId,
        span_id: spanId,
        session_id: sessionId,
        prompt,
        response: answer,
        usage: { prompt_tokens: 12, completion_tokens: 3 },
        attributes: { 'gen_ai.prompt.0.content': attributeText, 'app.tier': 'gold' },
      },
    })
    expect(logged.statusCode).toBe(201)
    const nowNs = `${Date.now()}000000`
    const otlp = await server.app.inject({
      method: 'POST',
      url: '/v1/logs',
      headers: { ...bearer(project.secretKey), 'content-type': 'application/json' },
      payload: {
        resourceLogs: [
          {
            resource: { attributes: [] },
            scopeLogs: [
              {
                logRecords: [
                  {
                    timeUnixNano: nowNs,
                    traceId,
                    spanId,
                    body: { stringValue: logText },
                    attributes: [
                      { key: 'event.name', value: { stringValue: 'gen_ai.user.message' } },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    })
    expect(otlp.statusCode).toBe(200)
    viewer = (await createUser(server, admin.access_token, [{ projectId, role: 'viewer' }])).tokens
      .access_token
    developer = (await createUser(server, admin.access_token, [{ projectId, role: 'developer' }]))
      .tokens.access_token
    await server.services.deps.settings.update(projectId, { viewerSeesContent: false })
  })
  afterAll(async () => server.close())

  const get = (url: string, token: string) =>
    server.app.inject({ method: 'GET', url, headers: bearer(token) })
  const post = (url: string, token: string, payload: object) =>
    server.app.inject({ method: 'POST', url, headers: bearer(token), payload })
  const expectNoSecret = (body: string) => {
    for (const secret of secrets) expect(body).not.toContain(secret)
  }

  it('shows the trace detail without prompt, response, content attributes or content log bodies', async () => {
    const res = await get(`/api/v1/traces/${traceId}`, viewer)
    expect(res.statusCode).toBe(200)
    expectNoSecret(res.body)
    const data = res.json<{
      data: {
        spans: {
          span_id: string
          input_messages: unknown
          output_messages: unknown
          content_hidden: boolean
          attributes: Record<string, unknown>
          input_tokens: number
          model: string
        }[]
        logs: { body: unknown; content_hidden?: boolean }[]
      }
    }>().data
    const span = data.spans.find((s) => s.span_id === spanId)!
    expect(span).toMatchObject({
      input_messages: null,
      output_messages: null,
      content_hidden: true,
      input_tokens: 12,
      model: 'gpt-4o',
    })
    expect(span.attributes['app.tier']).toBe('gold')
    expect(data.logs).toHaveLength(1)
    expect(data.logs[0]).toMatchObject({ body: null, content_hidden: true })
  })

  it('shows the same trace with its content to a developer', async () => {
    const res = await get(`/api/v1/traces/${traceId}`, developer)
    expect(res.statusCode).toBe(200)
    for (const secret of secrets) expect(res.body).toContain(secret)
    expect(res.body).not.toContain('content_hidden')
  })

  it('leaves the text out of span lists that select it and of session turns', async () => {
    const spans = await get(
      '/api/v1/spans?fields=span_id,timestamp,input_text,output_text,attributes',
      viewer,
    )
    expect(spans.statusCode).toBe(200)
    expectNoSecret(spans.body)
    expect(spans.json<{ data: unknown[] }>().data).toEqual([
      expect.objectContaining({
        span_id: spanId,
        input_text: null,
        output_text: null,
        content_hidden: true,
        attributes: { 'app.tier': 'gold' },
      }),
    ])
    const session = await get(`/api/v1/sessions/${sessionId}`, viewer)
    expect(session.statusCode).toBe(200)
    expectNoSecret(session.body)
    expect(session.json<{ data: { turns: unknown[] } }>().data.turns).toHaveLength(1)
    const logs = await get('/api/v1/analytics/logs/recent', viewer)
    expect(logs.statusCode).toBe(200)
    expectNoSecret(logs.body)
  })

  it('refuses full-text search and filters on content with 403, and allows other filters', async () => {
    const refused = [
      await get('/api/v1/traces?q=merger', viewer),
      await get('/api/v1/spans?q=merger', viewer),
      await get(
        `/api/v1/spans?filters=${encodeURIComponent(JSON.stringify({ field: 'input_text', operator: 'contains', value: 'merger' }))}`,
        viewer,
      ),
      await post('/api/v1/traces/search', viewer, {
        filters: { operator: 'AND', conditions: [{ operator: 'search', value: 'merger' }] },
      }),
      await post('/api/v1/spans/search', viewer, {
        filters: { field: 'output_text', operator: 'contains', value: 'approved' },
      }),
      await get('/api/v1/analytics/costs?q=merger', viewer),
      await get('/api/v1/analytics/logs/recent?q=merger', viewer),
      await get('/api/v1/analytics/costs?group_by=attributes.gen_ai.prompt.0.content', viewer),
    ]
    for (const res of refused) {
      expect(res.statusCode).toBe(403)
      expect(errorCode(res)).toBe('forbidden')
      expectNoSecret(res.body)
    }
    const allowed = await post('/api/v1/spans/search', viewer, {
      filters: { field: 'model', operator: 'eq', value: 'gpt-4o' },
    })
    expect(allowed.statusCode).toBe(200)
    expect(allowed.json<{ data: unknown[] }>().data).toHaveLength(1)
    const searched = await get('/api/v1/spans?q=merger', developer)
    expect(searched.statusCode).toBe(200)
    expect(searched.json<{ data: unknown[] }>().data).toHaveLength(1)
  })

  it('shows the content to viewers again once the project allows it', async () => {
    const other = await createProject(server)
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm',
      headers: bearer(other.secretKey),
      payload: { model: 'gpt-4o', trace_id: traceId, prompt, response: answer },
    })
    const admin = await login(server, adminEmail, adminPassword)
    const reader = await createUser(server, admin.access_token, [
      { projectId: other.projectId, role: 'viewer' },
    ])
    const res = await get(`/api/v1/traces/${traceId}`, reader.tokens.access_token)
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain(prompt)
    expect(res.body).toContain(answer)
  })
})
