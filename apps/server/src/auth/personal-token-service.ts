import { randomBytes, randomUUID } from 'node:crypto'
import { ObservatoryError, type PersonalToken, type Role } from '@llm-observatory/core'
import type { IdentityRepository } from '@llm-observatory/storage'
import { hashSecret } from './api-key-service.js'

export const personalTokenPrefix = 'pat-lo-'
const touchEveryMs = 60_000

export interface CreatedPersonalToken {
  token: PersonalToken
  /** Shown once; only its hash is stored. */
  secret: string
}

/**
 * Personal access tokens (`pat-lo-…`, 256 random bits, stored as SHA-256): a user's
 * credential for scripts and CI, bound to one project and a role. Lookups go to storage on
 * every use (no cache), so a revoke applies to the very next request.
 * @example
 * const { secret } = await tokens.create({ userId, projectId, role: 'viewer', name: 'ci' })
 * const token = await tokens.resolve(secret) // throws ERR_AUTH_TOKEN_INVALID once revoked
 */
export class PersonalTokenService {
  readonly #identity: IdentityRepository
  readonly #now: () => number
  readonly #lastTouch = new Map<string, number>()

  constructor(identity: IdentityRepository, now: () => number = Date.now) {
    this.#identity = identity
    this.#now = now
  }

  async create(input: {
    userId: string
    projectId: string
    role: Role
    name: string
    expiresAtUs: number | null
  }): Promise<CreatedPersonalToken> {
    const secret = `${personalTokenPrefix}${randomBytes(32).toString('base64url')}`
    const token: PersonalToken = {
      id: randomUUID(),
      userId: input.userId,
      projectId: input.projectId,
      role: input.role,
      name: input.name,
      tokenHash: hashSecret(secret),
      tokenPrefix: secret.slice(0, 12),
      createdAtUs: this.#now() * 1000,
      expiresAtUs: input.expiresAtUs,
      lastUsedAtUs: null,
      revokedAtUs: null,
    }
    await this.#identity.createPersonalToken(token)
    return { token, secret }
  }

  /** The live token with this secret; ERR_AUTH_TOKEN_INVALID when unknown, revoked or expired. */
  async resolve(secret: string): Promise<PersonalToken> {
    // Found by the hash of the secret, so comparing the stored hash again adds nothing.
    const token = await this.#identity.findPersonalTokenByHash(hashSecret(secret))
    const now = this.#now()
    if (
      token === null ||
      token.revokedAtUs !== null ||
      (token.expiresAtUs !== null && token.expiresAtUs <= now * 1000)
    )
      throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
    this.#touch(token, now)
    return token
  }

  async revoke(tokenId: string): Promise<void> {
    await this.#identity.revokePersonalToken(tokenId, this.#now() * 1000)
  }

  #touch(token: PersonalToken, now: number): void {
    const last = this.#lastTouch.get(token.id) ?? 0
    if (now - last < touchEveryMs) return
    this.#lastTouch.set(token.id, now)
    // Last-used time is informative; a failed update must not fail the request.
    this.#identity.touchPersonalToken(token.id, now * 1000).catch(() => undefined)
  }
}
