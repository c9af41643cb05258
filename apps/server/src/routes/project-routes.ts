import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Type, type Static, type TObject, type TUnsafe } from 'typebox'
import {
  ObservatoryError,
  can,
  microsToIso,
  permissions,
  roles,
  type Membership,
  type Project,
  type ProjectSettings,
  type Role,
} from '@llm-observatory/core'
import {
  objectKeywords,
  RedactionDetectorsSchema,
  RedactionPolicySchema,
  StringEnum,
  TypeUnion,
  type RedactionPolicyJson,
} from '@llm-observatory/contracts'
import { checkRedactionPolicy } from '@llm-observatory/ingest'
import type { Backend } from '@llm-observatory/storage'
import type { AuditLog } from '../audit/audit-log.js'
import type { ApiKeyService } from '../auth/api-key-service.js'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { successBody } from '../http/envelope.js'
import {
  policyFromJson,
  toStored,
  type ProjectSettingsService,
} from '../projects/project-settings-service.js'
import { readCaller, requireProject } from './project-access.js'

/**
 * An object schema that rejects unknown fields with a 400 (`propertyNames`), where
 * `additionalProperties: false` would have Fastify's Ajv (`removeAdditional`) drop them
 * silently: a misspelt setting must not look accepted.
 */
function closed<T extends TObject>(schema: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({
    ...schema,
    propertyNames: { enum: Object.keys(schema.properties) },
  })
}

export interface ProjectRouteDeps {
  backend: Backend
  projects: ProjectResolver
  keys: ApiKeyService
  settings: ProjectSettingsService
  audit: AuditLog
}

const ProjectParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) })
const MemberParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  userId: Type.String({ minLength: 1, maxLength: 200 }),
})

const ProjectName = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })
const RoleSchema = StringEnum(roles, { description: roles.join(', ') })

/**
 * PII redaction rules: contracts' RedactionPolicySchema, with unknown fields and detector names
 * refused (see {@link closed}); `null` goes back to the server default (off).
 */
const PiiSchema = TypeUnion<RedactionPolicyJson | null>(['object', 'null'], {
  ...objectKeywords(RedactionPolicySchema),
  properties: {
    ...RedactionPolicySchema.properties,
    detectors: Type.Optional(closed(RedactionDetectorsSchema)),
  },
  propertyNames: { enum: Object.keys(RedactionPolicySchema.properties) },
})

const settingsFields = {
  viewer_sees_content: Type.Optional(
    Type.Boolean({ description: 'Viewers see prompt and response text (default true).' }),
  ),
  retention_days: Type.Optional(
    TypeUnion<number | null>(['integer', 'null'], {
      minimum: 1,
      maximum: 36_500,
      description: 'Days of data kept; null keeps everything (default).',
    }),
  ),
  pii: Type.Optional(PiiSchema),
}

const CreateProjectBody = closed(Type.Object({ name: ProjectName, ...settingsFields }))
const UpdateProjectBody = closed(
  Type.Object({ name: Type.Optional(ProjectName), ...settingsFields }, { minProperties: 1 }),
)
const DeleteProjectBody = Type.Union([
  Type.Object(
    { confirm: Type.Optional(Type.String({ maxLength: 200 })) },
    { additionalProperties: true },
  ),
  Type.Null(),
])
const AddMemberBody = Type.Object(
  {
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
    role: RoleSchema,
  },
  { additionalProperties: false },
)
const UpdateMemberBody = Type.Object({ role: RoleSchema }, { additionalProperties: false })

/** A project as the API shows it; `role` and `permissions` are the caller's there. */
function projectToJson(
  project: Project,
  settings: ProjectSettings,
  role: Role | 'project_key' | null,
): Record<string, unknown> {
  return {
    id: project.id,
    name: project.name,
    created_at: microsToIso(project.createdAtUs),
    is_default: project.isDefault,
    settings: toStored(settings),
    role,
    permissions: role === null ? [] : permissions.filter((p) => can(role, p, settings)),
  }
}

/** The settings fields present in a body, as domain settings changes. */
function readSettingsChanges(body: {
  viewer_sees_content?: boolean | undefined
  retention_days?: number | null | undefined
  pii?: RedactionPolicyJson | null | undefined
}): Partial<ProjectSettings> {
  const changes: Partial<ProjectSettings> = {}
  if (body.viewer_sees_content !== undefined) changes.viewerSeesContent = body.viewer_sees_content
  if (body.retention_days !== undefined) changes.retentionDays = body.retention_days
  if (body.pii === null) changes.pii = null
  else if (body.pii !== undefined) {
    const policy = policyFromJson(body.pii)
    const problems = checkRedactionPolicy(policy)
    if (problems.length > 0)
      throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
        message: 'The pii rules are not valid: see field_errors.',
        fieldErrors: problems.map((p) => ({ field: `pii.${p.field}`, message: p.message })),
      })
    changes.pii = policy
  }
  return changes
}

/**
 * Projects (`GET/POST /api/v1/projects`, `GET/PATCH/DELETE /api/v1/projects/:id`) and their
 * members (`/api/v1/projects/:id/members[/:userId]`). Every change is written to the audit
 * trail. A project the caller does not belong to answers 404, existing or not.
 */
export async function registerProjectRoutes(
  app: FastifyInstance,
  deps: ProjectRouteDeps,
): Promise<void> {
  app.get(
    '/api/v1/projects',
    {
      schema: { tags: ['projects'], summary: 'The projects you belong to, with your role in each' },
      config: { permission: 'authenticated' },
    },
    async (request) => {
      const caller = await readCaller(request, deps)
      let visible: { project: Project; role: Role | 'project_key' }[]
      if (caller.isInstanceAdmin) {
        visible = (await deps.backend.listProjects()).map((project) => ({
          project,
          role: 'admin' as const,
        }))
      } else if (caller.actor.kind === 'user' && caller.userId !== null) {
        const memberships = await deps.backend.identity.listMemberships(caller.userId)
        const found = await Promise.all(
          memberships.map(async (m) => ({
            project: await deps.backend.getProject(m.projectId),
            role: m.role,
          })),
        )
        visible = found.flatMap((f) =>
          f.project === null ? [] : [{ project: f.project, role: f.role }],
        )
      } else {
        const project = await deps.backend.getProject(caller.projectId)
        visible = project === null ? [] : [{ project, role: caller.role }]
      }
      visible.sort((a, b) => a.project.createdAtUs - b.project.createdAtUs)
      const data = await Promise.all(
        visible.map(async ({ project, role }) =>
          projectToJson(project, await deps.settings.get(project.id), role),
        ),
      )
      return successBody(request, data)
    },
  )

  app.post(
    '/api/v1/projects',
    {
      schema: {
        tags: ['projects'],
        summary: 'Create a project; you become its admin',
        body: CreateProjectBody,
      },
      config: { permission: 'authenticated' },
    },
    async (request, reply) => {
      const caller = await readCaller(request, deps)
      // Keys and personal tokens are bound to one project; creating another takes a login.
      if (caller.actor.kind !== 'user' || caller.userId === null)
        throw new ObservatoryError('ERR_AUTH_NOT_A_USER')
      const body = request.body as Static<typeof CreateProjectBody>
      const nowUs = Date.now() * 1000
      const project: Project = {
        id: randomUUID(),
        name: body.name.trim(),
        createdAtUs: nowUs,
        isDefault: false,
      }
      const changes = readSettingsChanges(body)
      await deps.backend.createProject(project)
      await deps.backend.identity.putMembership({
        userId: caller.userId,
        projectId: project.id,
        role: 'admin',
        createdAtUs: nowUs,
      })
      const settings =
        Object.keys(changes).length > 0
          ? await deps.settings.update(project.id, changes)
          : await deps.settings.get(project.id)
      const json = projectToJson(project, settings, 'admin')
      await deps.audit.record({
        actor: caller.actor,
        projectId: project.id,
        action: 'project.create',
        target: { type: 'project', id: project.id },
        after: { name: project.name, settings: toStored(settings) },
      })
      return reply.code(201).send(successBody(request, json))
    },
  )

  app.get(
    '/api/v1/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'One project with its settings',
        params: ProjectParams,
      },
      config: { permission: 'authenticated', projectPermission: 'traces:read' },
    },
    async (request) => {
      const { id } = request.params as Static<typeof ProjectParams>
      const { caller, project, settings } = await requireProject(request, deps, id)
      return successBody(request, projectToJson(project, settings, caller.role))
    },
  )

  app.patch(
    '/api/v1/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary:
          'Rename a project or change its settings (viewer_sees_content, retention_days, pii)',
        params: ProjectParams,
        body: UpdateProjectBody,
      },
      config: { permission: 'authenticated', projectPermission: 'project:manage' },
    },
    async (request) => {
      const { id } = request.params as Static<typeof ProjectParams>
      const body = request.body as Static<typeof UpdateProjectBody>
      const { caller, project, settings } = await requireProject(request, deps, id)
      const changes = readSettingsChanges(body)
      let updated = project
      if (body.name !== undefined && body.name.trim() !== project.name) {
        updated = { ...project, name: body.name.trim() }
        await deps.backend.projects.renameProject(id, updated.name)
      }
      const newSettings =
        Object.keys(changes).length > 0 ? await deps.settings.update(id, changes) : settings
      const before = { name: project.name, ...toStored(settings) }
      const after = { name: updated.name, ...toStored(newSettings) }
      const changed = Object.keys(after).filter(
        (k) =>
          JSON.stringify(before[k as keyof typeof before]) !==
          JSON.stringify(after[k as keyof typeof after]),
      )
      if (changed.length > 0)
        await deps.audit.record({
          actor: caller.actor,
          projectId: id,
          action: 'project.update',
          target: { type: 'project', id },
          before: pick(before, changed),
          after: pick(after, changed),
        })
      return successBody(request, projectToJson(updated, newSettings, caller.role))
    },
  )

  app.delete(
    '/api/v1/projects/:id',
    {
      schema: {
        tags: ['projects'],
        summary: 'Delete a project and all its data; body { "confirm": "<project name>" }',
        params: ProjectParams,
        body: DeleteProjectBody,
      },
      // A missing body or a wrong `confirm` is answered below with a 400 naming `confirm`.
      validatorCompiler: () => () => true,
      config: { permission: 'authenticated', projectPermission: 'delete' },
    },
    async (request) => {
      const { id } = request.params as Static<typeof ProjectParams>
      const { caller, project } = await requireProject(request, deps, id)
      const confirm = (request.body as { confirm?: unknown } | null | undefined)?.confirm
      if (confirm !== project.name)
        throw new ObservatoryError('ERR_PROJECT_CONFIRM', {
          fieldErrors: [
            {
              field: 'confirm',
              message:
                confirm === undefined
                  ? 'required: the project name'
                  : 'must equal the project name',
            },
          ],
        })
      if (project.isDefault) throw new ObservatoryError('ERR_PROJECT_DEFAULT')
      const rows = await deps.backend.countRows(id)
      // Keys stop working before the rows go, so nothing new is accepted for the project.
      deps.keys.invalidate({ projectId: id })
      const tables = await deps.backend.projects.deleteProject(id)
      deps.keys.invalidate({ projectId: id })
      deps.settings.invalidate(id)
      // The project's own trail went with it: the deletion is kept in the default project's.
      await deps.audit.record({
        actor: caller.actor,
        projectId: deps.audit.defaultProjectId,
        action: 'project.delete',
        target: { type: 'project', id },
        before: { name: project.name, rows },
      })
      return successBody(request, { id, deleted: true, rows, tables })
    },
  )

  app.get(
    '/api/v1/projects/:id/members',
    {
      schema: {
        tags: ['projects'],
        summary: 'Members of a project and their roles',
        params: ProjectParams,
      },
      config: { permission: 'authenticated', projectPermission: 'members:manage' },
    },
    async (request) => {
      const { id } = request.params as Static<typeof ProjectParams>
      await requireProject(request, deps, id)
      const members = await deps.backend.identity.listProjectMembers(id)
      return successBody(request, await Promise.all(members.map((m) => memberToJson(deps, m))))
    },
  )

  app.post(
    '/api/v1/projects/:id/members',
    {
      schema: {
        tags: ['projects'],
        summary: 'Add a user (by user_id or email) to a project with a role',
        params: ProjectParams,
        body: AddMemberBody,
      },
      config: { permission: 'authenticated', projectPermission: 'members:manage' },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof ProjectParams>
      const body = request.body as Static<typeof AddMemberBody>
      const { caller } = await requireProject(request, deps, id)
      if ((body.user_id === undefined) === (body.email === undefined))
        throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
          message: 'Give exactly one of user_id and email.',
          fieldErrors: [{ field: 'user_id', message: 'give user_id or email, not both' }],
        })
      const user =
        body.user_id !== undefined
          ? await deps.backend.identity.getUser(body.user_id)
          : await deps.backend.identity.findUserByEmail(body.email!.trim().toLowerCase())
      if (user === null)
        throw new ObservatoryError('ERR_USER_NOT_FOUND', {
          fieldErrors: [
            { field: body.user_id !== undefined ? 'user_id' : 'email', message: 'no such user' },
          ],
        })
      if ((await deps.backend.identity.getMembership(user.id, id)) !== null)
        throw new ObservatoryError('ERR_MEMBER_EXISTS')
      const membership: Membership = {
        userId: user.id,
        projectId: id,
        role: body.role,
        createdAtUs: Date.now() * 1000,
      }
      await deps.backend.identity.putMembership(membership)
      await deps.audit.record({
        actor: caller.actor,
        projectId: id,
        action: 'member.add',
        target: { type: 'member', id: user.id },
        after: { user_id: user.id, role: body.role },
      })
      return reply.code(201).send(successBody(request, await memberToJson(deps, membership)))
    },
  )

  app.patch(
    '/api/v1/projects/:id/members/:userId',
    {
      schema: {
        tags: ['projects'],
        summary: "Change a member's role",
        params: MemberParams,
        body: UpdateMemberBody,
      },
      config: { permission: 'authenticated', projectPermission: 'members:manage' },
    },
    async (request) => {
      const { id, userId } = request.params as Static<typeof MemberParams>
      const { role } = request.body as Static<typeof UpdateMemberBody>
      const { caller } = await requireProject(request, deps, id)
      const current = await deps.backend.identity.getMembership(userId, id)
      if (current === null) throw new ObservatoryError('ERR_MEMBER_NOT_FOUND')
      if (current.role === 'admin' && role !== 'admin') await requireAnotherAdmin(deps, id, userId)
      const updated = { ...current, role }
      if (current.role !== role) {
        await deps.backend.identity.putMembership(updated)
        await deps.audit.record({
          actor: caller.actor,
          projectId: id,
          action: 'member.update',
          target: { type: 'member', id: userId },
          before: { role: current.role },
          after: { role },
        })
      }
      return successBody(request, await memberToJson(deps, updated))
    },
  )

  app.delete(
    '/api/v1/projects/:id/members/:userId',
    {
      schema: {
        tags: ['projects'],
        summary: 'Remove a member from a project',
        params: MemberParams,
      },
      config: { permission: 'authenticated', projectPermission: 'members:manage' },
    },
    async (request) => {
      const { id, userId } = request.params as Static<typeof MemberParams>
      const { caller } = await requireProject(request, deps, id)
      const current = await deps.backend.identity.getMembership(userId, id)
      if (current === null) throw new ObservatoryError('ERR_MEMBER_NOT_FOUND')
      if (current.role === 'admin') await requireAnotherAdmin(deps, id, userId)
      await deps.backend.identity.deleteMembership(userId, id)
      await deps.audit.record({
        actor: caller.actor,
        projectId: id,
        action: 'member.remove',
        target: { type: 'member', id: userId },
        before: { user_id: userId, role: current.role },
      })
      return successBody(request, { user_id: userId, removed: true })
    },
  )
}

/** A project keeps an admin: removing or demoting the last one is a 409. */
async function requireAnotherAdmin(
  deps: ProjectRouteDeps,
  projectId: string,
  userId: string,
): Promise<void> {
  const members = await deps.backend.identity.listProjectMembers(projectId)
  if (!members.some((m) => m.role === 'admin' && m.userId !== userId))
    throw new ObservatoryError('ERR_MEMBER_LAST_ADMIN')
}

async function memberToJson(
  deps: ProjectRouteDeps,
  membership: Membership,
): Promise<Record<string, unknown>> {
  const user = await deps.backend.identity.getUser(membership.userId)
  return {
    user_id: membership.userId,
    email: user?.email ?? null,
    name: user?.name ?? null,
    role: membership.role,
    created_at: microsToIso(membership.createdAtUs),
  }
}

function pick(object: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k) => [k, object[k]]))
}
