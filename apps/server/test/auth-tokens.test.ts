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
  type Tokens,
} from './auth-helpers.js'
import { startTestServer, type TestServer } from './test-server.js'

describe('personal access tokens, keys and project selection', () => {
  let server: TestServer
  let admin: Tokens

  beforeAll(async () => {
    server = await startTestServer(authEnv)
    admin = await login(server, adminEmail, adminPassword)
  })
  afterAll(async () => server.close())

  const get = (url: string, headers: Record<string, string>) =>
    server.app.inject({ method: 'GET', url, headers })
  const ingest = (headers: Record<string, string>) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/app',
      headers,
      payload: { level: 'INFO', message: 'hello' },
    })
  const createToken = (accessToken: string, payload: object) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(accessToken),
      payload,
    })

  it('shows a new token once, lists it by prefix only, accepts it, and refuses it at once after revoke', async () => {
    const { projectId } = await createProject(server)
    const user = await createUser(server, admin.access_token, [{ projectId, role: 'developer' }])
    const created = await createToken(user.tokens.access_token, { name: 'ci', role: 'viewer' })
    expect(created.statusCode).toBe(201)
    const token = created.json<{
      data: { id: string; token: string; prefix: string; role: string; project_id: string }
    }>().data
    expect(token.token.startsWith('pat-lo-')).toBe(true)
    expect(token.token.startsWith(token.prefix)).toBe(true)
    expect(token).toMatchObject({ role: 'viewer', project_id: projectId })

    const list = await get('/api/v1/tokens', bearer(user.tokens.access_token))
    expect(list.json<{ data: { id: string; prefix: string }[] }>().data).toEqual([
      expect.objectContaining({ id: token.id, prefix: token.prefix }),
    ])
    expect(list.body).not.toContain(token.token)

    expect((await get('/api/v1/traces', bearer(token.token))).statusCode).toBe(200)
    expect((await get('/api/v1/traces', { 'x-api-key': token.token })).statusCode).toBe(200)
    // A viewer token of a developer: it reads, it does not ingest.
    const denied = await ingest(bearer(token.token))
    expect(denied.statusCode).toBe(403)
    expect(errorCode(denied)).toBe('forbidden')

    const revoked = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${token.id}`,
      headers: bearer(user.tokens.access_token),
    })
    expect(revoked.statusCode).toBe(200)
    expect(revoked.json<{ data: { revoked_at: string | null } }>().data.revoked_at).not.toBeNull()
    const after = await get('/api/v1/traces', bearer(token.token))
    expect(after.statusCode).toBe(401)
    expect(errorCode(after)).toBe('unauthorized')
  })

  it('refuses a token role above the owner and a token minted with a token', async () => {
    const { projectId } = await createProject(server)
    const user = await createUser(server, admin.access_token, [{ projectId, role: 'viewer' }])
    const tooHigh = await createToken(user.tokens.access_token, { name: 'x', role: 'developer' })
    expect(tooHigh.statusCode).toBe(403)
    const ok = await createToken(user.tokens.access_token, { name: 'x', role: 'billing' })
    expect(ok.statusCode).toBe(201)
    const secret = ok.json<{ data: { token: string } }>().data.token
    const chained = await createToken(secret, { name: 'y' })
    expect(chained.statusCode).toBe(403)
    expect(errorCode(chained)).toBe('forbidden')
  })

  it("acts with the lesser of the token's role and the owner's current role", async () => {
    const { projectId } = await createProject(server)
    const user = await createUser(server, admin.access_token, [{ projectId, role: 'developer' }])
    const created = await createToken(user.tokens.access_token, { name: 'ingest' })
    const secret = created.json<{ data: { token: string; role: string } }>().data
    expect(secret.role).toBe('developer')
    expect((await ingest(bearer(secret.token))).statusCode).toBe(201)
    await server.services.backend.identity.putMembership({
      userId: user.userId,
      projectId,
      role: 'viewer',
      createdAtUs: 0,
    })
    expect((await ingest(bearer(secret.token))).statusCode).toBe(403)
    expect((await get('/api/v1/traces', bearer(secret.token))).statusCode).toBe(200)
    await server.services.backend.identity.deleteMembership(user.userId, projectId)
    expect((await get('/api/v1/traces', bearer(secret.token))).statusCode).toBe(403)
  })

  it('revokes a project key at once, though verified keys are cached', async () => {
    const { projectId, secretKey } = await createProject(server)
    expect((await ingest(bearer(secretKey))).statusCode).toBe(201)
    const keys = await get(`/api/v1/projects/${projectId}/api-keys`, {
      ...bearer(admin.access_token),
      'x-project-id': projectId,
    })
    expect(keys.statusCode).toBe(200)
    const [key] = keys.json<{ data: { id: string }[] }>().data
    const revoke = await server.app.inject({
      method: 'DELETE',
      url: `/api/v1/projects/${projectId}/api-keys/${key!.id}`,
      headers: { ...bearer(admin.access_token), 'x-project-id': projectId },
    })
    expect(revoke.statusCode).toBe(200)
    const after = await ingest(bearer(secretKey))
    expect(after.statusCode).toBe(401)
    expect((await get('/api/v1/traces', bearer(secretKey))).statusCode).toBe(401)
  })

  it('lets users pick a project of theirs by header or query, and refuses others with 403', async () => {
    const a = await createProject(server)
    const b = await createProject(server)
    const c = await createProject(server)
    const user = await createUser(server, admin.access_token, [
      { projectId: a.projectId, role: 'viewer' },
      { projectId: b.projectId, role: 'developer' },
    ])
    await ingest(bearer(b.secretKey))
    const headers = bearer(user.tokens.access_token)
    const meIn = async (extra: Record<string, string>, query = '') =>
      (await get(`/api/v1/me${query}`, { ...headers, ...extra })).json<{
        data: { current_project: { project_id: string; role: string } }
      }>().data.current_project
    expect(await meIn({})).toMatchObject({ project_id: a.projectId, role: 'viewer' })
    expect(await meIn({ 'x-project-id': b.projectId })).toMatchObject({
      project_id: b.projectId,
      role: 'developer',
    })
    const viaQuery = await get(`/api/v1/spans?project=${b.projectId}`, headers)
    expect(viaQuery.statusCode).toBe(200)
    expect(viaQuery.json<{ pagination: { total_items: number } }>().pagination.total_items).toBe(0)
    const other = await get('/api/v1/traces', { ...headers, 'x-project-id': c.projectId })
    expect(other.statusCode).toBe(403)
    expect(errorCode(other)).toBe('forbidden')
    const missing = await get('/api/v1/traces', { ...headers, 'x-project-id': 'no-such-project' })
    expect(missing.statusCode).toBe(403)
    // An instance admin may act on any project.
    const asAdmin = await get('/api/v1/traces', {
      ...bearer(admin.access_token),
      'x-project-id': c.projectId,
    })
    expect(asAdmin.statusCode).toBe(200)
  })

  it('refuses a project key naming another project than its own', async () => {
    const a = await createProject(server)
    const b = await createProject(server)
    const res = await get('/api/v1/traces', { ...bearer(a.secretKey), 'x-project-id': b.projectId })
    expect(res.statusCode).toBe(403)
    const byQuery = await get(`/api/v1/traces?project=${b.projectId}`, bearer(a.secretKey))
    expect(byQuery.statusCode).toBe(403)
  })
})
