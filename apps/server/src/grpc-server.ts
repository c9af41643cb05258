import * as grpc from '@grpc/grpc-js'
import { isObservatoryError } from '@llm-observatory/core'
import {
  otlpGrpcServiceDefinitions,
  type IngestPipeline,
  type OtlpSignal,
} from '@llm-observatory/ingest'
import type { Logger } from 'pino'
import { peerHost, type ProjectResolver } from './auth/project-resolver.js'
import type { RateLimiter } from './limits/rate-limiter.js'
import type { RateLimitSettings } from './limits/rate-limit-hook.js'
import { encodeRetryInfoStatus, grpcStatusDetailsKey } from './limits/grpc-retry-info.js'

export interface GrpcServerDeps {
  pipeline: IngestPipeline
  projects: ProjectResolver
  logger: Logger
  maxBodyBytes: number
  /** The same limiter as OTLP/HTTP, so a key has one bucket on every port. */
  rateLimiter: RateLimiter
  rateLimit: RateLimitSettings
}

const statusByApiCode: Record<string, grpc.status> = {
  bad_request: grpc.status.INVALID_ARGUMENT,
  validation_error: grpc.status.INVALID_ARGUMENT,
  unauthorized: grpc.status.UNAUTHENTICATED,
  forbidden: grpc.status.PERMISSION_DENIED,
  payload_too_large: grpc.status.RESOURCE_EXHAUSTED,
  // OTLP clients retry UNAVAILABLE and RESOURCE_EXHAUSTED (with RetryInfo), not INTERNAL.
  rate_limited: grpc.status.UNAVAILABLE,
  service_unavailable: grpc.status.UNAVAILABLE,
}

/**
 * OTLP/gRPC on :4317: TraceService, LogsService and MetricsService Export, with the same
 * authentication, rate limits and durable pipeline as OTLP/HTTP. A key over its ingestion
 * limit gets RESOURCE_EXHAUSTED with a RetryInfo (`grpc-status-details-bin`), which OTLP
 * clients honour by retrying after its delay.
 */
export function createGrpcServer(deps: GrpcServerDeps): grpc.Server {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': deps.maxBodyBytes,
  })
  const bind = (signal: OtlpSignal) =>
    ((call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      void (async () => {
        try {
          const { keyId, projectId } = await deps.projects.resolveForGrpc(
            call.metadata.getMap() as Record<string, string>,
            call.getPeer(),
          )
          if (deps.rateLimit.enabled) {
            // Same bucket names as OTLP/HTTP: one budget per key (or loopback host) on every port.
            const bucket =
              keyId === null ? `loopback:${peerHost(call.getPeer())}` : `project_key:${keyId}`
            const decision = await deps.rateLimiter.consume(bucket, deps.rateLimit.perMinute.ingest)
            if (!decision.allowed) {
              const message = `Too many requests: the limit is ${decision.limit} per minute; retry after the delay in RetryInfo.`
              const metadata = new grpc.Metadata()
              metadata.set(
                grpcStatusDetailsKey,
                encodeRetryInfoStatus(
                  grpc.status.RESOURCE_EXHAUSTED,
                  message,
                  decision.retryAfterSeconds,
                ),
              )
              callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: message, metadata })
              return
            }
          }
          const rejected = await deps.pipeline.ingestDecoded(signal, call.request, projectId)
          callback(null, { rejected: rejected.rejected > 0 ? rejected : null })
        } catch (err) {
          const code = isObservatoryError(err)
            ? (statusByApiCode[err.apiCode] ?? grpc.status.INTERNAL)
            : grpc.status.INTERNAL
          if (code === grpc.status.INTERNAL) deps.logger.error({ err }, 'gRPC export failed')
          callback({ code, details: isObservatoryError(err) ? err.message : 'internal error' })
        }
      })()
    }) as grpc.handleUnaryCall<unknown, unknown>
  server.addService(otlpGrpcServiceDefinitions.traces, { Export: bind('traces') })
  server.addService(otlpGrpcServiceDefinitions.logs, { Export: bind('logs') })
  server.addService(otlpGrpcServiceDefinitions.metrics, { Export: bind('metrics') })
  return server
}

export function listenGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(
      `${host}:${port}`,
      grpc.ServerCredentials.createInsecure(),
      (err, boundPort) => {
        if (err) reject(err)
        else resolve(boundPort)
      },
    )
  })
}

export function closeGrpc(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    server.tryShutdown(() => resolve())
    setTimeout(() => {
      server.forceShutdown()
      resolve()
    }, 5_000).unref()
  })
}
