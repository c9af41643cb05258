import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  can,
  permissionDescriptions,
  permissions,
  rolePermissions,
  roles,
  type Permission,
  type Role,
} from '@llm-observatory/core'
import { buildApp } from '../src/app.js'
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

type Subject = Role | 'project_key'

/** A caller acting in a project: its credentials and the project it must select. */
interface Caller {
  headers: Record<string, string>
  projectId: string
}

/**
 * One representative request per permission. `export` has no route yet: the last test fails
 * as soon as a route declares it, so it gets a representative here.
 */
const representatives: Record<Permission, ((caller: Caller) => InjectOptions) | null> = {
  ingest: ({ headers }) => ({
    method: 'POST',
    url: '/api/v1/ingest/app',
    headers,
    payload: { level: 'INFO', message: 'matrix' },
  }),
  'traces:read': ({ headers }) => ({ method: 'GET', url: '/api/v1/traces', headers }),
  'content:read': ({ headers }) => ({ method: 'GET', url: '/api/v1/spans?q=hello', headers }),
  'costs:read': ({ headers }) => ({ method: 'GET', url: '/api/v1/analytics/costs', headers }),
  'keys:manage': ({ headers, projectId }) => ({
    method: 'GET',
    url: `/api/v1/projects/${projectId}/api-keys`,
    headers,
  }),
  'members:manage': ({ headers, projectId }) => ({
    method: 'GET',
    url: `/api/v1/projects/${projectId}/members`,
    headers,
  }),
  'project:manage': ({ headers, projectId }) => ({
    method: 'PATCH',
    url: `/api/v1/projects/${projectId}`,
    headers,
    payload: { retention_days: 30 },
  }),
  export: null,
  delete: ({ headers, projectId }) => ({
    method: 'DELETE',
    url: `/api/v1/projects/${projectId}`,
    headers,
    payload: { confirm: `matrix-${projectId}` },
  }),
  'audit:read': ({ headers }) => ({
    method: 'GET',
    url: '/api/v1/events?event_type=audit',
    headers,
  }),
}

const subjects: Subject[] = [...roles, 'project_key']

describe('the permission matrix, route by route', () => {
  let server: TestServer
  let adminToken: string

  beforeAll(async () => {
    server = await startTestServer(authEnv)
    adminToken = (await login(server, adminEmail, adminPassword)).access_token
  })
  afterAll(async () => server.close())

  /** A fresh project (deleting is one of the permissions) and a caller of `subject` in it. */
  async function callerIn(subject: Subject, viewerSeesContent = true): Promise<Caller> {
    const { projectId, secretKey } = await createProject(server)
    await server.services.backend.projects.renameProject(projectId, `matrix-${projectId}`)
    if (!viewerSeesContent)
      await server.services.deps.settings.update(projectId, { viewerSeesContent })
    if (subject === 'project_key') return { headers: bearer(secretKey), projectId }
    const user = await createUser(server, adminToken, [{ projectId, role: subject }])
    return {
      headers: { ...bearer(user.tokens.access_token), 'x-project-id': projectId },
      projectId,
    }
  }

  const cases: { subject: Subject; permission: Permission; viewerSeesContent: boolean }[] =
    subjects.flatMap((subject) =>
      permissions
        .filter((p) => representatives[p] !== null)
        .map((permission) => ({ subject, permission, viewerSeesContent: true })),
    )
  cases.push(
    ...permissions
      .filter((p) => representatives[p] !== null)
      .map((permission) => ({ subject: 'viewer' as const, permission, viewerSeesContent: false })),
  )

  it.each(cases)(
    '$subject, $permission (viewer_sees_content $viewerSeesContent): 2xx when the matrix allows, else 403',
    async ({ subject, permission, viewerSeesContent }) => {
      const caller = await callerIn(subject, viewerSeesContent)
      const res = await server.app.inject(representatives[permission]!(caller))
      if (can(subject, permission, { viewerSeesContent })) {
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(200)
        expect(res.statusCode, res.body).toBeLessThan(300)
      } else {
        expect(res.statusCode, res.body).toBe(403)
        expect(errorCode(res)).toBe('forbidden')
      }
    },
  )

  it('declares a permission on every /api/v1 route, and none needs a permission without a representative', () => {
    const api = server.app.routeTable.filter((r) => r.url.startsWith('/api/v1/'))
    expect(api.length).toBeGreaterThan(30)
    const undeclared = api.filter(
      (r) => server.app.routePermissions.get(`${r.method} ${r.url}`) === undefined,
    )
    expect(undeclared).toEqual([])
    const declared = new Set(server.app.routePermissions.values())
    for (const permission of permissions)
      if (representatives[permission] === null) expect(declared.has(permission)).toBe(false)
  })

  it('answers 401 without credentials on every non-public route, never 500', async () => {
    const publicRoutes = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh'])
    for (const route of server.app.routeTable) {
      if (!route.url.startsWith('/api/v1/') || route.method === 'HEAD') continue
      const url = route.url.replace(/:[A-Za-z]+/g, 'x')
      const res = await server.app.inject({
        method: route.method as InjectOptions['method'],
        url,
        remoteAddress: '10.1.2.3',
      })
      const key = `${route.method} ${route.url}`
      if (publicRoutes.has(key)) expect(res.statusCode, key).not.toBe(401)
      else expect(res.statusCode, key).toBe(401)
    }
  })

  it('closes a route that declares no permission (500), open by omission never', async () => {
    const app = await buildApp(server.services.deps)
    app.get('/api/v1/undeclared', async () => ({ open: true }))
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/undeclared',
      headers: bearer(adminToken),
    })
    expect(res.statusCode).toBe(500)
    expect(res.body).not.toContain('open')
    await app.close()
  })
})

/** The docs table, rendered from `rolePermissions` exactly as docs/security.md shows it. */
function renderMatrix(): string {
  const columns: [Subject, string][] = [
    ['admin', 'admin'],
    ['developer', 'developer'],
    ['viewer', 'viewer'],
    ['billing', 'billing'],
    ['project_key', 'project key'],
  ]
  const header = `| permission | what it allows | ${columns.map(([, title]) => title).join(' | ')} |`
  const rule = `| ${Array(columns.length + 2)
    .fill('---')
    .join(' | ')} |`
  const rows = permissions.map((permission) => {
    const cells = columns.map(([subject]) => {
      if (!rolePermissions[subject].includes(permission)) return '—'
      const isConditional =
        subject === 'viewer' && !can('viewer', permission, { viewerSeesContent: false })
      return isConditional ? '✓ (if `viewer_sees_content`)' : '✓'
    })
    return `| \`${permission}\` | ${permissionDescriptions[permission]} | ${cells.join(' | ')} |`
  })
  return [header, rule, ...rows].join('\n')
}

describe('docs/security.md', () => {
  it('shows the permission matrix of the code', async () => {
    const doc = await readFile(
      fileURLToPath(new URL('../../../docs/security.md', import.meta.url)),
      'utf8',
    )
    const match =
      /<!-- permission-matrix:start -->\n([\s\S]*?)\n<!-- permission-matrix:end -->/.exec(doc)
    expect(match?.[1]).toBe(renderMatrix())
  })
})
