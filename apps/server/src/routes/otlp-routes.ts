import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  encodeOtlpExportResponse,
  encodeOtlpStatus,
  gunzipBody,
  type IngestPipeline,
  type OtlpEncoding,
  type OtlpSignal,
} from '@llm-observatory/ingest'
import { ObservatoryError } from '@llm-observatory/core'
import { toApiError } from '../http/error-mapping.js'
import { errorBody } from '../http/envelope.js'
import type { ProjectResolver } from '../auth/project-resolver.js'

export interface OtlpRouteDeps {
  pipeline: IngestPipeline
  projects: ProjectResolver
  maxBodyBytes: number
}

// gRPC status codes used in google.rpc.Status bodies (OTLP/HTTP error responses).
const grpcCodeByHttp: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  413: 8, // RESOURCE_EXHAUSTED
  415: 3,
  429: 8,
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
}

/**
 * OTLP/HTTP receivers: `POST …/v1/traces`, `…/v1/logs`, `…/v1/metrics` under any path prefix
 * (Langfuse's SDK posts to `/api/public/otel/v1/traces`). Protobuf and JSON, gzip/deflate,
 * chunked bodies. Success and error bodies use the request's encoding, as the OTLP spec asks;
 * JSON error bodies are both a `google.rpc.Status` (`code`, `message`) and our error envelope.
 */
export async function registerOtlpRoutes(app: FastifyInstance, deps: OtlpRouteDeps): Promise<void> {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: deps.maxBodyBytes },
    (_req, body, done) => {
      done(null, body)
    },
  )

  app.setErrorHandler((err, request, reply) => {
    const apiError = toApiError(err, deps.maxBodyBytes)
    if (apiError.code === 'internal_error') request.log.error({ err }, 'OTLP request failed')
    return sendOtlpError(request, reply, apiError)
  })

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const signal = signalOf(request.url)
    if (!signal) {
      throw new ObservatoryError('ERR_ROUTE_NOT_FOUND', {
        message: 'OTLP paths end in /v1/traces, /v1/logs or /v1/metrics.',
      })
    }
    const encoding = encodingOf(request.headers['content-type'])
    const project = await deps.projects.resolveForOtlp(request)
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
    const body = await decodeContentEncoding(
      raw,
      request.headers['content-encoding'],
      deps.maxBodyBytes,
    )
    const rejected = await deps.pipeline.ingestOtlp(signal, body, encoding, project.projectId)
    const payload = encodeOtlpExportResponse(
      signal,
      encoding,
      rejected.rejected > 0 ? rejected : null,
    )
    return reply
      .code(200)
      .header(
        'content-type',
        encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json',
      )
      .send(payload)
  }
  app.post(
    '/*',
    {
      config: { permission: 'ingest', allowLoopback: true },
      schema: {
        tags: ['otlp'],
        summary: 'OTLP/HTTP export: any path ending in /v1/traces, /v1/logs or /v1/metrics',
      },
    },
    handle,
  )
}

function signalOf(url: string): OtlpSignal | null {
  const q = url.indexOf('?')
  const path = (q >= 0 ? url.slice(0, q) : url).replace(/\/+$/, '')
  if (path.endsWith('/v1/traces')) return 'traces'
  if (path.endsWith('/v1/logs')) return 'logs'
  if (path.endsWith('/v1/metrics')) return 'metrics'
  return null
}

function encodingOf(contentType: string | undefined): OtlpEncoding {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf'
  if (type === 'application/json') return 'json'
  throw new ObservatoryError('ERR_INGEST_CONTENT_TYPE', {
    message: `Content-Type ${type || '(none)'} is not supported; send application/x-protobuf or application/json.`,
  })
}

async function decodeContentEncoding(
  body: Buffer,
  contentEncoding: string | undefined,
  maxBytes: number,
): Promise<Buffer> {
  const enc = (contentEncoding ?? 'identity').trim().toLowerCase()
  if (enc === '' || enc === 'identity') return body
  if (enc === 'gzip' || enc === 'x-gzip' || enc === 'deflate') return gunzipBody(body, maxBytes)
  throw new ObservatoryError('ERR_INGEST_CONTENT_TYPE', {
    message: `Content-Encoding ${enc} is not supported; send gzip, deflate or no encoding.`,
  })
}

function sendOtlpError(
  request: FastifyRequest,
  reply: FastifyReply,
  apiError: ReturnType<typeof toApiError>,
): FastifyReply {
  const envelope = errorBody(request, apiError)
  const status = (envelope['error'] as { status_code: number }).status_code
  if (apiError.retryAfter !== undefined) reply.header('retry-after', String(apiError.retryAfter))
  const grpcCode = grpcCodeByHttp[status] ?? 2
  let encoding: OtlpEncoding = 'json'
  try {
    encoding = encodingOf(request.headers['content-type'])
  } catch {
    encoding = 'json'
  }
  if (encoding === 'protobuf') {
    return reply
      .code(status)
      .header('content-type', 'application/x-protobuf')
      .send(encodeOtlpStatus(grpcCode, apiError.message, 'protobuf'))
  }
  return reply
    .code(status)
    .header('content-type', 'application/json')
    .send({ code: grpcCode, message: apiError.message, ...envelope })
}
