import type { FastifyRequest } from 'fastify'
import type { App } from '../http/app-type.js'
import { ObservatoryError, can } from '@llm-observatory/core'
import type { Principal } from './principal.js'
import type { PermissionSettingsReader, PrincipalResolver } from './principal-resolver.js'

export interface AuthHookDeps {
  principals: PrincipalResolver
  settings: PermissionSettingsReader
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
  app.addHook('onRoute', (route) => {
    if (publicPrefixes.some((p) => route.url === p || route.url.startsWith(`${p}/`)))
      route.config = { ...route.config, permission: route.config?.permission ?? 'public' }
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
