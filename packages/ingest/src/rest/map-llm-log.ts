import {
  ObservatoryError,
  makeEmptySpan,
  toSpanId,
  toTraceId,
  type FieldError,
  type Message,
  type Span,
} from '@llm-observatory/core'
import {
  LlmLogRequest,
  contractFieldErrors,
  llmLogRequestFields,
  llmParamsFields,
  type LlmResponseObject,
  type LlmUsage,
} from '@llm-observatory/contracts'
import { setOwn } from '../otlp/otlp-values.js'
import { normalizeFinishReason } from '../normalize/normalize-finish-reason.js'
import { normalizeProvider } from '../normalize/normalize-provider.js'
import { mapChatMessage, mapResponseObject, textMessage } from './chat-messages.js'
import {
  copyFields,
  copyUnknownFields,
  firstGiven,
  numberOrNull,
  recordOrNull,
  textOrNull,
  toStringRecord,
} from './field-values.js'
import { resolveUsage } from './llm-usage.js'
import { parseTimeField } from './parse-time-input.js'
import { defaultRandomHex, type RestMapContext } from './rest-context.js'

type LlmLog = LlmLogRequest

const okStatuses = new Set(['success', 'succeeded', 'ok', 'completed'])
const errorStatuses = new Set(['error', 'failed', 'failure', 'timeout', 'cancelled', 'canceled'])
/** Request parameters whose semconv attribute name differs from the OpenAI parameter name. */
const paramAttributeNames = new Map([
  ['stop', 'gen_ai.request.stop_sequences'],
  ['n', 'gen_ai.request.choice.count'],
])

/**
 * Maps one `POST /api/v1/ingest/llm` body to an LLM span (kind `llm`, or `embedding` for
 * embedding operations). Pure: no I/O; random ids come from `ctx.randomHex`.
 *
 * - ids: `trace_id` / `span_id` / `parent_span_id` in any form through `toTraceId` /
 *   `toSpanId`; an original that is not already lowercase hex is kept as
 *   `observatory.original_trace_id` (…`_span_id`, …`_parent_span_id`). Without them the ids
 *   derive from `request_id` (so a retried log keeps its ids), else they are random.
 * - time: `start_time`/`end_time`; else `timestamp` is the end and `latency_ms` (or an
 *   alias) gives the start; neither: the receive time, duration 0.
 * - content: see `mapChatMessage`; `system`, `messages`, `prompt`, `input` in that order are
 *   the input; `output_messages`, else `response`, else `completion` the output.
 * - tokens: `tokens`, then `usage`, then flat fields, then `response.usage` (`resolveUsage`).
 * - status `error` when `success` is false, `status` says so, or any error field is set; `ok`
 *   when `success` is true or `status` says so; else `unset`.
 * - a reported cost sets `costSource` 'reported' and `priceSource` 'ingested'.
 * - latency parts become `observatory.latency.{queue,processing,network,other}_ms`
 *   attributes; unknown body fields and `attributes` are kept as attributes; request
 *   parameters other than temperature/top_p/max_tokens/stream as `gen_ai.request.<name>`.
 *
 * Throws `ERR_INGEST_VALIDATION` with every field error found: schema violations, times that
 * do not parse or run backwards, cached tokens above input, reasoning above output.
 *
 * @example mapLlmLog({ provider: 'OpenAI', model: 'gpt-4o', prompt: 'Hi', response: 'Hello',
 *   usage: { prompt_tokens: 8, completion_tokens: 2 } }, { projectId, receivedAtUs }).totalTokens // 10
 */
export function mapLlmLog(body: LlmLog, ctx: RestMapContext): Span {
  const schemaErrors = contractFieldErrors(LlmLogRequest, body)
  if (schemaErrors.length > 0) throw invalidLog(schemaErrors)
  const errors: FieldError[] = []
  const randomHex = ctx.randomHex ?? defaultRandomHex
  const attributes: Record<string, unknown> = {}
  copyUnknownFields(body, llmLogRequestFields, attributes)
  copyFields(body.attributes, attributes)

  const { startUs, endUs } = resolveTimes(body, ctx.receivedAtUs, errors)
  const ids = resolveIds(body, randomHex, attributes, errors)
  const operation =
    normalizeOperation(textOrNull(body.operation)) ??
    (body.kind === 'embedding' ? 'embeddings' : 'chat')
  const requestModel = firstGiven(
    textOrNull(body.model),
    textOrNull(body.model_name),
    textOrNull(body.request_model),
  )
  const response: LlmResponseObject | null =
    typeof body.response === 'object' && body.response !== null ? body.response : null

  const span = makeEmptySpan({
    projectId: ctx.projectId,
    traceId: ids.traceId,
    spanId: ids.spanId,
    name: textOrNull(body.name) ?? (requestModel ? `${operation} ${requestModel}` : operation),
    startTimeUs: startUs,
    endTimeUs: endUs,
  })
  span.parentSpanId = ids.parentSpanId
  span.kind = body.kind ?? (operation === 'embeddings' ? 'embedding' : 'llm')
  span.operation = operation
  span.provider = normalizeProvider(body.provider)
  span.requestModel = requestModel
  span.responseModel = firstGiven(textOrNull(body.response_model), textOrNull(response?.model))
  span.serviceName = firstGiven(textOrNull(body.service_name), textOrNull(body.service))
  span.environment = textOrNull(body.environment)
  span.release = textOrNull(body.release)
  span.userId = firstGiven(textOrNull(body.user_id), textOrNull(body.user))
  span.sessionId = textOrNull(body.session_id)
  span.tags = mapTags(body.tags)
  span.metadata = toStringRecord(body.metadata)

  span.inputMessages = inputMessages(body)
  span.outputMessages = outputMessages(body, response)
  span.toolDefinitions = body.tools ?? null
  const rawFinish = firstGiven(textOrNull(body.finish_reason), textOrNull(response?.stop_reason))
  span.finishReason =
    normalizeFinishReason(rawFinish) ??
    span.outputMessages?.find((m) => m.finishReason)?.finishReason ??
    null
  if (rawFinish !== null && normalizeFinishReason(rawFinish) === null) {
    attributes['gen_ai.response.finish_reasons'] = [rawFinish]
  }

  const usage = resolveUsage([body.tokens, body.usage, flatUsage(body), response?.usage], errors)
  Object.assign(span, usage)

  applyParams(span, body, attributes)
  applyStatus(span, body, errors)
  applyCost(span, body)

  span.ttftMs = firstGiven(body.ttft_ms, body.time_to_first_token_ms)
  span.tokensPerSecond = body.tokens_per_second ?? null
  const breakdown = body.breakdown
  const latencyParts: [string, number | null][] = [
    [
      'queue_ms',
      firstGiven(body.queue_ms, body.queue_time_ms, breakdown?.queue_time_ms, breakdown?.queue_ms),
    ],
    [
      'processing_ms',
      firstGiven(
        body.processing_ms,
        body.processing_time_ms,
        breakdown?.processing_time_ms,
        breakdown?.processing_ms,
      ),
    ],
    [
      'network_ms',
      firstGiven(
        body.network_ms,
        body.network_time_ms,
        breakdown?.network_time_ms,
        breakdown?.network_ms,
      ),
    ],
    ['other_ms', breakdown?.other_ms ?? null],
  ]
  for (const [name, value] of latencyParts) {
    if (value !== null) attributes[`observatory.latency.${name}`] = value
  }
  const requestId = textOrNull(body.request_id)
  if (requestId !== null) attributes['observatory.request_id'] = requestId
  const modelVersion = textOrNull(body.model_version)
  if (modelVersion !== null) attributes['observatory.model_version'] = modelVersion
  const responseId = textOrNull(response?.id)
  if (responseId !== null) attributes['gen_ai.response.id'] = responseId
  span.attributes = attributes

  if (errors.length > 0) throw invalidLog(errors)
  return span
}

function invalidLog(fieldErrors: FieldError[]): ObservatoryError {
  return new ObservatoryError('ERR_INGEST_VALIDATION', {
    message: 'The LLM log is not valid: see field_errors.',
    fieldErrors,
  })
}

function resolveTimes(
  body: LlmLog,
  receivedAtUs: number,
  errors: FieldError[],
): { startUs: number; endUs: number } {
  const start = parseTimeField(body.start_time, 'start_time', errors)
  const end = parseTimeField(body.end_time, 'end_time', errors)
  const at = parseTimeField(body.timestamp, 'timestamp', errors)
  const latencyMs = firstGiven(
    body.latency_ms,
    body.response_time_ms,
    body.total_latency_ms,
    body.duration_ms,
  )
  const latencyUs = latencyMs === null ? null : Math.round(latencyMs * 1000)
  let startUs: number
  let endUs: number
  if (start !== null) {
    startUs = start
    endUs =
      end ?? (latencyUs !== null ? start + latencyUs : at !== null && at >= start ? at : start)
  } else {
    endUs = end ?? at ?? receivedAtUs
    startUs = latencyUs !== null ? endUs - latencyUs : endUs
  }
  if (endUs < startUs) {
    errors.push({ field: 'end_time', message: 'must not be before start_time' })
    endUs = startUs
  }
  return { startUs, endUs }
}

function resolveIds(
  body: LlmLog,
  randomHex: (length: number) => string,
  attributes: Record<string, unknown>,
  errors: FieldError[],
): { traceId: string; spanId: string; parentSpanId: string | null } {
  const requestId = textOrNull(body.request_id)
  const givenTrace = textOrNull(body.trace_id)
  const givenSpan = textOrNull(body.span_id)
  const givenParent = textOrNull(body.parent_span_id)
  const traceId = givenTrace
    ? toTraceId(givenTrace)
    : requestId
      ? toTraceId(requestId)
      : randomHex(32)
  const spanId = givenSpan ? toSpanId(givenSpan) : requestId ? toSpanId(requestId) : randomHex(16)
  const parentSpanId = givenParent ? toSpanId(givenParent) : null
  keepOriginal(attributes, 'observatory.original_trace_id', givenTrace, traceId)
  keepOriginal(attributes, 'observatory.original_span_id', givenSpan, spanId)
  keepOriginal(attributes, 'observatory.original_parent_span_id', givenParent, parentSpanId)
  if (parentSpanId !== null && parentSpanId === spanId) {
    errors.push({ field: 'parent_span_id', message: 'must differ from span_id' })
  }
  return { traceId, spanId, parentSpanId }
}

function keepOriginal(
  attributes: Record<string, unknown>,
  key: string,
  given: string | null,
  mapped: string | null,
): void {
  if (given !== null && given.toLowerCase() !== mapped) attributes[key] = given
}

/** Operation names as GenAI semconv spells them (`gen_ai.operation.name`). */
function normalizeOperation(op: string | null): string | null {
  if (op === null) return null
  const o = op.toLowerCase()
  if (o === 'embedding' || o === 'embeddings' || o === 'embed') return 'embeddings'
  if (o === 'completion' || o === 'completions' || o === 'text_completion') return 'text_completion'
  if (
    o === 'chat' ||
    o === 'chat_completion' ||
    o === 'chat.completions' ||
    o === 'chat_completions'
  ) {
    return 'chat'
  }
  return o
}

function inputMessages(body: LlmLog): Message[] | null {
  const out: Message[] = []
  const system = textOrNull(body.system)
  if (system !== null) out.push(textMessage('system', body.system ?? ''))
  for (const m of body.messages ?? []) out.push(mapChatMessage(m))
  if (typeof body.prompt === 'string') out.push(textMessage('user', body.prompt))
  else if (Array.isArray(body.prompt)) for (const m of body.prompt) out.push(mapChatMessage(m))
  if (typeof body.input === 'string') out.push(textMessage('user', body.input))
  else if (Array.isArray(body.input) && body.input.length > 0) {
    out.push({ role: 'user', parts: body.input.map((t) => ({ type: 'text', content: t })) })
  }
  return out.length > 0 ? out : null
}

function outputMessages(body: LlmLog, response: LlmResponseObject | null): Message[] | null {
  if (body.output_messages && body.output_messages.length > 0) {
    return body.output_messages.map(mapChatMessage)
  }
  if (typeof body.response === 'string') return [textMessage('assistant', body.response)]
  if (response) return mapResponseObject(response)
  if (typeof body.completion === 'string') return [textMessage('assistant', body.completion)]
  return null
}

function flatUsage(body: LlmLog): LlmUsage {
  return {
    prompt_tokens: body.prompt_tokens,
    completion_tokens: body.completion_tokens,
    total_tokens: body.total_tokens,
    input_tokens: body.input_tokens,
    output_tokens: body.output_tokens,
    cached_tokens: body.cached_tokens,
    reasoning_tokens: body.reasoning_tokens,
  }
}

/** Tags: a list as given (deduplicated, in order); a map as `key:value` strings. */
function mapTags(tags: LlmLog['tags']): string[] {
  if (Array.isArray(tags)) return [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))]
  const record = recordOrNull(tags)
  if (!record) return []
  return Object.entries(toStringRecord(record)).map(([k, v]) => `${k}:${v}`)
}

function applyParams(span: Span, body: LlmLog, attributes: Record<string, unknown>): void {
  const params = { ...(recordOrNull(body.parameters) ?? {}), ...(recordOrNull(body.params) ?? {}) }
  span.temperature = firstGiven(body.temperature, numberOrNull(params['temperature']))
  span.topP = firstGiven(body.top_p, numberOrNull(params['top_p']))
  span.maxTokens = firstGiven(
    body.max_tokens,
    numberOrNull(params['max_tokens']),
    numberOrNull(params['max_completion_tokens']),
    numberOrNull(params['max_output_tokens']),
  )
  const stream = firstGiven(body.stream, params['stream'])
  span.stream = typeof stream === 'boolean' ? stream : null
  for (const [key, value] of Object.entries(params)) {
    if (llmParamsFields.has(key) || value === undefined || value === null) continue
    setOwn(attributes, paramAttributeNames.get(key) ?? `gen_ai.request.${key}`, value)
  }
}

function applyStatus(span: Span, body: LlmLog, errors: FieldError[]): void {
  const statusText = textOrNull(body.status)?.toLowerCase() ?? null
  if (statusText !== null && !okStatuses.has(statusText) && !errorStatuses.has(statusText)) {
    errors.push({ field: 'status', message: 'must be success or error (or ok, failed, timeout)' })
  }
  const error = body.error
  const errorRecord = recordOrNull(error)
  const code = errorRecord?.['code'] ?? body.error_code
  span.errorType = firstGiven(
    textOrNull(body.error_type),
    textOrNull(errorRecord?.['type']),
    typeof code === 'number' ? String(code) : textOrNull(code),
  )
  span.errorMessage = firstGiven(
    textOrNull(body.error_message),
    typeof error === 'string' ? textOrNull(error) : textOrNull(errorRecord?.['message']),
  )
  const hasError =
    body.success === false ||
    (statusText !== null && errorStatuses.has(statusText)) ||
    span.errorType !== null ||
    span.errorMessage !== null ||
    (errorRecord !== null && Object.keys(errorRecord).length > 0)
  if (hasError) span.status = 'error'
  else if (body.success === true || (statusText !== null && okStatuses.has(statusText))) {
    span.status = 'ok'
  }
}

function applyCost(span: Span, body: LlmLog): void {
  const costRecord = recordOrNull(body.cost)
  const input = firstGiven(
    numberOrNull(costRecord?.['input_usd']),
    numberOrNull(costRecord?.['input']),
  )
  const output = firstGiven(
    numberOrNull(costRecord?.['output_usd']),
    numberOrNull(costRecord?.['output']),
  )
  const total = firstGiven(
    body.cost_usd,
    body.total_cost_usd,
    numberOrNull(body.cost),
    numberOrNull(costRecord?.['total_usd']),
    numberOrNull(costRecord?.['total']),
    input !== null && output !== null ? input + output : null,
  )
  if (total === null && input === null && output === null) return
  span.costUsd = total
  span.costInputUsd = input
  span.costOutputUsd = output
  span.costSource = 'reported'
  span.priceSource = 'ingested'
}
