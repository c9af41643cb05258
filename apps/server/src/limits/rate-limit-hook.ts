import type { FastifyReply, FastifyRequest } from 'fastify'
import type { App } from '../http/app-type.js'
import { ObservatoryError } from '@llm-observatory/core'
import { isLoopbackAddress } from '../auth/project-resolver.js'
import type { Principal } from '../auth/principal.js'
import type { RateLimitDecision, RateLimiter } from './rate-limiter.js'

/** Requests per minute by kind of caller; `config.ts` reads them (OBSERVATORY_RATE_LIMIT_*). */
export interface RateLimitSettings {
  /** Off: no buckets, no headers. */
  enabled: boolean
  perMinute: {
    admin: number
    developer: number
    viewer: number
    billing: number
    /** Project keys and unauthenticated loopback OTLP: exporters send in batches, so it is high. */
    ingest: number
    /** Requests without credentials (health, docs, login, and 401s), per client IP. */
    anonymous: number
  }
}

/** Who a request acts as, as far as rate limiting cares: the principal's kind, id and role. */
export type RateLimitSubject = Pick<Principal, 'kind' | 'id' | 'role'>

export interface RateLimitHookDeps {
  limiter: RateLimiter
  settings: RateLimitSettings
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The rate-limit decision taken for this request, null until one is. */
    rateLimit: RateLimitDecision | null
  }
}

/**
 * Token-bucket rate limiting on every route of `app`. Register it on the root instance before
 * the routes and before the authentication hook (an `onRequest` hook that sets
 * `request.principal`):
 * - `onRequest`, before authentication: requests without credentials pay into their client
 *   IP's bucket (unauthenticated OTLP from loopback gets the ingestion limit instead), so
 *   floods are turned away before any lookup; requests with credentials are turned away when
 *   their IP has failed authentication too often (`auth-failures:<ip>`, the anonymous limit);
 * - `preParsing`, after authentication and before the body is read: requests with a
 *   principal pay into `<kind>:<id>`, with the ingestion limit for project keys and the
 *   role's limit for users and personal tokens;
 * - requests answered before either (401, 403, unknown routes) pay afterwards: into the
 *   principal's bucket when there is one, a 401 to credentials into `auth-failures:<ip>`,
 *   anything else into the IP's bucket; their answer stands.
 *
 * Every response carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` (seconds until the bucket is full again, as the IETF RateLimit draft and
 * most APIs count it); an empty bucket answers 429 `rate_limited` with `Retry-After`, in the
 * error format of the route (the envelope, or OTLP's Status on OTLP routes).
 *
 * @example
 * registerRateLimitHook(app, { limiter: new TokenBucketRateLimiter(), settings })
 * registerAuthHook(app, deps)
 */
export function registerRateLimitHook(app: App, deps: RateLimitHookDeps): void {
  if (!deps.settings.enabled) return
  const { perMinute } = deps.settings
  app.decorateRequest('rateLimit', null)

  const refuse = (request: FastifyRequest, decision: RateLimitDecision): never => {
    request.rateLimit = decision
    throw new ObservatoryError('ERR_RATE_LIMITED', {
      message: `Too many requests: the limit is ${decision.limit} per minute; retry after the delay in Retry-After.`,
      details: {
        limit_per_minute: decision.limit,
        retry_after_seconds: decision.retryAfterSeconds,
      },
    })
  }
  const take = async (request: FastifyRequest, key: string, limit: number): Promise<void> => {
    const decision = await deps.limiter.consume(key, limit)
    request.rateLimit = decision
    if (!decision.allowed) refuse(request, decision)
  }
  /** Refuses when the bucket has not one token left, without taking any. */
  const look = async (request: FastifyRequest, key: string, limit: number): Promise<void> => {
    const decision = await deps.limiter.consume(key, limit, 0)
    if (decision.remaining >= 1) return
    // The time until one token: the time to full less that of the other limit - 1 tokens.
    const untilOne = decision.resetMs - ((decision.limit - 1) * 60_000) / decision.limit
    refuse(request, {
      ...decision,
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil(untilOne / 1000)),
    })
  }

  app.addHook('onRequest', async (request) => {
    if (hasCredentials(request)) {
      await look(request, `auth-failures:${request.ip}`, perMinute.anonymous)
    } else if (isIngestRoute(request) && isLoopbackAddress(request.socket.remoteAddress)) {
      await take(request, `loopback:${request.ip}`, perMinute.ingest)
    } else {
      await take(request, `ip:${request.ip}`, perMinute.anonymous)
    }
  })

  app.addHook('preParsing', async (request, _reply, payload) => {
    if (request.rateLimit !== null) return payload
    const subject = request.principal
    if (subject !== null) {
      await take(request, `${subject.kind}:${subject.id}`, limitOf(subject, deps.settings))
    }
    return payload
  })

  app.addHook('onSend', async (request, reply: FastifyReply, payload) => {
    request.rateLimit ??= await chargeAfterwards(request, reply.statusCode)
    const decision = request.rateLimit
    reply.header('x-ratelimit-limit', String(decision.limit))
    reply.header('x-ratelimit-remaining', String(decision.remaining))
    reply.header('x-ratelimit-reset', String(Math.ceil(decision.resetMs / 1000)))
    return payload
  })

  const chargeAfterwards = async (
    request: FastifyRequest,
    status: number,
  ): Promise<RateLimitDecision> => {
    const principal = request.principal
    if (principal) {
      return deps.limiter.consume(
        `${principal.kind}:${principal.id}`,
        limitOf(principal, deps.settings),
      )
    }
    if (status === 401 && hasCredentials(request)) {
      return deps.limiter.consume(`auth-failures:${request.ip}`, perMinute.anonymous)
    }
    return deps.limiter.consume(`ip:${request.ip}`, perMinute.anonymous)
  }
}

/** Requests per minute for a caller: ingestion for keys and loopback, else by role. */
export function limitOf(subject: RateLimitSubject, settings: RateLimitSettings): number {
  const { perMinute } = settings
  if (subject.kind === 'project_key' || subject.kind === 'loopback') return perMinute.ingest
  switch (subject.role) {
    case 'admin':
      return perMinute.admin
    case 'developer':
      return perMinute.developer
    case 'billing':
      return perMinute.billing
    case 'viewer':
      return perMinute.viewer
    case 'project_key':
      return perMinute.ingest
  }
}

function hasCredentials(request: FastifyRequest): boolean {
  const { authorization, 'x-api-key': apiKey } = request.headers
  return Boolean(authorization) || Boolean(apiKey)
}

const otlpPath = /\/v1\/(?:traces|logs|metrics)\/*$/

function isIngestRoute(request: FastifyRequest): boolean {
  const config = request.routeOptions.config as { permission?: unknown }
  if (config.permission === 'ingest') return true
  if (request.method !== 'POST') return false
  const q = request.url.indexOf('?')
  return otlpPath.test(q >= 0 ? request.url.slice(0, q) : request.url)
}
