import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ApiErrorCode, FieldError } from '@llm-observatory/core'
import { apiErrorStatus } from '@llm-observatory/core'

export const apiVersion = 'v1'

declare module 'fastify' {
  interface FastifyRequest {
    /** process.hrtime.bigint() at onRequest, for meta.response_time_ms. */
    startedAt: bigint
  }
}

function meta(request: FastifyRequest): Record<string, unknown> {
  return {
    request_id: request.id,
    timestamp: new Date().toISOString(),
    api_version: apiVersion,
    response_time_ms: Number(process.hrtime.bigint() - request.startedAt) / 1e6,
  }
}

/** The success envelope of DESIGN.md: `{ status, data, error: null, meta }`. */
export function successBody(
  request: FastifyRequest,
  data: unknown,
  extra: Record<string, unknown> = {},
  status: 'success' | 'partial' = 'success',
): Record<string, unknown> {
  return { status, data, error: null, ...extra, meta: meta(request) }
}

export interface ApiErrorInput {
  code: ApiErrorCode
  message: string
  details?: Record<string, unknown> | undefined
  fieldErrors?: FieldError[] | undefined
}

export function errorBody(request: FastifyRequest, err: ApiErrorInput): Record<string, unknown> {
  return {
    status: 'error',
    data: null,
    error: {
      code: err.code,
      message: err.message,
      status_code: apiErrorStatus[err.code],
      details: err.details ?? null,
      field_errors: err.fieldErrors ?? [],
      timestamp: new Date().toISOString(),
    },
    meta: meta(request),
  }
}

export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  err: ApiErrorInput,
): FastifyReply {
  return reply.code(apiErrorStatus[err.code]).send(errorBody(request, err))
}
