import { isObservatoryError } from '@llm-observatory/core'
import type { FastifyError } from 'fastify'
import type { ApiErrorInput } from './envelope.js'

/** Retry-After, in seconds, sent with 429 and 503 answers (OTel exporters honour it). */
export const defaultRetryAfterSeconds = 2

/**
 * Maps anything thrown in a handler or by Fastify itself to an API error. Messages of
 * unregistered errors are never passed through: they may hold data.
 */
export function toApiError(
  err: unknown,
  maxBodyBytes: number,
): ApiErrorInput & { retryAfter?: number } {
  if (isObservatoryError(err)) {
    const retry = err.details?.['retry_after_seconds']
    return {
      code: err.apiCode,
      message: err.message,
      details: err.details,
      fieldErrors: err.fieldErrors,
      ...(err.apiCode === 'rate_limited' || err.apiCode === 'service_unavailable'
        ? { retryAfter: typeof retry === 'number' ? retry : defaultRetryAfterSeconds }
        : {}),
    }
  }
  const fe = err as Partial<FastifyError> & {
    validation?: { instancePath?: string; message?: string; params?: Record<string, unknown> }[]
  }
  if (fe.validation) {
    return {
      code: 'validation_error',
      message: 'The request is not valid: see field_errors.',
      fieldErrors: fe.validation.map((v) => ({
        field: fieldName(v.instancePath, v.params),
        message: v.message ?? 'invalid',
      })),
    }
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        code: 'payload_too_large',
        message: `The request body is larger than the limit of ${maxBodyBytes} bytes; send smaller batches.`,
        details: { limit_bytes: maxBodyBytes },
      }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { code: 'unsupported_media_type', message: 'Send application/json.' }
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'bad_request', message: 'The JSON body is empty.' }
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'bad_request', message: 'The body is not valid JSON.' }
  }
  if (fe.statusCode === 400 || err instanceof SyntaxError) {
    return { code: 'bad_request', message: 'The request could not be parsed.' }
  }
  if (fe.statusCode === 413) {
    return {
      code: 'payload_too_large',
      message: `The request body is larger than ${maxBodyBytes} bytes.`,
      details: { limit_bytes: maxBodyBytes },
    }
  }
  if (fe.statusCode === 415)
    return { code: 'unsupported_media_type', message: 'Unsupported content type.' }
  return {
    code: 'internal_error',
    message: 'Internal error; the request id in meta identifies it in the server log.',
  }
}

function fieldName(
  instancePath: string | undefined,
  params: Record<string, unknown> | undefined,
): string {
  const base = (instancePath ?? '').replace(/^\//, '').replaceAll('/', '.')
  const missing = params?.['missingProperty'] ?? params?.['requiredProperties']
  if (typeof missing === 'string') return base ? `${base}.${missing}` : missing
  return base || '(body)'
}
