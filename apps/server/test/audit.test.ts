import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalyticsEvent } from '@llm-observatory/core'
import { makeEvent, randomTraceId } from '@llm-observatory/testkit'
import { makeWriteBatch } from '@llm-observatory/storage'
import { maskSecrets } from '../src/audit/audit-log.js'
import { hashSecret } from '../src/auth/api-key-service.js'
import { startTestServer, type TestServer } from './test-server.js'
import {
  call,
  createUser,
  errorFields,
  login,
  projectKey,
  projectWithMember,
  type Answer,
  type Headers,
} from './project-fixtures.js'

interface EventJson {
  event_id: string
  timestamp: string
  source_module: string
  event_type: string
  severity: string
  trace_id: string | null
  tags: Record<string, string>
  payload: {
    type: string
    actor: { kind: string; id: string; user_id: string | null }
    action: string
    target: { type: string; id: string }
    before: Record<string, unknown> | null
    after: Record<string, unknown> | null
  }
}

describe('audit trail and events API', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  async function auditEvents(headers: Headers, projectId: string): Promise<EventJson[]> {
    const res = await call<EventJson[]>(server, 'GET', '/api/v1/events?event_type=audit', {
      ...headers,
      'x-project-id': projectId,
    })
    expect(res.statusCode).toBe(200)
    return res.body.data
  }

  function byAction(events: EventJson[], action: string): EventJson {
    const found = events.filter((e) => e.payload.action === action)
    expect(found, action).toHaveLength(1)
    return found[0]!
  }

  it('records each change with actor, action, target, before and after, never a secret', async () => {
    const admin = await createUser(server)
    const headers = await login(server, admin)
    const created = await call<{ id: string }>(server, 'POST', '/api/v1/projects', headers, {
      name: 'Audited',
    })
    const projectId = created.body.data.id
    const base = `/api/v1/projects/${projectId}`
    await call(server, 'PATCH', base, headers, { name: 'Audited 2', retention_days: 7 })
    const key = await call<{ id: string; secret_key: string }>(
      server,
      'POST',
      `${base}/api-keys`,
      headers,
      { name: 'ci' },
    )
    const rotated = await call<{ secret_key: string }>(
      server,
      'POST',
      `${base}/api-keys/${key.body.data.id}/rotate`,
      headers,
    )
    await call(server, 'DELETE', `${base}/api-keys/${key.body.data.id}`, headers)
    const other = await createUser(server)
    await call(server, 'POST', `${base}/members`, headers, {
      user_id: other.user.id,
      role: 'viewer',
    })
    await call(server, 'PATCH', `${base}/members/${other.user.id}`, headers, { role: 'developer' })
    await call(server, 'DELETE', `${base}/members/${other.user.id}`, headers)

    const events = await auditEvents(headers, projectId)
    expect(events.map((e) => e.payload.action).sort()).toEqual(
      [
        'api_key.create',
        'api_key.revoke',
        'api_key.rotate',
        'member.add',
        'member.remove',
        'member.update',
        'project.create',
        'project.update',
      ].sort(),
    )
    for (const event of events) {
      expect(event).toMatchObject({
        event_type: 'audit',
        source_module: 'llm-observatory',
        severity: 'info',
      })
      expect(event.payload.actor).toMatchObject({ kind: 'user', user_id: admin.user.id })
      expect(event.tags.action).toBe(event.payload.action)
    }

    const update = byAction(events, 'project.update')
    expect(update.payload.target).toEqual({ type: 'project', id: projectId })
    expect(update.payload.before).toEqual({ name: 'Audited', retention_days: null })
    expect(update.payload.after).toEqual({ name: 'Audited 2', retention_days: 7 })

    const rotate = byAction(events, 'api_key.rotate')
    expect(rotate.payload.target).toEqual({ type: 'api_key', id: key.body.data.id })
    expect(rotate.payload.before?.['secret_prefix']).toBe(key.body.data.secret_key.slice(0, 10))
    expect(rotate.payload.after?.['secret_prefix']).toBe(rotated.body.data.secret_key.slice(0, 10))
    const revoke = byAction(events, 'api_key.revoke')
    expect(revoke.payload.before?.['revoked_at']).toBeNull()
    expect(typeof revoke.payload.after?.['revoked_at']).toBe('string')

    const memberUpdate = byAction(events, 'member.update')
    expect(memberUpdate.payload.target).toEqual({ type: 'member', id: other.user.id })
    expect(memberUpdate.payload.before).toEqual({ role: 'viewer' })
    expect(memberUpdate.payload.after).toEqual({ role: 'developer' })
    expect(byAction(events, 'member.remove').payload.after).toBeNull()

    const text = JSON.stringify(events)
    for (const secret of [key.body.data.secret_key, rotated.body.data.secret_key]) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(hashSecret(secret))
    }
    expect(text).not.toContain(admin.password)
  })

  it('keeps the deletion of a project in the default project trail', async () => {
    const { project, member, headers } = await projectWithMember(server, 'admin', {
      name: 'Short-lived',
    })
    const res = await call(server, 'DELETE', `/api/v1/projects/${project.id}`, headers, {
      confirm: 'Short-lived',
    })
    expect(res.statusCode).toBe(200)
    const defaultId = server.services.bootstrap.defaultProject.id
    const instanceAdmin = await createUser(server, [], { isInstanceAdmin: true })
    const events = await auditEvents(await login(server, instanceAdmin), defaultId)
    const deletion = events.find(
      (e) => e.payload.action === 'project.delete' && e.payload.target.id === project.id,
    )
    expect(deletion?.payload.actor).toMatchObject({ kind: 'user', user_id: member.user.id })
    expect(deletion?.payload.before).toMatchObject({ name: 'Short-lived' })
  })

  it('lists events with filters on type, module, severity, trace and time, newest first, in pages', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    const projectId = project.id
    const nowUs = Date.now() * 1000
    const hourUs = 3_600_000_000
    const traceId = randomTraceId()
    const events: AnalyticsEvent[] = [
      makeEvent({ projectId, timeUs: nowUs - 1 * hourUs, eventType: 'cost', severity: 'info' }),
      makeEvent({
        projectId,
        timeUs: nowUs - 2 * hourUs,
        eventType: 'security',
        sourceModule: 'llm-sentinel',
        severity: 'warning',
        traceId,
      }),
      makeEvent({ projectId, timeUs: nowUs - 3 * hourUs, eventType: 'cost', severity: 'error' }),
      makeEvent({
        projectId,
        timeUs: nowUs - 4 * hourUs,
        eventType: 'security',
        sourceModule: 'llm-sentinel',
        severity: 'critical',
      }),
      makeEvent({ projectId, timeUs: nowUs - 50 * hourUs, eventType: 'lifecycle' }),
    ]
    await server.services.backend.write(makeWriteBatch({ events }))
    const ids = (url: string) =>
      call<EventJson[]>(server, 'GET', url, headers).then((r) => {
        expect(r.statusCode, url).toBe(200)
        return r.body.data.map((e) => e.event_id)
      })
    const id = (i: number) => events[i]!.eventId

    expect(await ids('/api/v1/events')).toEqual([0, 1, 2, 3, 4].map(id))
    expect(await ids('/api/v1/events?event_type=SECURITY')).toEqual([1, 3].map(id))
    expect(await ids('/api/v1/events?source_module=LLM_Sentinel')).toEqual([1, 3].map(id))
    expect(await ids('/api/v1/events?severity=error')).toEqual([id(2)])
    expect(await ids(`/api/v1/events?trace_id=${traceId}`)).toEqual([id(1)])
    expect(await ids('/api/v1/events?event_type=cost&severity=info')).toEqual([id(0)])
    expect(await ids('/api/v1/events?from=now-150m&to=now-30m')).toEqual([0, 1].map(id))
    expect(await ids('/api/v1/events?from=now-1d')).toEqual([0, 1, 2, 3].map(id))

    const seen: string[] = []
    let url: string | undefined = '/api/v1/events?per_page=2'
    while (url !== undefined) {
      const page: { body: Answer<EventJson[]> } = await call<EventJson[]>(
        server,
        'GET',
        url,
        headers,
      )
      expect(page.body.pagination?.total_items).toBe(5)
      seen.push(...page.body.data.map((e) => e.event_id))
      const cursor: string | null | undefined = page.body.pagination?.next_cursor
      url = cursor ? `/api/v1/events?per_page=2&cursor=${cursor}` : undefined
    }
    expect(seen).toEqual([0, 1, 2, 3, 4].map(id))

    const bad = await call(server, 'GET', '/api/v1/events?per_page=0&from=yesterday', headers)
    expect(bad.statusCode).toBe(400)
    expect(errorFields(bad.body).join(' ')).toMatch(/per_page|from/)
  })

  it('shows audit events only with audit:read', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    await call(server, 'PATCH', `/api/v1/projects/${project.id}`, headers, { retention_days: 3 })
    await server.services.backend.write(
      makeWriteBatch({ events: [makeEvent({ projectId: project.id, timeUs: Date.now() * 1000 })] }),
    )
    const developer = await createUser(server, [{ projectId: project.id, role: 'developer' }])
    const devHeaders = await login(server, developer)
    const key = await projectKey(server, project.id)

    const adminAll = await call<EventJson[]>(server, 'GET', '/api/v1/events', headers)
    expect(adminAll.body.data.map((e) => e.event_type).sort()).toEqual(['audit', 'cost'])

    for (const limited of [devHeaders, key]) {
      const all = await call<EventJson[]>(server, 'GET', '/api/v1/events', limited)
      expect(all.statusCode).toBe(200)
      expect(all.body.data.map((e) => e.event_type)).toEqual(['cost'])
      expect(all.body.pagination?.total_items).toBe(1)
      const audit = await call(server, 'GET', '/api/v1/events?event_type=audit', limited)
      expect(audit.statusCode).toBe(403)
      expect(errorFields(audit.body)).toEqual(['event_type'])
    }
  })

  it('masks fields naming secrets, passwords, tokens and hashes at any depth', () => {
    expect(
      maskSecrets({
        name: 'ci',
        secret_key: 'sk-lo-abc',
        secret_prefix: 'sk-lo-abc',
        nested: { password: 'p', accessToken: 't', items: [{ token_hash: 'h', role: 'viewer' }] },
      }),
    ).toEqual({
      name: 'ci',
      secret_key: '[redacted]',
      secret_prefix: 'sk-lo-abc',
      nested: {
        password: '[redacted]',
        accessToken: '[redacted]',
        items: [{ token_hash: '[redacted]', role: 'viewer' }],
      },
    })
    expect(maskSecrets(null)).toBeNull()
  })
})
