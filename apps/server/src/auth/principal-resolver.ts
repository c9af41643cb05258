import type { FastifyRequest } from 'fastify'
import {
  ObservatoryError,
  can,
  isRoleWithin,
  type Membership,
  type PermissionSettings,
  type Role,
  type User,
} from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { ApiKeyService } from './api-key-service.js'
import type { PersonalTokenService } from './personal-token-service.js'
import { personalTokenPrefix } from './personal-token-service.js'
import type { Principal } from './principal.js'
import { isLoopbackAddress } from './project-resolver.js'
import { isJwtShaped, refreshTokenPrefix, type SessionService } from './session-service.js'

/** Reads the settings that change permissions (ProjectSettingsService fits). */
export interface PermissionSettingsReader {
  get(projectId: string): Promise<PermissionSettings>
}

export interface PrincipalResolverDeps {
  backend: Backend
  keys: ApiKeyService
  sessions: SessionService
  tokens: PersonalTokenService
  settings: PermissionSettingsReader
  defaultProjectId: string
  allowUnauthenticatedLoopback: boolean
}

export interface ResolveOptions {
  /** OTLP: no credentials from loopback means the default project. */
  allowLoopback: boolean
  /**
   * For routes that need no project ('authenticated'): a failed project selection falls
   * back to the user's first project (or none) instead of failing the request.
   */
  isProjectOptional: boolean
  /** Path parameter that selects the project (route config `projectParam`). */
  projectParam?: string | undefined
}

/**
 * Turns a request's credentials into a {@link Principal}: `Authorization: Bearer` with a JWT
 * access token, a personal token (`pat-lo-…`) or a project secret key; `Basic public:secret`;
 * or `x-api-key` (secret key or personal token). Returns null without credentials; throws
 * ERR_AUTH_INVALID / ERR_AUTH_TOKEN_INVALID for wrong ones and 403/404 errors for a project
 * selection the caller may not make.
 *
 * Users choose the project with the `x-project-id` header or the `project` query parameter
 * (default: their oldest membership; instance admins: any project, default the default one).
 * Keys and personal tokens are bound to one project; naming another is ERR_AUTH_PROJECT_MISMATCH.
 */
export class PrincipalResolver {
  readonly #deps: PrincipalResolverDeps

  constructor(deps: PrincipalResolverDeps) {
    this.#deps = deps
  }

  async resolve(request: FastifyRequest, options: ResolveOptions): Promise<Principal | null> {
    const selected = selectedProject(request, options.projectParam)
    const bearer = readBearerOrApiKey(request.headers)
    if (bearer !== null && bearer.startsWith(personalTokenPrefix))
      return this.#personalToken(bearer, selected, options)
    if (bearer !== null && bearer.startsWith(refreshTokenPrefix))
      throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID', {
        message: 'A refresh token is only accepted by POST /api/v1/auth/refresh.',
      })
    if (bearer !== null && isJwtShaped(bearer)) return this.#user(bearer, selected, options)
    const key = await this.#deps.keys.resolve(request.headers)
    if (key !== null) {
      if (selected !== null && selected !== key.projectId && !options.isProjectOptional)
        throw projectMismatch()
      return this.#principal({
        kind: 'project_key',
        id: key.keyId,
        userId: null,
        projectId: key.projectId,
        role: 'project_key',
        isInstanceAdmin: false,
      })
    }
    if (
      options.allowLoopback &&
      this.#deps.allowUnauthenticatedLoopback &&
      isLoopbackAddress(request.socket.remoteAddress)
    )
      return {
        kind: 'loopback',
        id: 'loopback',
        userId: null,
        projectId: this.#deps.defaultProjectId,
        role: 'project_key',
        isInstanceAdmin: false,
        canReadContent: false,
      }
    return null
  }

  async #user(token: string, selected: string | null, options: ResolveOptions): Promise<Principal> {
    const { user, session } = await this.#deps.sessions.verifyAccessToken(token)
    const memberships = await this.#deps.backend.identity.listMemberships(user.id)
    const place = await this.#place(user, memberships, selected, options)
    return this.#principal({
      kind: 'user',
      id: session.id,
      userId: user.id,
      projectId: place.projectId,
      role: place.role,
      isInstanceAdmin: user.isInstanceAdmin,
    })
  }

  async #personalToken(
    secret: string,
    selected: string | null,
    options: ResolveOptions,
  ): Promise<Principal> {
    const token = await this.#deps.tokens.resolve(secret)
    const user = await this.#deps.backend.identity.getUser(token.userId)
    if (user === null || user.disabledAtUs !== null)
      throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
    if (selected !== null && selected !== token.projectId && !options.isProjectOptional)
      throw projectMismatch()
    const membership = await this.#deps.backend.identity.getMembership(user.id, token.projectId)
    const ownerRole: Role | null =
      membership?.role ??
      (user.isInstanceAdmin && (await this.#deps.backend.getProject(token.projectId)) !== null
        ? 'admin'
        : null)
    // The token acts with the lesser of its role and its owner's current role, so demoting
    // or removing the owner demotes or disables the token at once.
    const role =
      ownerRole === null
        ? null
        : isRoleWithin(token.role, ownerRole)
          ? token.role
          : isRoleWithin(ownerRole, token.role)
            ? ownerRole
            : null
    if (role === null && !options.isProjectOptional)
      throw new ObservatoryError('ERR_AUTH_NO_PROJECT')
    return this.#principal({
      kind: 'personal_token',
      id: token.id,
      userId: user.id,
      projectId: role === null ? '' : token.projectId,
      role: role ?? 'billing',
      isInstanceAdmin: false,
    })
  }

  /** The project and role a user acts with. */
  async #place(
    user: User,
    memberships: readonly Membership[],
    selected: string | null,
    options: ResolveOptions,
  ): Promise<{ projectId: string; role: Role }> {
    if (selected !== null) {
      const membership = memberships.find((m) => m.projectId === selected)
      if (membership) return { projectId: selected, role: membership.role }
      if (user.isInstanceAdmin) {
        if ((await this.#deps.backend.getProject(selected)) !== null)
          return { projectId: selected, role: 'admin' }
        if (!options.isProjectOptional) throw new ObservatoryError('ERR_AUTH_PROJECT_UNKNOWN')
      } else if (!options.isProjectOptional) throw new ObservatoryError('ERR_AUTH_NO_PROJECT')
    }
    const first = memberships[0]
    if (first) return { projectId: first.projectId, role: first.role }
    if (user.isInstanceAdmin) return { projectId: this.#deps.defaultProjectId, role: 'admin' }
    return { projectId: '', role: 'billing' }
  }

  async #principal(base: Omit<Principal, 'canReadContent'>): Promise<Principal> {
    const canReadContent =
      base.projectId !== '' &&
      can(base.role, 'content:read', await this.#deps.settings.get(base.projectId))
    return { ...base, canReadContent }
  }
}

function projectMismatch(): ObservatoryError {
  return new ObservatoryError('ERR_AUTH_PROJECT_MISMATCH', {
    fieldErrors: [{ field: 'project', message: 'not the project of this key or token' }],
  })
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * The path parameter named by the route, else the `x-project-id` header, else the `project`
 * query parameter; null when none is given.
 */
function selectedProject(request: FastifyRequest, param: string | undefined): string | null {
  if (param !== undefined) {
    const value = (request.params as Record<string, unknown> | undefined)?.[param]
    if (typeof value === 'string' && value !== '') return value
  }
  const header = firstHeader(request.headers['x-project-id'])?.trim()
  if (header) return header
  const query = request.query as Record<string, unknown> | undefined
  const value = query?.['project']
  return typeof value === 'string' && value !== '' ? value : null
}

/** The Bearer value or x-api-key, null for Basic or no credentials (left to ApiKeyService). */
function readBearerOrApiKey(headers: FastifyRequest['headers']): string | null {
  const authorization = firstHeader(headers.authorization)?.trim()
  if (authorization) {
    const match = /^bearer\s+(\S+)$/i.exec(authorization)
    return match ? match[1]! : null
  }
  return firstHeader(headers['x-api-key'])?.trim() || null
}
