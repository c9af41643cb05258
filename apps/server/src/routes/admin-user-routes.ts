import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  ObservatoryError,
  microsToIso,
  roles,
  type Membership,
  type User,
} from '@llm-observatory/core'
import type { Backend, UserChanges } from '@llm-observatory/storage'
import type { AuditLog } from '../audit/audit-log.js'
import { hashPassword } from '../auth/password-hasher.js'
import { successBody } from '../http/envelope.js'

export interface AdminUserRouteDeps {
  backend: Backend
  audit: AuditLog
}

const UserParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const Password = Type.String({
  minLength: 12,
  maxLength: 200,
  description: 'At least 12 characters.',
})
const RoleSchema = Type.Union(
  roles.map((role) => Type.Literal(role)),
  { description: roles.join(', ') },
)
const CreateUserBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 320, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    password: Password,
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    is_instance_admin: Type.Optional(Type.Boolean()),
    memberships: Type.Optional(
      Type.Array(
        Type.Object(
          { project_id: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema },
          { additionalProperties: false },
        ),
        { maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false },
)
const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
    password: Type.Optional(Password),
    is_instance_admin: Type.Optional(Type.Boolean()),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)

/** A user as the API shows it (never the password hash). */
export function userToJson(
  user: User,
  memberships: readonly Membership[],
): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_instance_admin: user.isInstanceAdmin,
    disabled: user.disabledAtUs !== null,
    created_at: microsToIso(user.createdAtUs),
    updated_at: microsToIso(user.updatedAtUs),
    memberships: memberships.map((m) => ({ project_id: m.projectId, role: m.role })),
  }
}

/** The fields an audit event shows of a user. */
function auditView(user: User): Record<string, unknown> {
  return {
    email: user.email,
    name: user.name,
    is_instance_admin: user.isInstanceAdmin,
    disabled: user.disabledAtUs !== null,
  }
}

/**
 * User administration for instance administrators: `GET/POST /api/v1/admin/users`,
 * `GET/PATCH/DELETE /api/v1/admin/users/:id`. Disabling a user or changing the password ends
 * the user's logins at once. The last active instance admin cannot be demoted, disabled or
 * deleted. Project roles are changed through the project members routes.
 */
export async function registerAdminUserRoutes(
  app: FastifyInstance,
  deps: AdminUserRouteDeps,
): Promise<void> {
  const identity = deps.backend.identity
  const config = { permission: 'instance_admin' as const }

  async function loadUser(userId: string): Promise<User> {
    const user = await identity.getUser(userId)
    if (user === null) throw new ObservatoryError('ERR_USER_NOT_FOUND')
    return user
  }

  async function assertOtherActiveAdmin(userId: string): Promise<void> {
    const users = await identity.listUsers()
    const others = users.filter(
      (u) => u.id !== userId && u.isInstanceAdmin && u.disabledAtUs === null,
    )
    if (others.length === 0) throw new ObservatoryError('ERR_USER_LAST_ADMIN')
  }

  app.get(
    '/api/v1/admin/users',
    { config, schema: { tags: ['admin'], summary: 'Every user with its project memberships' } },
    async (request) => {
      const users = await identity.listUsers()
      const items = await Promise.all(
        users.map(async (u) => userToJson(u, await identity.listMemberships(u.id))),
      )
      return successBody(request, items)
    },
  )

  app.post(
    '/api/v1/admin/users',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Create a user (optionally with project memberships)',
        body: CreateUserBody,
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateUserBody>
      const email = body.email.trim().toLowerCase()
      if ((await identity.findUserByEmail(email)) !== null)
        throw new ObservatoryError('ERR_USER_EXISTS')
      const requested = body.memberships ?? []
      for (const [i, m] of requested.entries())
        if ((await deps.backend.getProject(m.project_id)) === null)
          throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
            message: 'memberships names a project that does not exist.',
            fieldErrors: [{ field: `memberships.${i}.project_id`, message: 'no such project' }],
          })
      const nowUs = Date.now() * 1000
      const user: User = {
        id: randomUUID(),
        email,
        name: body.name ?? null,
        passwordHash: await hashPassword(body.password),
        isInstanceAdmin: body.is_instance_admin ?? false,
        createdAtUs: nowUs,
        updatedAtUs: nowUs,
        disabledAtUs: null,
      }
      const unique = new Map(requested.map((m) => [m.project_id, m.role]))
      const memberships: Membership[] = [...unique].map(([projectId, role], i) => ({
        userId: user.id,
        projectId,
        role,
        createdAtUs: nowUs + i,
      }))
      await identity.createUser(user, memberships)
      await deps.audit.record({
        actor: request.principal!,
        action: 'user.create',
        target: { type: 'user', id: user.id },
        after: { ...auditView(user), memberships: userToJson(user, memberships)['memberships'] },
        projectId: deps.audit.defaultProjectId,
      })
      return reply.code(201).send(successBody(request, userToJson(user, memberships)))
    },
  )

  app.get(
    '/api/v1/admin/users/:id',
    {
      config,
      schema: { tags: ['admin'], summary: 'One user with its memberships', params: UserParams },
    },
    async (request) => {
      const { id } = request.params as Static<typeof UserParams>
      const user = await loadUser(id)
      return successBody(request, userToJson(user, await identity.listMemberships(id)))
    },
  )

  app.patch(
    '/api/v1/admin/users/:id',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Change name, password, instance admin flag or disable a user',
        params: UserParams,
        body: UpdateUserBody,
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof UserParams>
      const body = request.body as Static<typeof UpdateUserBody>
      const before = await loadUser(id)
      const isLosingAdmin =
        before.isInstanceAdmin &&
        before.disabledAtUs === null &&
        (body.is_instance_admin === false || body.disabled === true)
      if (isLosingAdmin) await assertOtherActiveAdmin(id)
      const nowUs = Date.now() * 1000
      const changes: UserChanges = { updatedAtUs: nowUs }
      if (body.name !== undefined) changes.name = body.name
      if (body.password !== undefined) changes.passwordHash = await hashPassword(body.password)
      if (body.is_instance_admin !== undefined) changes.isInstanceAdmin = body.is_instance_admin
      if (body.disabled !== undefined)
        changes.disabledAtUs = body.disabled ? (before.disabledAtUs ?? nowUs) : null
      await identity.updateUser(id, changes)
      // A new password or a disabled account ends every open login.
      if (body.password !== undefined || body.disabled === true)
        await identity.revokeUserSessions(id, nowUs)
      const after = await loadUser(id)
      await deps.audit.record({
        actor: request.principal!,
        action: 'user.update',
        target: { type: 'user', id },
        before: auditView(before),
        after: { ...auditView(after), password_changed: body.password !== undefined },
        projectId: deps.audit.defaultProjectId,
      })
      return successBody(request, userToJson(after, await identity.listMemberships(id)))
    },
  )

  app.delete(
    '/api/v1/admin/users/:id',
    {
      config,
      schema: {
        tags: ['admin'],
        summary: 'Delete a user with its memberships, tokens and logins',
        params: UserParams,
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof UserParams>
      const user = await loadUser(id)
      if (user.isInstanceAdmin && user.disabledAtUs === null) await assertOtherActiveAdmin(id)
      const memberships = await identity.listMemberships(id)
      await identity.deleteUser(id)
      await deps.audit.record({
        actor: request.principal!,
        action: 'user.delete',
        target: { type: 'user', id },
        before: { ...auditView(user), memberships: userToJson(user, memberships)['memberships'] },
        after: null,
        projectId: deps.audit.defaultProjectId,
      })
      return successBody(request, { id, deleted: true })
    },
  )
}
