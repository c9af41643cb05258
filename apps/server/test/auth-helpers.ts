/** Helpers of the auth-*.test.ts files: users in projects, logins, keys of other projects. */
import { randomBytes } from 'node:crypto'
import type { Role } from '@llm-observatory/core'
import { makeProject } from '@llm-observatory/testkit'
import type { TestServer } from './test-server.js'

export const adminEmail = 'admin@localhost'
export const adminPassword = 'admin-password-for-tests'

/** Environment of startTestServer for auth tests: a known first-admin password. */
export const authEnv = { OBSERVATORY_ADMIN_PASSWORD: adminPassword }

export interface Tokens {
  access_token: string
  refresh_token: string
  expires_in: number
  token_type: string
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` }
}

export async function login(server: TestServer, email: string, password: string): Promise<Tokens> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  })
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
  return res.json<{ data: Tokens }>().data
}

/** A new project (stored directly), with an ingestion key of its own. */
export async function createProject(
  server: TestServer,
): Promise<{ projectId: string; secretKey: string }> {
  const project = makeProject({ name: `p-${randomBytes(3).toString('hex')}` })
  await server.services.backend.createProject(project)
  const created = await server.services.deps.keys.createKey(project.id, 'test')
  return { projectId: project.id, secretKey: created.secretKey }
}

/**
 * A user created through the admin API with `role` in `projectId`, logged in. The e-mail is
 * random, so tests can share a server.
 */
export async function createUser(
  server: TestServer,
  adminToken: string,
  memberships: { projectId: string; role: Role }[],
): Promise<{ userId: string; email: string; password: string; tokens: Tokens }> {
  const email = `u-${randomBytes(4).toString('hex')}@example.com`
  const password = `pw-${randomBytes(9).toString('base64url')}`
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/admin/users',
    headers: bearer(adminToken),
    payload: {
      email,
      password,
      memberships: memberships.map((m) => ({ project_id: m.projectId, role: m.role })),
    },
  })
  if (res.statusCode !== 201) throw new Error(`user create failed: ${res.statusCode} ${res.body}`)
  const userId = res.json<{ data: { id: string } }>().data.id
  return { userId, email, password, tokens: await login(server, email, password) }
}

export function errorCode(res: { json: <T>() => T }): string {
  return res.json<{ error: { code: string } }>().error.code
}
