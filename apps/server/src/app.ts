import type { App } from './http/app-type.js'
import { randomUUID } from 'node:crypto'
import Fastify, { LogController } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Logger } from 'pino'
import type { IngestPipeline, WriteQueue } from '@llm-observatory/ingest'
import type { Backend } from '@llm-observatory/storage'
import type { ProjectResolver } from './auth/project-resolver.js'
import { errorBody, sendError, successBody } from './http/envelope.js'
import { toApiError } from './http/error-mapping.js'
import { registerOtlpRoutes } from './routes/otlp-routes.js'
import { registerReadRoutes } from './routes/read-routes.js'
import { registerIngestRoutes } from './routes/ingest-routes.js'
import { registerApiDocs } from './routes/docs-routes.js'
import { registerScoreRoutes } from './routes/score-routes.js'
import { registerSearchRoutes } from './routes/search-routes.js'
import { registerAnalyticsRoutes } from './routes/analytics-routes.js'
import { registerTimeseriesRoutes } from './routes/timeseries-routes.js'
import type { ApiKeyService } from './auth/api-key-service.js'
import type { AuditLog } from './audit/audit-log.js'
import type { ProjectSettingsService } from './projects/project-settings-service.js'
import { registerProjectRoutes } from './routes/project-routes.js'
import { registerApiKeyRoutes } from './routes/api-key-routes.js'
import { registerEventRoutes } from './routes/event-routes.js'
import { registerAuthHook } from './auth/auth-hook.js'
import type { IdentityServices } from './auth/identity-services.js'
import { registerAuthRoutes } from './routes/auth-routes.js'
import { registerAdminUserRoutes } from './routes/admin-user-routes.js'
import { registerTokenRoutes } from './routes/token-routes.js'
import { registerHardening, type HardeningOptions } from './http/hardening.js'
import type { RateLimiter } from './limits/rate-limiter.js'
import { registerRateLimitHook, type RateLimitSettings } from './limits/rate-limit-hook.js'
import { registerWebApp } from './routes/web-routes.js'

export interface AppDeps {
  backend: Backend
  pipeline: IngestPipeline
  queue: WriteQueue
  projects: ProjectResolver
  logger: Logger
  maxBodyBytes: number
  /** Project ingestion keys: create, rotate, revoke (each drops the in-process cache). */
  keys: ApiKeyService
  /** Project settings (viewer_sees_content, retention_days, pii), cached briefly. */
  settings: ProjectSettingsService
  /** The audit trail of administrative changes. */
  audit: AuditLog
  /** Logins, personal tokens and the principal of each request (auth/). */
  identity: IdentityServices
  /** Shared by the API and OTLP listeners, so a key has one bucket on both ports. */
  rateLimiter: RateLimiter
  hardening: HardeningOptions & {
    rateLimit: RateLimitSettings
    trustProxy: boolean | string[]
  }
  /** The built dashboard served at `/` (web-routes.ts); absent or null: none. */
  webDir?: string | null
}

async function makeFastify(deps: AppDeps): Promise<App> {
  const options = {
    bodyLimit: deps.maxBodyBytes,
    trustProxy: deps.hardening.trustProxy,
    genReqId: () => randomUUID(),
    logController: new LogController({ disableRequestLogging: true }),
    // Keep slow senders from holding sockets forever; OTLP exporters retry.
    requestTimeout: 120_000,
  }
  const app = Fastify({
    ...options,
    loggerInstance: deps.logger,
  }).withTypeProvider<TypeBoxTypeProvider>()
  app.decorateRequest('startedAt', 0n)
  app.addHook('onRequest', async (request) => {
    request.startedAt = process.hrtime.bigint()
  })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff')
  })
  app.setErrorHandler((err, request, reply) => {
    const apiError = toApiError(err, deps.maxBodyBytes)
    if (apiError.code === 'internal_error') request.log.error({ err }, 'request failed')
    if (apiError.retryAfter !== undefined) reply.header('retry-after', String(apiError.retryAfter))
    return sendError(request, reply, apiError)
  })
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(
      errorBody(request, {
        code: 'not_found',
        message: `No route ${request.method} ${request.url.split('?')[0]}.`,
      }),
    ),
  )
  await registerHardening(app, deps.hardening)
  registerRateLimitHook(app, { limiter: deps.rateLimiter, settings: deps.hardening.rateLimit })
  // After CORS (preflights answer first) and the anonymous rate limit, before every route.
  registerAuthHook(app, { principals: deps.identity.principals, settings: deps.settings })
  app.get('/health', { config: { permission: 'public' } }, async (request, reply) => {
    const storage = await deps.backend.health()
    const queue = deps.queue.stats()
    const ok = storage.status === 'ok'
    return reply
      .code(ok ? 200 : 503)
      .send(successBody(request, { status: ok ? 'ok' : 'unavailable', storage, queue }))
  })
  return app
}

/** The API server (:8080): REST ingestion, reads, health, and OTLP/HTTP on the same port. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = await makeFastify(deps)
  // First, so the OpenAPI document and app.routeTable see every route registered after it.
  await registerApiDocs(app)
  await app.register(async (scope) =>
    registerOtlpRoutes(scope, {
      pipeline: deps.pipeline,
      projects: deps.projects,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  )
  await app.register(async (scope) =>
    registerIngestRoutes(scope, { pipeline: deps.pipeline, projects: deps.projects }),
  )
  await app.register(async (scope) =>
    registerReadRoutes(scope, { backend: deps.backend, projects: deps.projects }),
  )
  await app.register(async (scope) =>
    registerScoreRoutes(scope, {
      backend: deps.backend,
      pipeline: deps.pipeline,
      projects: deps.projects,
    }),
  )
  await app.register(async (scope) =>
    registerSearchRoutes(scope, { backend: deps.backend, projects: deps.projects }),
  )
  await app.register(async (scope) =>
    registerAnalyticsRoutes(scope, { backend: deps.backend, projects: deps.projects }),
  )
  await app.register(async (scope) =>
    registerTimeseriesRoutes(scope, { backend: deps.backend, projects: deps.projects }),
  )
  await app.register(async (scope) => registerProjectRoutes(scope, deps))
  await app.register(async (scope) => registerApiKeyRoutes(scope, deps))
  await app.register(async (scope) =>
    registerEventRoutes(scope, { backend: deps.backend, projects: deps.projects }),
  )
  await app.register(async (scope) => registerAuthRoutes(scope, deps))
  await app.register(async (scope) => registerAdminUserRoutes(scope, deps))
  await app.register(async (scope) => registerTokenRoutes(scope, deps))
  await app.register(async (scope: App) => registerWebApp(scope, { webDir: deps.webDir ?? null }))
  return app
}

/** The OTLP/HTTP server (:4318): only the OTLP receivers and health. */
export async function buildOtlpApp(deps: AppDeps): Promise<App> {
  const app = await makeFastify(deps)
  await app.register(async (scope) =>
    registerOtlpRoutes(scope, {
      pipeline: deps.pipeline,
      projects: deps.projects,
      maxBodyBytes: deps.maxBodyBytes,
    }),
  )
  return app
}
