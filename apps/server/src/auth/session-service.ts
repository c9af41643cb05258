import { randomBytes, randomUUID } from 'node:crypto'
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import { ObservatoryError, type AuthSession, type User } from '@llm-observatory/core'
import type { IdentityRepository } from '@llm-observatory/storage'
import { hashSecret } from './api-key-service.js'
import type { LoginThrottle } from './login-throttle.js'
import { decoyPasswordHash, verifyPassword } from './password-hasher.js'

const issuer = 'llm-observatory'
const audience = 'llm-observatory-api'

export const refreshTokenPrefix = 'rt-lo-'

/** What login and refresh answer (the API's snake_case names). */
export interface TokenPair {
  access_token: string
  refresh_token: string
  /** Seconds the access token is valid. */
  expires_in: number
  token_type: 'Bearer'
}

export interface SessionServiceOptions {
  identity: IdentityRepository
  /** HS256 key (see loadJwtSecret). */
  secret: Uint8Array
  throttle: LoginThrottle
  /** Default 900 (15 minutes). */
  accessTokenTtlSeconds?: number
  /** Lifetime of a login and of each refresh token; default 30 days. */
  refreshTokenTtlSeconds?: number
  now?: () => number
}

/** The outcome of a refresh: new tokens, or why not (a reused token revokes its session). */
export type RefreshResult =
  | { ok: true; tokens: TokenPair; session: AuthSession }
  | { ok: false; revokedSession: AuthSession | null }

/**
 * Logins: password check (with {@link LoginThrottle}), sessions, JWT access tokens (HS256,
 * claims `sub` = user id, `sid` = session id) and rotating refresh tokens (`rt-lo-…`, stored
 * hashed). Presenting a refresh token that was already used revokes its whole session, so a
 * stolen and replayed token ends the thief's and the owner's access alike. Every access token
 * is checked against its session on each request, so logout takes effect at once.
 * @example
 * const { tokens } = await sessions.login('admin@localhost', password, request.ip)
 * const { user, session } = await sessions.verifyAccessToken(tokens.access_token)
 */
export class SessionService {
  readonly #identity: IdentityRepository
  readonly #secret: Uint8Array
  readonly #throttle: LoginThrottle
  readonly #accessTtl: number
  readonly #refreshTtl: number
  readonly #now: () => number
  /** Refreshes run one at a time, so two uses of one token cannot both rotate it. */
  #refreshChain: Promise<unknown> = Promise.resolve()

  constructor(options: SessionServiceOptions) {
    this.#identity = options.identity
    this.#secret = options.secret
    this.#throttle = options.throttle
    this.#accessTtl = options.accessTokenTtlSeconds ?? 900
    this.#refreshTtl = options.refreshTokenTtlSeconds ?? 30 * 86_400
    this.#now = options.now ?? Date.now
  }

  /**
   * Checks e-mail and password and starts a session. Unknown e-mail, wrong password and a
   * disabled user all fail alike (ERR_AUTH_LOGIN_FAILED, same work done); too many failures
   * for the e-mail or the client IP fail with ERR_AUTH_LOGIN_THROTTLED before the check.
   */
  async login(
    emailInput: string,
    password: string,
    clientIp: string,
  ): Promise<{ tokens: TokenPair; user: User; session: AuthSession }> {
    const email = emailInput.trim().toLowerCase()
    const wait = this.#throttle.check(email, clientIp)
    if (wait > 0)
      throw new ObservatoryError('ERR_AUTH_LOGIN_THROTTLED', {
        details: { retry_after_seconds: wait },
      })
    const user = await this.#identity.findUserByEmail(email)
    const isPasswordRight = await verifyPassword(password, user?.passwordHash ?? decoyPasswordHash)
    if (user === null || !isPasswordRight || user.disabledAtUs !== null) {
      this.#throttle.recordFailure(email, clientIp)
      throw new ObservatoryError('ERR_AUTH_LOGIN_FAILED')
    }
    this.#throttle.recordSuccess(email)
    const nowUs = this.#now() * 1000
    const session: AuthSession = {
      id: randomUUID(),
      userId: user.id,
      createdAtUs: nowUs,
      expiresAtUs: nowUs + this.#refreshTtl * 1e6,
      revokedAtUs: null,
    }
    const refresh = this.#newRefreshToken(session, nowUs)
    await this.#identity.createSession(session, refresh.record)
    return { tokens: await this.#tokenPair(session, refresh.secret), user, session }
  }

  /** Rotates a refresh token: the presented one is spent, a new pair is issued. */
  refresh(refreshToken: string): Promise<RefreshResult> {
    const run = this.#refreshChain.then(() => this.#refresh(refreshToken))
    this.#refreshChain = run.catch(() => undefined)
    return run
  }

  /** Ends a session: its access and refresh tokens stop working at once. */
  async revokeSession(sessionId: string): Promise<void> {
    await this.#identity.revokeSession(sessionId, this.#now() * 1000)
  }

  /** The session a refresh token belongs to (for logout by refresh token), or null. */
  async findSessionByRefreshToken(refreshToken: string): Promise<AuthSession | null> {
    const record = await this.#identity.findRefreshToken(hashSecret(refreshToken))
    return record === null ? null : this.#identity.getSession(record.sessionId)
  }

  /**
   * The user and session of a valid access token; ERR_AUTH_TOKEN_INVALID when the signature,
   * expiry, session (revoked or expired) or user (gone or disabled) is wrong.
   */
  async verifyAccessToken(token: string): Promise<{ user: User; session: AuthSession }> {
    let sub: string | undefined
    let sid: unknown
    try {
      const { payload } = await jwtVerify(token, this.#secret, {
        algorithms: ['HS256'],
        issuer,
        audience,
        currentDate: new Date(this.#now()),
      })
      sub = payload.sub
      sid = payload['sid']
    } catch (err) {
      if (err instanceof joseErrors.JOSEError) throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
      throw err
    }
    if (typeof sub !== 'string' || typeof sid !== 'string')
      throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
    const session = await this.#identity.getSession(sid)
    const nowUs = this.#now() * 1000
    if (
      session === null ||
      session.userId !== sub ||
      session.revokedAtUs !== null ||
      session.expiresAtUs <= nowUs
    )
      throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
    const user = await this.#identity.getUser(sub)
    if (user === null || user.disabledAtUs !== null)
      throw new ObservatoryError('ERR_AUTH_TOKEN_INVALID')
    return { user, session }
  }

  async #refresh(refreshToken: string): Promise<RefreshResult> {
    if (!refreshToken.startsWith(refreshTokenPrefix)) return { ok: false, revokedSession: null }
    const tokenHash = hashSecret(refreshToken)
    const record = await this.#identity.findRefreshToken(tokenHash)
    if (record === null) return { ok: false, revokedSession: null }
    const session = await this.#identity.getSession(record.sessionId)
    const nowUs = this.#now() * 1000
    if (session === null || session.revokedAtUs !== null) return { ok: false, revokedSession: null }
    if (record.usedAtUs !== null) {
      await this.#identity.revokeSession(session.id, nowUs)
      return { ok: false, revokedSession: { ...session, revokedAtUs: nowUs } }
    }
    if (record.expiresAtUs <= nowUs || session.expiresAtUs <= nowUs)
      return { ok: false, revokedSession: null }
    const user = await this.#identity.getUser(session.userId)
    if (user === null || user.disabledAtUs !== null) return { ok: false, revokedSession: null }
    const next = this.#newRefreshToken(session, nowUs)
    await this.#identity.rotateRefreshToken(tokenHash, nowUs, next.record)
    return { ok: true, tokens: await this.#tokenPair(session, next.secret), session }
  }

  #newRefreshToken(session: AuthSession, nowUs: number) {
    const secret = `${refreshTokenPrefix}${randomBytes(32).toString('base64url')}`
    return {
      secret,
      record: {
        tokenHash: hashSecret(secret),
        sessionId: session.id,
        createdAtUs: nowUs,
        expiresAtUs: Math.min(session.expiresAtUs, nowUs + this.#refreshTtl * 1e6),
        usedAtUs: null,
      },
    }
  }

  async #tokenPair(session: AuthSession, refreshSecret: string): Promise<TokenPair> {
    const nowSeconds = Math.floor(this.#now() / 1000)
    const accessToken = await new SignJWT({ sid: session.id })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(session.userId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(nowSeconds)
      .setExpirationTime(nowSeconds + this.#accessTtl)
      .setJti(randomUUID())
      .sign(this.#secret)
    return {
      access_token: accessToken,
      refresh_token: refreshSecret,
      expires_in: this.#accessTtl,
      token_type: 'Bearer',
    }
  }
}

/** Whether a bearer value has the shape of a JWT (three base64url parts). */
export function isJwtShaped(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value)
}
