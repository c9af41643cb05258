import type { FastifyRequest } from 'fastify'
import {
  ObservatoryError,
  can,
  type Permission,
  type Project,
  type ProjectSettings,
  type Role,
} from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { AuditActor } from '../audit/audit-log.js'
import type { ProjectResolver } from '../auth/project-resolver.js'
import type { ProjectSettingsService } from '../projects/project-settings-service.js'

/** Who is calling, read from `request.principal` (set by the auth hook). */
export interface Caller {
  actor: AuditActor
  /** The project the request acts on. */
  projectId: string
  role: Role | 'project_key'
  userId: string | null
  isInstanceAdmin: boolean
}

export interface ProjectAccessDeps {
  backend: Backend
  projects: ProjectResolver
  settings: ProjectSettingsService
}

/** The caller of a request; 401 without credentials. */
export async function readCaller(
  request: FastifyRequest,
  deps: ProjectAccessDeps,
): Promise<Caller> {
  const principal = request.principal
  if (principal) {
    return {
      actor: {
        kind: principal.kind,
        id: principal.id,
        userId: principal.userId,
        projectId: principal.projectId,
      },
      projectId: principal.projectId,
      role: principal.role,
      userId: principal.userId,
      isInstanceAdmin: principal.isInstanceAdmin,
    }
  }
  const { keyId, projectId } = await deps.projects.resolveRequired(request)
  return {
    actor: { kind: 'project_key', id: keyId, userId: null, projectId },
    projectId,
    role: 'project_key',
    userId: null,
    isInstanceAdmin: false,
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `/api/v1/projects/:id/…` routes: the permission needed in project `:id`. Such routes
     * declare `permission: 'authenticated'` (the auth hook checks the caller's selected project,
     * which need not be `:id`) and check this one with {@link requireProject}.
     */
    projectPermission?: Permission
  }
}

/**
 * The caller's role in `projectId`: a user's membership there (an instance admin is admin
 * everywhere); a key or personal token has its role only in its own project. Null: none.
 */
export async function roleIn(
  caller: Caller,
  projectId: string,
  backend: Backend,
): Promise<Role | 'project_key' | null> {
  if (caller.actor.kind === 'user' && caller.userId !== null) {
    if (caller.isInstanceAdmin) return 'admin'
    return (await backend.identity.getMembership(caller.userId, projectId))?.role ?? null
  }
  return caller.projectId === projectId && projectId !== '' ? caller.role : null
}

/**
 * Project `:id` of a `/api/v1/projects/:id/…` route when the caller may act on it with the
 * route's `config.projectPermission` (its role in that project, see {@link roleIn}); the
 * returned caller acts in that project. A project the caller does not belong to is a 404 whether it exists or not, so
 * nothing about other projects can be inferred; a member lacking the permission gets a 403.
 */
export async function requireProject(
  request: FastifyRequest,
  deps: ProjectAccessDeps,
  projectId: string,
): Promise<{ caller: Caller; project: Project; settings: ProjectSettings }> {
  const permission = request.routeOptions.config.projectPermission
  if (permission === undefined) throw new ObservatoryError('ERR_AUTH_PERMISSION_UNDECLARED')
  const caller = await readCaller(request, deps)
  const role = await roleIn(caller, projectId, deps.backend)
  if (role === null) throw new ObservatoryError('ERR_PROJECT_NOT_FOUND')
  const project = await deps.backend.getProject(projectId)
  if (project === null) throw new ObservatoryError('ERR_PROJECT_NOT_FOUND')
  const settings = await deps.settings.get(projectId)
  if (!can(role, permission, settings))
    throw new ObservatoryError('ERR_AUTH_FORBIDDEN', {
      message: `Your role in this project (${role}) lacks the ${permission} permission.`,
      details: { role, permission },
    })
  return {
    caller: { ...caller, projectId, role, actor: { ...caller.actor, projectId } },
    project,
    settings,
  }
}
