import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  makeEvent,
  makeLog,
  makeMetricPoint,
  makeScore,
  makeSpan,
  randomProjectId,
  randomTraceId,
} from '@llm-observatory/testkit'
import { makeWriteBatch } from '@llm-observatory/storage'
import { startTestServer, type TestServer } from './test-server.js'
import {
  call,
  createUser,
  errorFields,
  login,
  personalToken,
  projectKey,
  projectWithMember,
} from './project-fixtures.js'

interface ProjectJson {
  id: string
  name: string
  created_at: string
  is_default: boolean
  settings: {
    viewer_sees_content: boolean
    retention_days: number | null
    pii: Record<string, unknown> | null
  }
  role: string
  permissions: string[]
}

interface MemberJson {
  user_id: string
  email: string
  role: string
}

describe('projects API', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  it('creates a project for a logged-in user, who becomes its admin and sees it listed', async () => {
    const user = await createUser(server)
    const headers = await login(server, user)
    const created = await call<ProjectJson>(server, 'POST', '/api/v1/projects', headers, {
      name: '  Checkout bot  ',
      retention_days: 30,
    })
    expect(created.statusCode).toBe(201)
    expect(created.body.data).toMatchObject({
      name: 'Checkout bot',
      is_default: false,
      role: 'admin',
      settings: { viewer_sees_content: true, retention_days: 30, pii: null },
    })
    expect(created.body.data.permissions).toContain('delete')
    const id = created.body.data.id

    const member = await server.services.backend.identity.getMembership(user.user.id, id)
    expect(member?.role).toBe('admin')

    const list = await call<ProjectJson[]>(server, 'GET', '/api/v1/projects', headers)
    expect(list.statusCode).toBe(200)
    expect(list.body.data.map((p) => [p.id, p.role])).toEqual([[id, 'admin']])

    const one = await call<ProjectJson>(server, 'GET', `/api/v1/projects/${id}`, headers)
    expect(one.statusCode).toBe(200)
    expect(one.body.data.name).toBe('Checkout bot')
  })

  it('refuses project creation with a key or a personal token, and names a missing name', async () => {
    const { project, member } = await projectWithMember(server, 'admin')
    const key = await projectKey(server, project.id)
    expect((await call(server, 'POST', '/api/v1/projects', key, { name: 'x' })).statusCode).toBe(
      403,
    )
    const pat = await personalToken(server, member, project.id, 'admin')
    expect((await call(server, 'POST', '/api/v1/projects', pat, { name: 'x' })).statusCode).toBe(
      403,
    )
    const headers = await login(server, member)
    const missing = await call(server, 'POST', '/api/v1/projects', headers, {})
    expect(missing.statusCode).toBe(400)
    expect(errorFields(missing.body)).toContain('name')
  })

  it('lists only the caller project for a key, and nothing of projects the caller is not in', async () => {
    const a = await projectWithMember(server, 'viewer')
    const b = await projectWithMember(server, 'admin')
    const key = await projectKey(server, a.project.id)
    const listed = await call<ProjectJson[]>(server, 'GET', '/api/v1/projects', key)
    expect(listed.body.data.map((p) => p.id)).toEqual([a.project.id])
    expect(listed.body.data[0]?.role).toBe('project_key')

    for (const headers of [key, a.headers]) {
      for (const id of [b.project.id, randomProjectId()]) {
        const res = await call(server, 'GET', `/api/v1/projects/${id}`, headers)
        expect(res.statusCode).toBe(404)
        expect(res.body.error?.code).toBe('not_found')
        const patch = await call(server, 'PATCH', `/api/v1/projects/${id}`, headers, { name: 'x' })
        expect(patch.statusCode).toBe(404)
      }
    }
    // The other project is unchanged.
    expect((await server.services.backend.getProject(b.project.id))?.name).toBe(b.project.name)
  })

  it('renames and changes settings with PATCH, and a viewer may not', async () => {
    const { project, headers } = await projectWithMember(server, 'admin', { name: 'Before' })
    const res = await call<ProjectJson>(
      server,
      'PATCH',
      `/api/v1/projects/${project.id}`,
      headers,
      {
        name: 'After',
        viewer_sees_content: false,
        retention_days: 90,
        pii: {
          enabled: true,
          mode: 'hash',
          detectors: { ipv4: false },
          custom_patterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }],
        },
      },
    )
    expect(res.statusCode).toBe(200)
    expect(res.body.data).toMatchObject({
      name: 'After',
      settings: {
        viewer_sees_content: false,
        retention_days: 90,
        pii: {
          enabled: true,
          mode: 'hash',
          detectors: { ipv4: false },
          custom_patterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }],
        },
      },
    })
    expect((await server.services.backend.getProject(project.id))?.name).toBe('After')
    expect(await server.services.deps.settings.get(project.id)).toEqual({
      viewerSeesContent: false,
      retentionDays: 90,
      pii: {
        enabled: true,
        mode: 'hash',
        detectors: { ipv4: false },
        customPatterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }],
      },
    })

    // The viewer of this project now reads traces but not content.
    const viewer = await createUser(server, [{ projectId: project.id, role: 'viewer' }])
    const viewerHeaders = await login(server, viewer)
    const seen = await call<ProjectJson>(
      server,
      'GET',
      `/api/v1/projects/${project.id}`,
      viewerHeaders,
    )
    expect(seen.body.data.role).toBe('viewer')
    expect(seen.body.data.permissions).toEqual(['traces:read', 'costs:read'])
    const denied = await call(server, 'PATCH', `/api/v1/projects/${project.id}`, viewerHeaders, {
      retention_days: 1,
    })
    expect(denied.statusCode).toBe(403)
    expect(denied.body.error?.code).toBe('forbidden')

    const off = await call<ProjectJson>(
      server,
      'PATCH',
      `/api/v1/projects/${project.id}`,
      headers,
      {
        pii: null,
        retention_days: null,
      },
    )
    expect(off.body.data.settings).toEqual({
      viewer_sees_content: false,
      retention_days: null,
      pii: null,
    })
  })

  it('names the field of every invalid PATCH', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    const url = `/api/v1/projects/${project.id}`
    const cases: [unknown, string][] = [
      [{ retention_days: 0 }, 'retention_days'],
      [{ retention_days: 2.5 }, 'retention_days'],
      [{ viewer_sees_content: 'yes' }, 'viewer_sees_content'],
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ pii: { mode: 'hash' } }, 'pii.enabled'],
      [{ pii: { enabled: true, mode: 'mask' } }, 'pii.mode'],
      [{ pii: { enabled: true, detectors: { zip: true } } }, 'pii.detectors'],
      [
        { pii: { enabled: true, custom_patterns: [{ name: 'x', pattern: '(a' }] } },
        'pii.custom_patterns.0.pattern',
      ],
      [
        { pii: { enabled: true, custom_patterns: [{ name: 'x', pattern: '(?=a)' }] } },
        'pii.custom_patterns.0.pattern',
      ],
      [
        { pii: { enabled: true, custom_patterns: [{ name: 'x', pattern: 'a*' }] } },
        'pii.custom_patterns.0.pattern',
      ],
      [
        {
          pii: {
            enabled: true,
            custom_patterns: [
              { name: 'emp', pattern: 'E[0-9]+' },
              { name: 'emp', pattern: 'F[0-9]+' },
            ],
          },
        },
        'pii.custom_patterns.1.name',
      ],
      [{ pii: { enabled: true, attribute_keys: ['llm.*.content'] } }, 'pii.attribute_keys.0'],
      [{ pii: { enabled: true, extra: 1 } }, 'pii'],
    ]
    for (const [payload, field] of cases) {
      const res = await call(server, 'PATCH', url, headers, payload)
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.body.error?.code).toBe('validation_error')
      expect(errorFields(res.body).join(' '), JSON.stringify(payload)).toContain(field)
    }
    expect((await call(server, 'PATCH', url, headers, {})).statusCode).toBe(400)
    expect((await call(server, 'PATCH', url, headers, { owner: 'me' })).statusCode).toBe(400)
    // A misspelt field next to a valid one is refused, not dropped.
    expect(
      (await call(server, 'PATCH', url, headers, { name: 'ok', retention: 3 })).statusCode,
    ).toBe(400)
    expect((await server.services.backend.getProject(project.id))?.name).toBe(project.name)
    expect(await server.services.deps.settings.get(project.id)).toEqual({
      viewerSeesContent: true,
      retentionDays: null,
      pii: null,
    })
  })

  it('deletes a project and all its rows only after confirm names it, leaving another project whole', async () => {
    const { project, headers } = await projectWithMember(server, 'admin', { name: 'Doomed' })
    const other = await projectWithMember(server, 'admin', { name: 'Kept' })
    const doomedKey = await projectKey(server, project.id)
    const otherKey = await projectKey(server, other.project.id)
    for (const projectId of [project.id, other.project.id]) {
      const traceId = randomTraceId()
      await server.services.backend.write(
        makeWriteBatch({
          spans: [makeSpan({ projectId, traceId }), makeSpan({ projectId, traceId })],
          logs: [makeLog({ projectId })],
          metrics: [makeMetricPoint({ projectId })],
          events: [makeEvent({ projectId })],
          scores: [makeScore({ projectId })],
        }),
      )
    }
    // A read with the key caches it; deletion must still end it at once.
    expect(
      (await call(server, 'GET', '/api/v1/scores', doomedKey)).body.pagination?.total_items,
    ).toBe(1)
    const otherBefore = await server.services.backend.countRows(other.project.id)
    expect(otherBefore).toEqual({ spans: 2, logs: 1, metrics: 1, events: 1, scores: 1 })

    const url = `/api/v1/projects/${project.id}`
    for (const payload of [undefined, {}, { confirm: 'doomed' }, { confirm: 'Kept' }]) {
      const res = await call(server, 'DELETE', url, headers, payload)
      expect(res.statusCode).toBe(400)
      expect(errorFields(res.body)).toEqual(['confirm'])
    }
    expect(await server.services.backend.getProject(project.id)).not.toBeNull()
    // Another project's admin cannot delete it, even with the right name.
    const foreign = await call(server, 'DELETE', url, other.headers, { confirm: 'Doomed' })
    expect(foreign.statusCode).toBe(404)

    const deleted = await call<{ id: string; deleted: boolean; rows: Record<string, number> }>(
      server,
      'DELETE',
      url,
      headers,
      { confirm: 'Doomed' },
    )
    expect(deleted.statusCode).toBe(200)
    expect(deleted.body.data).toMatchObject({
      id: project.id,
      deleted: true,
      rows: { spans: 2, logs: 1, metrics: 1, events: 1, scores: 1 },
    })

    expect(await server.services.backend.countRows(project.id)).toEqual({
      spans: 0,
      logs: 0,
      metrics: 0,
      events: 0,
      scores: 0,
    })
    expect(await server.services.backend.getProject(project.id)).toBeNull()
    expect(await server.services.backend.listApiKeys(project.id)).toEqual([])
    expect(await server.services.backend.identity.listProjectMembers(project.id)).toEqual([])
    expect((await call(server, 'GET', '/api/v1/scores', doomedKey)).statusCode).toBe(401)
    expect((await call(server, 'GET', url, headers)).statusCode).toBe(404)

    expect(await server.services.backend.countRows(other.project.id)).toEqual(otherBefore)
    expect(
      (await call(server, 'GET', '/api/v1/scores', otherKey)).body.pagination?.total_items,
    ).toBe(1)
    expect(
      await server.services.backend.identity.listProjectMembers(other.project.id),
    ).toHaveLength(1)
  })

  it('keeps the default project: deleting it is a 409', async () => {
    const defaultProject = server.services.bootstrap.defaultProject
    const admin = await createUser(server, [{ projectId: defaultProject.id, role: 'admin' }])
    const res = await call(
      server,
      'DELETE',
      `/api/v1/projects/${defaultProject.id}`,
      await login(server, admin),
      { confirm: defaultProject.name },
    )
    expect(res.statusCode).toBe(409)
    expect(await server.services.backend.getProject(defaultProject.id)).not.toBeNull()
  })

  it('adds members by email or id, changes roles, removes them, and keeps one admin', async () => {
    const { project, member: owner, headers } = await projectWithMember(server, 'admin')
    const base = `/api/v1/projects/${project.id}/members`
    const dev = await createUser(server)
    const viewer = await createUser(server)

    const byEmail = await call<MemberJson>(server, 'POST', base, headers, {
      email: dev.user.email.toUpperCase(),
      role: 'developer',
    })
    expect(byEmail.statusCode).toBe(201)
    expect(byEmail.body.data).toMatchObject({ user_id: dev.user.id, role: 'developer' })
    const byId = await call(server, 'POST', base, headers, {
      user_id: viewer.user.id,
      role: 'viewer',
    })
    expect(byId.statusCode).toBe(201)
    const again = await call(server, 'POST', base, headers, { user_id: dev.user.id, role: 'admin' })
    expect(again.statusCode).toBe(409)

    const unknown = await call(server, 'POST', base, headers, {
      email: 'nobody@example.test',
      role: 'viewer',
    })
    expect(unknown.statusCode).toBe(404)
    expect(errorFields(unknown.body)).toEqual(['email'])
    const badRole = await call(server, 'POST', base, headers, {
      user_id: dev.user.id,
      role: 'owner',
    })
    expect(badRole.statusCode).toBe(400)
    expect(errorFields(badRole.body).join(' ')).toContain('role')

    const list = await call<MemberJson[]>(server, 'GET', base, headers)
    expect(
      list.body.data.map((m) => [m.email, m.role]).sort((a, b) => a[0]!.localeCompare(b[0]!)),
    ).toEqual(
      [
        [owner.user.email, 'admin'],
        [dev.user.email, 'developer'],
        [viewer.user.email, 'viewer'],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    )

    // A developer cannot manage members.
    const devHeaders = await login(server, dev)
    expect((await call(server, 'GET', base, devHeaders)).statusCode).toBe(403)

    const promoted = await call<MemberJson>(server, 'PATCH', `${base}/${viewer.user.id}`, headers, {
      role: 'billing',
    })
    expect(promoted.body.data.role).toBe('billing')
    expect(
      (await server.services.backend.identity.getMembership(viewer.user.id, project.id))?.role,
    ).toBe('billing')

    const lastAdmin = await call(server, 'PATCH', `${base}/${owner.user.id}`, headers, {
      role: 'viewer',
    })
    expect(lastAdmin.statusCode).toBe(409)
    expect((await call(server, 'DELETE', `${base}/${owner.user.id}`, headers)).statusCode).toBe(409)

    expect((await call(server, 'DELETE', `${base}/${dev.user.id}`, headers)).statusCode).toBe(200)
    expect(await server.services.backend.identity.getMembership(dev.user.id, project.id)).toBeNull()
    expect((await call(server, 'DELETE', `${base}/${dev.user.id}`, headers)).statusCode).toBe(404)
    // Removed: the next request of that user sees nothing of the project.
    expect(
      (await call(server, 'GET', `/api/v1/projects/${project.id}`, devHeaders)).statusCode,
    ).toBe(404)
  })
})
