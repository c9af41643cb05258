import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashSecret } from '../src/auth/api-key-service.js'
import { startTestServer, type TestServer } from './test-server.js'
import {
  call,
  createUser,
  errorFields,
  login,
  projectKey,
  projectWithMember,
  type Headers,
} from './project-fixtures.js'

interface KeyJson {
  id: string
  name: string
  public_key: string
  secret_prefix: string
  status: 'active' | 'revoked'
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
  secret_key?: string
}

const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` })
const basic = (publicKey: string, secret: string): Headers => ({
  authorization: `Basic ${Buffer.from(`${publicKey}:${secret}`).toString('base64')}`,
})

describe('project API keys', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  /** A request the key is allowed to make; 200 while the key is valid, 401 once it is not. */
  async function useKey(headers: Headers): Promise<number> {
    return (await call(server, 'GET', '/api/v1/scores', headers)).statusCode
  }

  it('creates a key whose secret is shown once, and lists keys with the prefix only', async () => {
    const { project, headers } = await projectWithMember(server, 'developer')
    const base = `/api/v1/projects/${project.id}/api-keys`
    const created = await call<KeyJson>(server, 'POST', base, headers, { name: 'ci' })
    expect(created.statusCode).toBe(201)
    const secret = created.body.data.secret_key!
    expect(secret).toMatch(/^sk-lo-[A-Za-z0-9_-]{32}$/)
    expect(created.body.data).toMatchObject({
      name: 'ci',
      status: 'active',
      secret_prefix: secret.slice(0, 10),
      last_used_at: null,
      revoked_at: null,
    })
    expect(created.body.data.public_key).toMatch(/^pk-lo-[0-9a-f]{24}$/)
    // Stored only as its SHA-256.
    const stored = await server.services.backend.findApiKeyBySecretHash(hashSecret(secret))
    expect(stored?.id).toBe(created.body.data.id)

    expect(await useKey(bearer(secret))).toBe(200)
    expect(await useKey(basic(created.body.data.public_key, secret))).toBe(200)

    const listed = await call<KeyJson[]>(server, 'GET', base, headers)
    expect(listed.statusCode).toBe(200)
    const [only] = listed.body.data
    expect(listed.body.data).toHaveLength(1)
    expect(only).not.toHaveProperty('secret_key')
    expect(JSON.stringify(listed.body)).not.toContain(secret)
    expect(JSON.stringify(listed.body)).not.toContain(hashSecret(secret))
    expect(only).toMatchObject({ id: created.body.data.id, secret_prefix: secret.slice(0, 10) })
    // The use above was recorded.
    expect(only?.last_used_at).not.toBeNull()
    expect(Date.parse(only!.last_used_at!)).toBeGreaterThanOrEqual(Date.parse(only!.created_at))
  })

  it('rotates a key: same public key, new secret, the old one rejected on the very next request', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    const base = `/api/v1/projects/${project.id}/api-keys`
    const created = (await call<KeyJson>(server, 'POST', base, headers, {})).body.data
    const oldSecret = created.secret_key!
    // Used (and so cached) just before the rotation.
    expect(await useKey(bearer(oldSecret))).toBe(200)
    expect(await useKey(basic(created.public_key, oldSecret))).toBe(200)

    const rotated = await call<KeyJson>(server, 'POST', `${base}/${created.id}/rotate`, headers)
    expect(rotated.statusCode).toBe(200)
    const newSecret = rotated.body.data.secret_key!
    expect(newSecret).not.toBe(oldSecret)
    expect(rotated.body.data).toMatchObject({
      id: created.id,
      public_key: created.public_key,
      secret_prefix: newSecret.slice(0, 10),
      status: 'active',
    })

    const rejected = await call(server, 'GET', '/api/v1/scores', bearer(oldSecret))
    expect(rejected.statusCode).toBe(401)
    expect(rejected.body.error?.code).toBe('unauthorized')
    expect(await useKey(basic(created.public_key, oldSecret))).toBe(401)
    expect(await useKey(bearer(newSecret))).toBe(200)
    expect(await useKey(basic(created.public_key, newSecret))).toBe(200)
  })

  it('revokes a key at once; it stays listed as revoked and cannot be rotated', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    const base = `/api/v1/projects/${project.id}/api-keys`
    const keep = (await call<KeyJson>(server, 'POST', base, headers, { name: 'keep' })).body.data
    const doomed = (await call<KeyJson>(server, 'POST', base, headers, { name: 'doomed' })).body
      .data
    expect(await useKey(bearer(doomed.secret_key!))).toBe(200)

    const revoked = await call<KeyJson>(server, 'DELETE', `${base}/${doomed.id}`, headers)
    expect(revoked.statusCode).toBe(200)
    expect(revoked.body.data.status).toBe('revoked')
    expect(revoked.body.data.revoked_at).not.toBeNull()

    expect(await useKey(bearer(doomed.secret_key!))).toBe(401)
    expect(await useKey(basic(doomed.public_key, doomed.secret_key!))).toBe(401)
    expect(await useKey(bearer(keep.secret_key!))).toBe(200)

    const listed = await call<KeyJson[]>(server, 'GET', base, headers)
    expect(Object.fromEntries(listed.body.data.map((k) => [k.name, k.status]))).toEqual({
      keep: 'active',
      doomed: 'revoked',
    })

    const rotate = await call(server, 'POST', `${base}/${doomed.id}/rotate`, headers)
    expect(rotate.statusCode).toBe(409)
    // Revoking again changes nothing.
    const again = await call<KeyJson>(server, 'DELETE', `${base}/${doomed.id}`, headers)
    expect(again.body.data.revoked_at).toBe(revoked.body.data.revoked_at)
  })

  it('lets admins and developers manage keys, not viewers, billing or keys themselves', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    const base = `/api/v1/projects/${project.id}/api-keys`
    const key = await projectKey(server, project.id)
    for (const role of ['viewer', 'billing'] as const) {
      const user = await createUser(server, [{ projectId: project.id, role }])
      const res = await call(server, 'POST', base, await login(server, user), {})
      expect(res.statusCode).toBe(403)
      expect(res.body.error?.code).toBe('forbidden')
    }
    expect((await call(server, 'GET', base, key)).statusCode).toBe(403)
    expect((await call(server, 'GET', base, headers)).statusCode).toBe(200)
  })

  it("answers 404 for another project's keys and for unknown keys, changing nothing", async () => {
    const a = await projectWithMember(server, 'admin')
    const b = await projectWithMember(server, 'admin')
    const bKey = (
      await call<KeyJson>(
        server,
        'POST',
        `/api/v1/projects/${b.project.id}/api-keys`,
        b.headers,
        {},
      )
    ).body.data
    // b's key through a's project path, and b's project with a's login.
    const viaA = `/api/v1/projects/${a.project.id}/api-keys/${bKey.id}`
    expect((await call(server, 'DELETE', viaA, a.headers)).statusCode).toBe(404)
    expect((await call(server, 'POST', `${viaA}/rotate`, a.headers)).statusCode).toBe(404)
    const viaB = `/api/v1/projects/${b.project.id}/api-keys`
    expect((await call(server, 'GET', viaB, a.headers)).statusCode).toBe(404)
    expect((await call(server, 'DELETE', `${viaB}/${bKey.id}`, a.headers)).statusCode).toBe(404)
    expect(
      (await call(server, 'DELETE', `/api/v1/projects/${a.project.id}/api-keys/nope`, a.headers))
        .statusCode,
    ).toBe(404)
    expect(await useKey(bearer(bKey.secret_key!))).toBe(200)
  })

  it('names the field of an invalid create body', async () => {
    const { project, headers } = await projectWithMember(server, 'admin')
    const base = `/api/v1/projects/${project.id}/api-keys`
    const res = await call(server, 'POST', base, headers, { name: '' })
    expect(res.statusCode).toBe(400)
    expect(errorFields(res.body).join(' ')).toContain('name')
  })
})
