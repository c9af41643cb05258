import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { ApiKey } from '@llm-observatory/core'
import { ObservatoryError } from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'

export interface ResolvedKey {
  keyId: string
  projectId: string
}

export interface CreatedKey {
  key: ApiKey
  /** Shown once; only its hash is stored. */
  secretKey: string
}

const cacheTtlMs = 10_000
const touchEveryMs = 60_000

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/**
 * Resolves ingestion keys to projects. Accepts `Authorization: Bearer <secret>`,
 * `Authorization: Basic base64(public:secret)` (Langfuse style) and `x-api-key: <secret>`.
 * Verified keys are cached for a few seconds so authentication stays off the ingest hot path.
 */
export class ApiKeyService {
  readonly #backend: Backend
  readonly #now: () => number
  readonly #cache = new Map<string, { key: ApiKey; until: number }>()
  readonly #lastTouch = new Map<string, number>()
  /** Bumped by every invalidation, so a lookup that raced a revoke does not cache its answer. */
  #generation = 0

  constructor(backend: Backend, now: () => number = Date.now) {
    this.#backend = backend
    this.#now = now
  }

  /** Creates a key pair for a project; explicit values come from OBSERVATORY_INIT_*. */
  async createKey(
    projectId: string,
    name: string,
    explicit?: { publicKey: string; secretKey: string },
  ): Promise<CreatedKey> {
    const secretKey = explicit?.secretKey ?? `sk-lo-${randomBytes(24).toString('base64url')}`
    const publicKey = explicit?.publicKey ?? `pk-lo-${randomBytes(12).toString('hex')}`
    const key: ApiKey = {
      id: randomUUID(),
      projectId,
      publicKey,
      secretHash: hashSecret(secretKey),
      secretPrefix: secretKey.slice(0, 10),
      name,
      createdAtUs: this.#now() * 1000,
      lastUsedAtUs: null,
      revokedAtUs: null,
    }
    await this.#backend.createApiKey(key)
    return { key, secretKey }
  }

  /**
   * Returns the key's project, `null` when the request carries no credentials, and throws
   * ERR_AUTH_INVALID when it carries wrong or revoked ones.
   */
  async resolve(
    headers: Record<string, string | string[] | undefined>,
  ): Promise<ResolvedKey | null> {
    const credentials = readCredentials(headers)
    if (!credentials) return null
    const cacheKey = `${credentials.publicKey ?? ''}:${hashSecret(credentials.secret)}`
    const now = this.#now()
    const cached = this.#cache.get(cacheKey)
    let key = cached && cached.until > now ? cached.key : null
    if (!key) {
      const generation = this.#generation
      const secretHash = hashSecret(credentials.secret)
      const found = credentials.publicKey
        ? await this.#backend.findApiKeyByPublicKey(credentials.publicKey)
        : await this.#backend.findApiKeyBySecretHash(secretHash)
      if (!found || found.revokedAtUs !== null || !hashesEqual(found.secretHash, secretHash)) {
        throw new ObservatoryError('ERR_AUTH_INVALID')
      }
      key = found
      if (generation === this.#generation)
        this.#cache.set(cacheKey, { key, until: now + cacheTtlMs })
    }
    this.#touch(key, now)
    return { keyId: key.id, projectId: key.projectId }
  }

  /**
   * Gives the key a new secret: same id and public key, the old secret rejected from the next
   * request on (this process's cache is dropped). Returns the new secret, to be shown once.
   * @example const { secretKey } = await keys.rotateKey(key) // 'sk-lo-…'
   */
  async rotateKey(key: ApiKey): Promise<CreatedKey> {
    const secretKey = `sk-lo-${randomBytes(24).toString('base64url')}`
    const secretHash = hashSecret(secretKey)
    const secretPrefix = secretKey.slice(0, 10)
    await this.#backend.projects.replaceApiKeySecret(key.id, secretHash, secretPrefix)
    this.invalidate(key.id)
    return { key: { ...key, secretHash, secretPrefix }, secretKey }
  }

  /** Revokes the key at once: stored as revoked, and dropped from this process's cache. */
  async revokeKey(keyId: string): Promise<void> {
    await this.#backend.projects.revokeApiKey(keyId, this.#now() * 1000)
    this.invalidate(keyId)
  }

  /**
   * Forgets cached verifications of a key (or of every key of a project with
   * `{ projectId }`), so a change made in storage applies to the very next request.
   */
  invalidate(keyId: string | { projectId: string }): void {
    this.#generation++
    for (const [cacheKey, entry] of this.#cache) {
      const matches =
        typeof keyId === 'string' ? entry.key.id === keyId : entry.key.projectId === keyId.projectId
      if (matches) this.#cache.delete(cacheKey)
    }
  }

  #touch(key: ApiKey, now: number): void {
    const last = this.#lastTouch.get(key.id) ?? 0
    if (now - last < touchEveryMs) return
    this.#lastTouch.set(key.id, now)
    // Last-used time is informative; a failed update must not fail ingestion.
    this.#backend.touchApiKey(key.id, now * 1000).catch(() => undefined)
  }
}

function header(
  headers: Record<string, string | string[] | undefined>,
  name: string,
): string | undefined {
  const v = headers[name]
  return Array.isArray(v) ? v[0] : v
}

function readCredentials(
  headers: Record<string, string | string[] | undefined>,
): { publicKey: string | null; secret: string } | null {
  const authorization = header(headers, 'authorization')?.trim()
  if (authorization) {
    const space = authorization.indexOf(' ')
    const scheme = space > 0 ? authorization.slice(0, space).toLowerCase() : ''
    const value = space > 0 ? authorization.slice(space + 1).trim() : ''
    if (scheme === 'bearer' && value) return { publicKey: null, secret: value }
    if (scheme === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      if (colon > 0) return { publicKey: decoded.slice(0, colon), secret: decoded.slice(colon + 1) }
    }
    throw new ObservatoryError('ERR_AUTH_INVALID', {
      message:
        'The Authorization header must be "Bearer <secret key>" or "Basic base64(public:secret)".',
    })
  }
  const apiKey = header(headers, 'x-api-key')?.trim()
  if (apiKey) return { publicKey: null, secret: apiKey }
  return null
}

function hashesEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex')
  const bb = Buffer.from(b, 'hex')
  return ba.length === bb.length && timingSafeEqual(ba, bb)
}
