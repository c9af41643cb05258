import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  ObservatoryError,
  can,
  microsToIso,
  permissions,
  type Permission,
  type PermissionSettings,
  type Role,
} from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { AuditLog } from '../audit/audit-log.js'
import type { IdentityServices } from '../auth/identity-services.js'
import type { PermissionSettingsReader } from '../auth/principal-resolver.js'
import { successBody } from '../http/envelope.js'

export interface AuthRouteDeps {
  backend: Backend
  identity: IdentityServices
  settings: PermissionSettingsReader
  audit: AuditLog
}

const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
)
const RefreshBody = Type.Object(
  { refresh_token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)

/** The permissions `role` has in a project with these settings, in matrix order. */
export function permissionsOf(
  role: Role | 'project_key',
  settings: PermissionSettings,
): Permission[] {
  return permissions.filter((p) => can(role, p, settings))
}

/**
 * Logins (issue 4): `POST /api/v1/auth/login` (e-mail and password, throttled), `POST
 * /api/v1/auth/refresh` (rotates the refresh token; a reused one ends the session), `POST
 * /api/v1/auth/logout` (ends the login of the access token, at once) and `GET /api/v1/me`.
 */
export async function registerAuthRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const { sessions } = deps.identity

  app.post(
    '/api/v1/auth/login',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Log in with e-mail and password: a 15-minute access token and a refresh token',
        body: LoginBody,
        security: [],
      },
    },
    async (request) => {
      const body = request.body as Static<typeof LoginBody>
      const { tokens, user, session } = await sessions.login(body.email, body.password, request.ip)
      await deps.audit.record({
        actor: { kind: 'user', id: session.id, userId: user.id },
        action: 'session.create',
        target: { type: 'session', id: session.id },
        after: { user_id: user.id, expires_at: microsToIso(session.expiresAtUs) },
        projectId: deps.audit.defaultProjectId,
      })
      return successBody(request, tokens)
    },
  )

  app.post(
    '/api/v1/auth/refresh',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for new tokens (the old refresh token is spent)',
        body: RefreshBody,
        security: [],
      },
    },
    async (request) => {
      const body = request.body as Static<typeof RefreshBody>
      const result = await sessions.refresh(body.refresh_token)
      if (!result.ok) {
        const revoked = result.revokedSession
        if (revoked !== null)
          await deps.audit.record({
            actor: { kind: 'system', id: 'refresh-token-reuse' },
            action: 'session.revoke',
            target: { type: 'session', id: revoked.id },
            before: { revoked_at: null },
            after: {
              user_id: revoked.userId,
              reason: 'refresh_token_reuse',
              revoked_at: microsToIso(revoked.revokedAtUs ?? 0),
            },
            projectId: deps.audit.defaultProjectId,
          })
        throw new ObservatoryError('ERR_AUTH_REFRESH_INVALID')
      }
      return successBody(request, result.tokens)
    },
  )

  app.post(
    '/api/v1/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'End the login of this access token: it and its refresh token stop working',
      },
    },
    async (request) => {
      const principal = request.principal!
      if (principal.kind !== 'user') throw new ObservatoryError('ERR_AUTH_NOT_A_USER')
      await sessions.revokeSession(principal.id)
      await deps.audit.record({
        actor: principal,
        action: 'session.revoke',
        target: { type: 'session', id: principal.id },
        before: { revoked_at: null },
        after: { reason: 'logout' },
        projectId: deps.audit.defaultProjectId,
      })
      return successBody(request, { session_id: principal.id, revoked: true })
    },
  )

  app.get(
    '/api/v1/me',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Who the credentials belong to: user, projects with roles and permissions',
      },
    },
    async (request) => {
      const principal = request.principal!
      const current =
        principal.projectId === ''
          ? null
          : {
              project_id: principal.projectId,
              role: principal.role,
              permissions: permissionsOf(
                principal.role,
                await deps.settings.get(principal.projectId),
              ),
            }
      const base = {
        kind: principal.kind,
        is_instance_admin: principal.isInstanceAdmin,
        can_read_content: principal.canReadContent,
        current_project: current,
      }
      if (principal.userId === null)
        return successBody(request, { ...base, user: null, memberships: [] })
      const [user, memberships, projects] = await Promise.all([
        deps.backend.identity.getUser(principal.userId),
        deps.backend.identity.listMemberships(principal.userId),
        deps.backend.listProjects(),
      ])
      if (user === null) throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
      const names = new Map(projects.map((p) => [p.id, p.name]))
      const rows = await Promise.all(
        memberships
          .filter((m) => names.has(m.projectId))
          .map(async (m) => ({
            project_id: m.projectId,
            project_name: names.get(m.projectId) ?? null,
            role: m.role,
            permissions: permissionsOf(m.role, await deps.settings.get(m.projectId)),
          })),
      )
      return successBody(request, {
        ...base,
        user: {
          id: user.id,
          email: user.email,
          name: user.name,
          is_instance_admin: user.isInstanceAdmin,
          created_at: microsToIso(user.createdAtUs),
        },
        memberships: rows,
      })
    },
  )
}
