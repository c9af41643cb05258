import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  ObservatoryError,
  isRoleWithin,
  microsToIso,
  roles,
  type PersonalToken,
  type Role,
} from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { AuditLog } from '../audit/audit-log.js'
import type { IdentityServices } from '../auth/identity-services.js'
import { successBody } from '../http/envelope.js'

export interface TokenRouteDeps {
  backend: Backend
  identity: IdentityServices
  audit: AuditLog
}

const TokenParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    role: Type.Optional(
      Type.Union(
        roles.map((role) => Type.Literal(role)),
        { description: 'At most your role in the project; default: your role.' },
      ),
    ),
    project_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Default: the project of this request.',
      }),
    ),
    expires_in_days: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 3650, description: 'Default: never expires.' }),
    ),
  },
  { additionalProperties: false },
)

/** A token as lists show it: the prefix only, never the secret or its hash. */
export function personalTokenToJson(token: PersonalToken): Record<string, unknown> {
  return {
    id: token.id,
    name: token.name,
    prefix: token.tokenPrefix,
    project_id: token.projectId,
    role: token.role,
    created_at: microsToIso(token.createdAtUs),
    expires_at: token.expiresAtUs === null ? null : microsToIso(token.expiresAtUs),
    last_used_at: token.lastUsedAtUs === null ? null : microsToIso(token.lastUsedAtUs),
    revoked_at: token.revokedAtUs === null ? null : microsToIso(token.revokedAtUs),
  }
}

/**
 * Personal access tokens of the calling user: `GET /api/v1/tokens` (prefix only), `POST
 * /api/v1/tokens` (the secret is in this one answer only) and `DELETE /api/v1/tokens/:id`
 * (revoked at once). Creating a token needs a login (not another token), so a leaked token
 * cannot mint more.
 */
export async function registerTokenRoutes(
  app: FastifyInstance,
  deps: TokenRouteDeps,
): Promise<void> {
  const identity = deps.backend.identity
  const config = { permission: 'authenticated' as const }

  function userIdOf(request: { principal: { userId: string | null } | null }): string {
    const userId = request.principal?.userId ?? null
    if (userId === null) throw new ObservatoryError('ERR_AUTH_NOT_A_USER')
    return userId
  }

  app.get(
    '/api/v1/tokens',
    { config, schema: { tags: ['tokens'], summary: 'Your personal access tokens (prefix only)' } },
    async (request) => {
      const tokens = await identity.listPersonalTokens(userIdOf(request))
      return successBody(request, tokens.map(personalTokenToJson))
    },
  )

  app.post(
    '/api/v1/tokens',
    {
      config,
      schema: {
        tags: ['tokens'],
        summary: 'Create a personal access token for one project (the secret is shown once)',
        body: CreateTokenBody,
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      if (principal.kind !== 'user') throw new ObservatoryError('ERR_AUTH_NOT_A_USER')
      const userId = userIdOf(request)
      const body = request.body as Static<typeof CreateTokenBody>
      const projectId = body.project_id ?? principal.projectId
      const ownerRole = await roleIn(deps.backend, userId, principal.isInstanceAdmin, projectId)
      if (ownerRole === null)
        throw new ObservatoryError('ERR_AUTH_NO_PROJECT', {
          fieldErrors: [{ field: 'project_id', message: 'not a project of yours' }],
        })
      const role = body.role ?? ownerRole
      if (!isRoleWithin(role, ownerRole))
        throw new ObservatoryError('ERR_TOKEN_ROLE_TOO_HIGH', {
          fieldErrors: [{ field: 'role', message: `at most ${ownerRole}` }],
        })
      const expiresAtUs =
        body.expires_in_days === undefined
          ? null
          : (Date.now() + body.expires_in_days * 86_400_000) * 1000
      const { token, secret } = await deps.identity.tokens.create({
        userId,
        projectId,
        role,
        name: body.name,
        expiresAtUs,
      })
      await deps.audit.record({
        actor: principal,
        action: 'personal_token.create',
        target: { type: 'personal_token', id: token.id },
        after: personalTokenToJson(token),
        projectId,
      })
      return reply
        .code(201)
        .send(successBody(request, { ...personalTokenToJson(token), token: secret }))
    },
  )

  app.delete(
    '/api/v1/tokens/:id',
    {
      config,
      schema: { tags: ['tokens'], summary: 'Revoke a personal access token', params: TokenParams },
    },
    async (request) => {
      const userId = userIdOf(request)
      const { id } = request.params as Static<typeof TokenParams>
      const token = await identity.getPersonalToken(id)
      // Another user's token is "not found" (instance admins may revoke any).
      if (token === null || (token.userId !== userId && !request.principal!.isInstanceAdmin))
        throw new ObservatoryError('ERR_TOKEN_NOT_FOUND')
      if (token.revokedAtUs === null) {
        await deps.identity.tokens.revoke(id)
        await deps.audit.record({
          actor: request.principal!,
          action: 'personal_token.revoke',
          target: { type: 'personal_token', id },
          before: personalTokenToJson(token),
          after: { revoked: true },
          projectId: token.projectId,
        })
      }
      const after = await identity.getPersonalToken(id)
      return successBody(request, personalTokenToJson(after ?? token))
    },
  )
}

/** The user's role in a project: the membership's, or admin for instance admins. */
async function roleIn(
  backend: Backend,
  userId: string,
  isInstanceAdmin: boolean,
  projectId: string,
): Promise<Role | null> {
  if (projectId === '') return null
  const membership = await backend.identity.getMembership(userId, projectId)
  if (membership !== null) return membership.role
  if (isInstanceAdmin && (await backend.getProject(projectId)) !== null) return 'admin'
  return null
}
