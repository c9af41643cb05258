import { stat } from 'node:fs/promises'
import path from 'node:path'
import { decodeJwt } from 'jose'
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

describe('logins', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(authEnv)
  })
  afterAll(async () => server.close())

  const me = (token: string) =>
    server.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
  const refresh = (token: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      payload: { refresh_token: token },
    })

  it('creates the first admin at first start, admin of the default project, with the given password', async () => {
    expect(server.services.bootstrap.createdAdmin).toEqual({ email: adminEmail, password: null })
    const tokens = await login(server, 'ADMIN@localhost ', adminPassword)
    expect(tokens.token_type).toBe('Bearer')
    expect(tokens.expires_in).toBe(900)
    expect(tokens.refresh_token.startsWith('rt-lo-')).toBe(true)
    const claims = decodeJwt(tokens.access_token)
    expect(claims.exp! - claims.iat!).toBe(900)
    const res = await me(tokens.access_token)
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      data: {
        kind: string
        user: { email: string; is_instance_admin: boolean }
        current_project: { project_id: string; role: string; permissions: string[] }
        memberships: { project_id: string; role: string }[]
      }
    }>().data
    const defaultProjectId = server.services.bootstrap.defaultProject.id
    expect(body.kind).toBe('user')
    expect(body.user).toMatchObject({ email: adminEmail, is_instance_admin: true })
    expect(body.current_project.project_id).toBe(defaultProjectId)
    expect(body.current_project.role).toBe('admin')
    expect(body.current_project.permissions).toContain('audit:read')
    expect(body.memberships).toEqual([
      expect.objectContaining({ project_id: defaultProjectId, role: 'admin' }),
    ])
  })

  it('keeps the signing secret in <dataDir>/jwt-secret, readable by the owner only', async () => {
    const info = await stat(path.join(server.config.dataDir, 'jwt-secret'))
    expect(info.mode & 0o777).toBe(0o600)
  })

  it('answers unknown e-mail and wrong password with the same 401 and message', async () => {
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'whatever-password' },
    })
    const wrong = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: adminEmail, password: 'not-the-password' },
    })
    for (const res of [unknown, wrong]) {
      expect(res.statusCode).toBe(401)
      expect(res.json<{ error: { message: string } }>().error.message).toBe(
        'Invalid email or password.',
      )
    }
    expect(wrong.body).not.toContain('not-the-password')
  })

  it('rotates the refresh token on each use and revokes the session when a used one comes back', async () => {
    const first = await login(server, adminEmail, adminPassword)
    const second = (await refresh(first.refresh_token)).json<{
      data: { access_token: string; refresh_token: string }
    }>().data
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect((await me(second.access_token)).statusCode).toBe(200)
    // The first refresh token was spent; presenting it again means it leaked.
    const reuse = await refresh(first.refresh_token)
    expect(reuse.statusCode).toBe(401)
    expect(errorCode(reuse)).toBe('unauthorized')
    // The whole session is gone: its newest access and refresh tokens too.
    expect((await me(second.access_token)).statusCode).toBe(401)
    expect((await me(first.access_token)).statusCode).toBe(401)
    expect((await refresh(second.refresh_token)).statusCode).toBe(401)
    // A login on its own is untouched.
    const other = await login(server, adminEmail, adminPassword)
    expect((await me(other.access_token)).statusCode).toBe(200)
  })

  it('ends the login at once on logout: access and refresh token both stop working', async () => {
    const tokens = await login(server, adminEmail, adminPassword)
    expect((await me(tokens.access_token)).statusCode).toBe(200)
    const out = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(tokens.access_token),
    })
    expect(out.statusCode).toBe(200)
    expect((await me(tokens.access_token)).statusCode).toBe(401)
    expect((await refresh(tokens.refresh_token)).statusCode).toBe(401)
  })

  it('records logins and logouts in the audit trail without tokens or passwords', async () => {
    const tokens = await login(server, adminEmail, adminPassword)
    const sessionId = decodeJwt(tokens.access_token)['sid'] as string
    await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: bearer(tokens.access_token),
    })
    const admin = await login(server, adminEmail, adminPassword)
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/events?event_type=audit&per_page=200',
      headers: bearer(admin.access_token),
    })
    expect(res.statusCode).toBe(200)
    const events = res.json<{
      data: { payload: { action: string; target: { id: string } } }[]
    }>().data
    const actions = events
      .filter((e) => e.payload.target.id === sessionId)
      .map((e) => e.payload.action)
      .sort()
    expect(actions).toEqual(['session.create', 'session.revoke'])
    expect(res.body).not.toContain(adminPassword)
    expect(res.body).not.toContain(tokens.refresh_token)
  })

  it('rejects a refresh token as an access credential and a forged access token', async () => {
    const tokens = await login(server, adminEmail, adminPassword)
    expect((await me(tokens.refresh_token)).statusCode).toBe(401)
    const [header, payload] = tokens.access_token.split('.')
    const forged = `${header}.${payload}.${'A'.repeat(43)}`
    expect((await me(forged)).statusCode).toBe(401)
  })

  it('disabling a user or changing the password ends its logins at once', async () => {
    const admin = await login(server, adminEmail, adminPassword)
    const { projectId } = await createProject(server)
    const user = await createUser(server, admin.access_token, [{ projectId, role: 'viewer' }])
    expect((await me(user.tokens.access_token)).statusCode).toBe(200)
    const patch = (payload: object) =>
      server.app.inject({
        method: 'PATCH',
        url: `/api/v1/admin/users/${user.userId}`,
        headers: bearer(admin.access_token),
        payload,
      })
    expect((await patch({ password: 'a-new-password-123' })).statusCode).toBe(200)
    expect((await me(user.tokens.access_token)).statusCode).toBe(401)
    const again = await login(server, user.email, 'a-new-password-123')
    expect((await patch({ disabled: true })).statusCode).toBe(200)
    expect((await me(again.access_token)).statusCode).toBe(401)
    const blocked = await server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'a-new-password-123' },
    })
    expect(blocked.statusCode).toBe(401)
  })

  it('keeps the last active instance admin: no self-demotion, disabling or deletion', async () => {
    const admin = await login(server, adminEmail, adminPassword)
    const meRes = await me(admin.access_token)
    const adminId = meRes.json<{ data: { user: { id: string } } }>().data.user.id
    const call = (method: 'PATCH' | 'DELETE', payload?: object) =>
      server.app.inject({
        method,
        url: `/api/v1/admin/users/${adminId}`,
        headers: bearer(admin.access_token),
        ...(payload ? { payload } : {}),
      })
    for (const res of [
      await call('PATCH', { is_instance_admin: false }),
      await call('PATCH', { disabled: true }),
      await call('DELETE'),
    ]) {
      expect(res.statusCode).toBe(409)
      expect(errorCode(res)).toBe('conflict')
    }
  })

  it('lets only instance admins manage users, and never shows password hashes', async () => {
    const admin = await login(server, adminEmail, adminPassword)
    const { projectId } = await createProject(server)
    const member = await createUser(server, admin.access_token, [{ projectId, role: 'admin' }])
    const asMember = await server.app.inject({
      method: 'GET',
      url: '/api/v1/admin/users',
      headers: bearer(member.tokens.access_token),
    })
    expect(asMember.statusCode).toBe(403)
    const asKey = await server.app.inject({
      method: 'GET',
      url: '/api/v1/admin/users',
      headers: bearer((await createProject(server)).secretKey),
    })
    expect(asKey.statusCode).toBe(403)
    const list = await server.app.inject({
      method: 'GET',
      url: '/api/v1/admin/users',
      headers: bearer(admin.access_token),
    })
    expect(list.statusCode).toBe(200)
    const users = list.json<{ data: { email: string; memberships: unknown[] }[] }>().data
    expect(users.find((u) => u.email === member.email)?.memberships).toEqual([
      { project_id: projectId, role: 'admin' },
    ])
    expect(list.body).not.toContain('scrypt$')
    const duplicate = await server.app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: bearer(admin.access_token),
      payload: { email: member.email.toUpperCase(), password: 'another-password-1' },
    })
    expect(duplicate.statusCode).toBe(409)
  })
})

describe('login throttling', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(authEnv)
  })
  afterAll(async () => server.close())

  const attempt = (email: string, password: string, ip = '10.0.0.1') =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: ip,
    })

  it('answers 429 with Retry-After after 5 failed logins for one e-mail, even with the right password', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt(adminEmail, `wrong-${i}`, `10.0.1.${i}`)).statusCode).toBe(401)
    const blocked = await attempt(adminEmail, adminPassword, '10.0.1.99')
    expect(blocked.statusCode).toBe(429)
    expect(errorCode(blocked)).toBe('rate_limited')
    expect(Number(blocked.headers['retry-after'])).toBe(30)
    // Another e-mail from a fresh address is not affected.
    expect((await attempt('someone@example.com', 'x', '10.0.2.1')).statusCode).toBe(401)
  })

  it('answers 429 after 5 failed logins from one IP across different e-mails', async () => {
    for (let i = 0; i < 5; i++)
      expect((await attempt(`guess${i}@example.com`, 'x', '10.0.3.3')).statusCode).toBe(401)
    const blocked = await attempt('guess9@example.com', 'x', '10.0.3.3')
    expect(blocked.statusCode).toBe(429)
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0)
  })
})
