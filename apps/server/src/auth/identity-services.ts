import type { Backend } from '@llm-observatory/storage'
import type { AuthSettings } from '../config.js'
import type { ApiKeyService } from './api-key-service.js'
import { loadJwtSecret } from './jwt-secret.js'
import { LoginThrottle } from './login-throttle.js'
import { PersonalTokenService } from './personal-token-service.js'
import { PrincipalResolver, type PermissionSettingsReader } from './principal-resolver.js'
import { SessionService } from './session-service.js'

/** Users' credentials: logins and sessions, personal tokens, and the resolver of principals. */
export interface IdentityServices {
  principals: PrincipalResolver
  sessions: SessionService
  tokens: PersonalTokenService
}

/**
 * Wires the identity services over storage, the project keys and the project settings.
 * @example const identity = await createIdentityServices({ backend, keys, settings, defaultProjectId, allowUnauthenticatedLoopback: true, dataDir, auth: config.auth })
 */
export async function createIdentityServices(input: {
  backend: Backend
  keys: ApiKeyService
  settings: PermissionSettingsReader
  defaultProjectId: string
  allowUnauthenticatedLoopback: boolean
  dataDir: string
  auth: AuthSettings
  now?: () => number
}): Promise<IdentityServices> {
  const now = input.now ?? Date.now
  const sessions = new SessionService({
    identity: input.backend.identity,
    secret: await loadJwtSecret(input.dataDir, input.auth.jwtSecret),
    throttle: new LoginThrottle(now),
    accessTokenTtlSeconds: input.auth.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: input.auth.refreshTokenTtlSeconds,
    now,
  })
  const tokens = new PersonalTokenService(input.backend.identity, now)
  const principals = new PrincipalResolver({
    backend: input.backend,
    keys: input.keys,
    sessions,
    tokens,
    settings: input.settings,
    defaultProjectId: input.defaultProjectId,
    allowUnauthenticatedLoopback: input.allowUnauthenticatedLoopback,
  })
  return { principals, sessions, tokens }
}
