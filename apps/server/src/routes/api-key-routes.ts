import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { ObservatoryError, microsToIso, type ApiKey } from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { AuditLog } from '../audit/audit-log.js'
import type { ApiKeyService } from '../auth/api-key-service.js'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { successBody } from '../http/envelope.js'
import type { ProjectSettingsService } from '../projects/project-settings-service.js'
import { requireProject } from './project-access.js'

export interface ApiKeyRouteDeps {
  backend: Backend
  projects: ProjectResolver
  keys: ApiKeyService
  settings: ProjectSettingsService
  audit: AuditLog
}

const ProjectParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const KeyParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  keyId: Type.String({ minLength: 1, maxLength: 200 }),
})
const CreateKeyBody = Type.Union([
  Type.Object(
    {
      name: Type.Optional(
        Type.String({ minLength: 1, maxLength: 200, description: 'A label (default "api key").' }),
      ),
    },
    { additionalProperties: false },
  ),
  Type.Null(),
])

/**
 * A key as lists show it: the public key, the first characters of the secret, and its
 * created, last-used and revoked times. The secret itself only in create and rotate answers.
 */
function keyToJson(key: ApiKey): Record<string, unknown> {
  return {
    id: key.id,
    name: key.name,
    public_key: key.publicKey,
    secret_prefix: key.secretPrefix,
    status: key.revokedAtUs === null ? 'active' : 'revoked',
    created_at: microsToIso(key.createdAtUs),
    last_used_at: key.lastUsedAtUs === null ? null : microsToIso(key.lastUsedAtUs),
    revoked_at: key.revokedAtUs === null ? null : microsToIso(key.revokedAtUs),
  }
}

/** What the audit trail keeps of a key: never the secret or its hash. */
function keyAuditState(key: ApiKey): Record<string, unknown> {
  return {
    name: key.name,
    public_key: key.publicKey,
    secret_prefix: key.secretPrefix,
    revoked_at: key.revokedAtUs === null ? null : microsToIso(key.revokedAtUs),
  }
}

/**
 * Project ingestion keys (`/api/v1/projects/:id/api-keys`): list (public key and secret
 * prefix only), create (the secret shown once), rotate (a new secret for the same public key;
 * the old secret is rejected from the next request on) and revoke (at once). Needs
 * `keys:manage`; every change goes to the audit trail.
 */
export async function registerApiKeyRoutes(
  app: FastifyInstance,
  deps: ApiKeyRouteDeps,
): Promise<void> {
  async function findKey(projectId: string, keyId: string): Promise<ApiKey> {
    const key = await deps.backend.projects.getApiKey(keyId)
    if (key === null || key.projectId !== projectId)
      throw new ObservatoryError('ERR_API_KEY_NOT_FOUND')
    return key
  }

  app.get(
    '/api/v1/projects/:id/api-keys',
    {
      schema: {
        tags: ['projects'],
        summary: "A project's API keys (public key and secret prefix only)",
        params: ProjectParams,
      },
      config: { permission: 'authenticated', projectPermission: 'keys:manage' },
    },
    async (request) => {
      const { id } = request.params as Static<typeof ProjectParams>
      await requireProject(request, deps, id)
      const keys = await deps.backend.listApiKeys(id)
      return successBody(request, keys.map(keyToJson))
    },
  )

  app.post(
    '/api/v1/projects/:id/api-keys',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create an API key pair; the secret is in this answer only',
        params: ProjectParams,
        body: CreateKeyBody,
      },
      config: { permission: 'authenticated', projectPermission: 'keys:manage' },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof ProjectParams>
      const body = request.body as Static<typeof CreateKeyBody> | undefined
      const { caller } = await requireProject(request, deps, id)
      const created = await deps.keys.createKey(id, body?.name?.trim() || 'api key')
      await deps.audit.record({
        actor: caller.actor,
        projectId: id,
        action: 'api_key.create',
        target: { type: 'api_key', id: created.key.id },
        after: keyAuditState(created.key),
      })
      return reply
        .code(201)
        .send(successBody(request, { ...keyToJson(created.key), secret_key: created.secretKey }))
    },
  )

  app.post(
    '/api/v1/projects/:id/api-keys/:keyId/rotate',
    {
      schema: {
        tags: ['projects'],
        summary: 'Give a key a new secret (same public key); the old secret stops working at once',
        params: KeyParams,
      },
      config: { permission: 'authenticated', projectPermission: 'keys:manage' },
    },
    async (request) => {
      const { id, keyId } = request.params as Static<typeof KeyParams>
      const { caller } = await requireProject(request, deps, id)
      const key = await findKey(id, keyId)
      if (key.revokedAtUs !== null) throw new ObservatoryError('ERR_API_KEY_REVOKED')
      const rotated = await deps.keys.rotateKey(key)
      await deps.audit.record({
        actor: caller.actor,
        projectId: id,
        action: 'api_key.rotate',
        target: { type: 'api_key', id: key.id },
        before: keyAuditState(key),
        after: keyAuditState(rotated.key),
      })
      return successBody(request, { ...keyToJson(rotated.key), secret_key: rotated.secretKey })
    },
  )

  app.delete(
    '/api/v1/projects/:id/api-keys/:keyId',
    {
      schema: {
        tags: ['projects'],
        summary: 'Revoke a key at once (it stays listed as revoked)',
        params: KeyParams,
      },
      config: { permission: 'authenticated', projectPermission: 'keys:manage' },
    },
    async (request) => {
      const { id, keyId } = request.params as Static<typeof KeyParams>
      const { caller } = await requireProject(request, deps, id)
      const key = await findKey(id, keyId)
      if (key.revokedAtUs !== null) return successBody(request, keyToJson(key))
      await deps.keys.revokeKey(key.id)
      const revoked = await findKey(id, keyId)
      await deps.audit.record({
        actor: caller.actor,
        projectId: id,
        action: 'api_key.revoke',
        target: { type: 'api_key', id: key.id },
        before: keyAuditState(key),
        after: keyAuditState(revoked),
      })
      return successBody(request, keyToJson(revoked))
    },
  )
}
