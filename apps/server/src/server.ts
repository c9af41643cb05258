import type { App } from './http/app-type.js'
import type { AddressInfo } from 'node:net'
import type * as grpc from '@grpc/grpc-js'
import type { Logger } from 'pino'
import { IngestPipeline, PriceCatalog, TokenCounter, WriteQueue } from '@llm-observatory/ingest'
import { createDuckDbBackend, type Backend } from '@llm-observatory/storage'
import type { Config } from './config.js'
import { ApiKeyService } from './auth/api-key-service.js'
import { ProjectResolver } from './auth/project-resolver.js'
import { bootstrapDefaultProject, bootstrapFirstAdmin, type BootstrapResult } from './bootstrap.js'
import { createIdentityServices } from './auth/identity-services.js'
import { buildApp, buildOtlpApp, type AppDeps } from './app.js'
import { closeGrpc, createGrpcServer, listenGrpc } from './grpc-server.js'
import { AuditLog } from './audit/audit-log.js'
import { ProjectSettingsService } from './projects/project-settings-service.js'
import { createProjectRedactors } from './redaction/create-project-redactors.js'
import { TokenBucketRateLimiter, type RateLimiter } from './limits/rate-limiter.js'

export interface RunningServer {
  config: Config
  backend: Backend
  bootstrap: BootstrapResult
  api: App | null
  /** Bound ports (the configured ones, or the OS's choice), null when disabled. */
  ports: { api: number | null; otlpHttp: number | null; otlpGrpc: number | null }
  /**
   * Graceful shutdown: stops accepting, lets in-flight requests finish (their rows are
   * committed before they are answered), flushes the write queue and checkpoints storage.
   */
  close(): Promise<void>
}

export interface Services {
  backend: Backend
  queue: WriteQueue
  bootstrap: BootstrapResult
  deps: AppDeps
  /** Flushes the write queue and closes storage (listeners must be closed first). */
  close(): Promise<void>
}

/** Opens storage, bootstraps the default project and wires the ingest pipeline. */
export async function createServices(
  config: Config,
  logger: Logger,
  overrides: { backend?: Backend; rateLimiter?: RateLimiter } = {},
): Promise<Services> {
  const backend =
    overrides.backend ??
    createDuckDbBackend({
      dataDir: config.dataDir,
      memoryLimit: config.duckdbMemoryLimit,
      checkpointThreshold: config.duckdbCheckpointThreshold,
    })
  await backend.open()
  const keys = new ApiKeyService(backend)
  const project = await bootstrapDefaultProject(backend, keys, config.init)
  const bootstrap: BootstrapResult = {
    ...project,
    createdAdmin: await bootstrapFirstAdmin(backend, project.defaultProject.id, {
      email: config.auth.adminEmail,
      password: config.auth.adminPassword,
    }),
  }
  const projects = new ProjectResolver(
    keys,
    bootstrap.defaultProject.id,
    config.allowUnauthenticatedLoopback,
  )
  const queue = new WriteQueue({
    write: (batch) => backend.write(batch),
    flushIntervalMs: config.flushIntervalMs,
    maxPendingRows: config.maxPendingRows,
    // Map and hand over the next group while the previous one commits (bench:ingest).
    maxConcurrentWrites: 2,
    isEagerFlush: true,
  })
  const pipeline = new IngestPipeline({
    queue,
    prices: new PriceCatalog(),
    tokens: new TokenCounter(),
    redaction: await createProjectRedactors({
      settings: config.piiRedaction,
      dataDir: config.dataDir,
      // Through the app's settings service, whose cache a project PATCH invalidates.
      projectPolicy: async (projectId) => (await deps.settings.get(projectId)).pii,
    }),
  })
  const settings = new ProjectSettingsService(backend)
  const identity = await createIdentityServices({
    backend,
    keys,
    settings,
    defaultProjectId: bootstrap.defaultProject.id,
    allowUnauthenticatedLoopback: config.allowUnauthenticatedLoopback,
    dataDir: config.dataDir,
    auth: config.auth,
  })
  const deps: AppDeps = {
    identity,
    backend,
    pipeline,
    queue,
    projects,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    keys,
    settings,
    audit: new AuditLog(pipeline, bootstrap.defaultProject.id),
    rateLimiter: overrides.rateLimiter ?? new TokenBucketRateLimiter(),
    hardening: {
      rateLimit: config.rateLimit,
      corsOrigins: config.corsOrigins,
      maxJsonDepth: config.maxJsonDepth,
      trustProxy: config.trustProxy,
    },
    webDir: config.webDir,
  }
  return {
    backend,
    queue,
    bootstrap,
    deps,
    close: async () => {
      await queue.close()
      await backend.close()
    },
  }
}

/** Composition root: services plus the API, OTLP/HTTP and OTLP/gRPC listeners. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const services = await createServices(config, logger)
  const { backend, bootstrap, deps } = services

  const listening: App[] = []
  let grpcServer: grpc.Server | null = null
  const ports: RunningServer['ports'] = { api: null, otlpHttp: null, otlpGrpc: null }
  let api: App | null = null
  try {
    if (config.port > 0) {
      api = await buildApp(deps)
      await api.listen({ host: config.host, port: config.port })
      listening.push(api)
      ports.api = (api.server.address() as AddressInfo).port
    }
    if (config.otlpHttpPort > 0) {
      const otlp = await buildOtlpApp(deps)
      await otlp.listen({ host: config.host, port: config.otlpHttpPort })
      listening.push(otlp)
      ports.otlpHttp = (otlp.server.address() as AddressInfo).port
    }
    if (config.otlpGrpcPort > 0) {
      grpcServer = createGrpcServer({
        pipeline: deps.pipeline,
        projects: deps.projects,
        logger,
        maxBodyBytes: config.maxBodyBytes,
        rateLimiter: deps.rateLimiter,
        rateLimit: config.rateLimit,
      })
      ports.otlpGrpc = await listenGrpc(grpcServer, config.host, config.otlpGrpcPort)
    }
  } catch (err) {
    await Promise.allSettled(listening.map((a) => a.close()))
    if (grpcServer) await closeGrpc(grpcServer)
    await services.close()
    throw err
  }

  let closing: Promise<void> | null = null
  const close = () => {
    closing ??= (async () => {
      // Requests still in flight are answered (with their rows committed) before close returns.
      await Promise.allSettled([
        ...listening.map((a) => a.close()),
        grpcServer ? closeGrpc(grpcServer) : Promise.resolve(),
      ])
      await services.close()
    })()
    return closing
  }
  return { config, backend, bootstrap, api, ports, close }
}
