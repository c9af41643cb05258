import type { FastifyRequest } from 'fastify'
import type { App } from '../http/app-type.js'
import { ObservatoryError, can } from '@llm-observatory/core'
import type { Principal, RoutePermission } from './principal.js'
import type { PermissionSettingsReader, PrincipalResolver } from './principal-resolver.js'

export interface AuthHookDeps {
  principals: PrincipalResolver
  settings: PermissionSettingsReader
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The permission each route declared, keyed `METHOD url` (undefined: none declared), as
     * the auth hook saw the routes registered after it. Tests walk it with `routeTable`.
     */
    readonly routePermissions: ReadonlyMap<string, RoutePermission | undefined>
  }
}

/** Routes added by plugins we do not write (the Swagger UI page and its assets). */
const publicPrefixes = ['/docs']

/**
 * The one authentication and authorization point: an `onRequest` hook on the root instance
 * (so unauthenticated bodies are never read) that sets `request.principal` and checks the
 * route's `config.permission`:
 * - `'public'`: anyone; credentials are read when valid, ignored when not.
 * - `'authenticated'`: any principal (401 `unauthorized` without one).
 * - `'instance_admin'`: a logged-in instance administrator (403 otherwise).
 * - a {@link Permission}: the principal's role in its project must have it (`can`), 403
 *   `forbidden` otherwise.
 * A route that declares nothing answers 500 (closed, never open by omission). Register
 * before any route.
 * @example
 * registerAuthHook(app, { principals, settings })
 * app.get('/api/v1/traces', { config: { permission: 'traces:read' } }, handler)
 */
export function registerAuthHook(app: App, deps: AuthHookDeps): void {
  app.decorateRequest('principal', null)
  const routePermissions = new Map<string, RoutePermission | undefined>()
  app.decorate('routePermissions', routePermissions)
  app.addHook('onRoute', (route) => {
    if (publicPrefixes.some((p) => route.url === p || route.url.startsWith(`${p}/`)))
      route.config = { ...route.config, permission: route.config?.permission ?? 'public' }
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods)
      routePermissions.set(`${method} ${route.url}`, route.config?.permission)
  })
  app.addHook('onRequest', async (request) => {
    if (request.is404) return
    const { permission, allowLoopback, projectParam } = request.routeOptions.config
    if (permission === undefined) throw new ObservatoryError('ERR_AUTH_PERMISSION_UNDECLARED')
    if (permission === 'public') {
      request.principal = await resolveQuietly(deps.principals, request)
      return
    }
    const principal = await deps.principals.resolve(request, {
      allowLoopback: allowLoopback === true,
      isProjectOptional: permission === 'authenticated',
      projectParam,
    })
    if (principal === null) throw new ObservatoryError('ERR_AUTH_MISSING')
    request.principal = principal
    if (permission === 'authenticated') return
    if (permission === 'instance_admin') {
      if (principal.kind !== 'user' || !principal.isInstanceAdmin)
        throw new ObservatoryError('ERR_AUTH_INSTANCE_ADMIN')
      return
    }
    if (principal.projectId === '') throw new ObservatoryError('ERR_AUTH_NO_PROJECT')
    if (!can(principal.role, permission, await deps.settings.get(principal.projectId)))
      throw new ObservatoryError('ERR_AUTH_FORBIDDEN', {
        message: `Your role in this project (${principal.role}) lacks the ${permission} permission.`,
        details: { role: principal.role, permission },
      })
  })
}

async function resolveQuietly(
  principals: PrincipalResolver,
  request: FastifyRequest,
): Promise<Principal | null> {
  try {
    return await principals.resolve(request, { allowLoopback: false, isProjectOptional: true })
  } catch {
    return null
  }
}
