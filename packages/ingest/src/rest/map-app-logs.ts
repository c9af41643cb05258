import {
  ObservatoryError,
  toSpanId,
  toTraceId,
  type FieldError,
  type LogRecord,
  type LogSeverity,
} from '@llm-observatory/core'
import {
  AppLogEntry,
  appLogEntryFields,
  contractFieldErrors,
  type AppLogRequest,
} from '@llm-observatory/contracts'
import {
  copyFields,
  copyUnknownFields,
  firstGiven,
  recordOrNull,
  textOrNull,
} from './field-values.js'
import { readBatchItems } from './batch-items.js'
import { parseTimeField } from './parse-time-input.js'
import type { RestMapContext } from './rest-context.js'

/** Level names (upper-cased) → severity text and the OTLP severity number of that range's start. */
const levels: Record<string, [LogSeverity, number]> = {
  TRACE: ['TRACE', 1],
  DEBUG: ['DEBUG', 5],
  INFO: ['INFO', 9],
  INFORMATION: ['INFO', 9],
  NOTICE: ['INFO', 9],
  WARN: ['WARN', 13],
  WARNING: ['WARN', 13],
  ERROR: ['ERROR', 17],
  ERR: ['ERROR', 17],
  CRITICAL: ['CRITICAL', 21],
  CRIT: ['CRITICAL', 21],
  FATAL: ['CRITICAL', 21],
}

/**
 * Maps a `POST /api/v1/ingest/app` body (one record, `{ logs: [...] }` or a bare array) to log
 * records.
 * All or nothing: every problem of every record is collected and thrown as one
 * `ERR_INGEST_VALIDATION` whose field errors name the record (`logs.3.level`).
 *
 * - severity from `level` (any case; WARNING → WARN, FATAL → CRITICAL), default INFO, with
 *   the OTLP severity number of its range (DEBUG 5, INFO 9, WARN 13, ERROR 17, CRITICAL 21);
 * - `body`: `message`, else `msg`, else `body`; one of them is required;
 * - time: `timestamp` (see `parseTimeInput`), else the receive time; observed time = receive time;
 * - `trace_id` / `span_id` through `toTraceId` / `toSpanId` (originals that change are kept
 *   as `observatory.original_trace_id` / `_span_id`), so a log joins the LLM span it names;
 * - attributes: unknown fields, then `attributes`, `context`, `extra`; `user_id` → `user.id`,
 *   `session_id` → `session.id`, `request_id` → `observatory.request_id`, `exception` /
 *   `error_type` / `stack_trace` → `exception.{type,message,stacktrace}`;
 * - `environment` → resource attribute `deployment.environment.name`.
 *
 * @example mapAppLogs({ level: 'warning', message: 'slow retrieval' }, ctx)[0].severityText // 'WARN'
 */
export function mapAppLogs(body: AppLogRequest, ctx: RestMapContext): LogRecord[] {
  const { items, prefixes } = readBatchItems(body, 'logs')
  const errors: FieldError[] = []
  const logs: LogRecord[] = []
  items.forEach((item, i) => {
    const prefix = prefixes[i] ?? ''
    const schemaErrors = contractFieldErrors(AppLogEntry, item, prefix)
    if (schemaErrors.length > 0) errors.push(...schemaErrors)
    else logs.push(mapEntry(item as AppLogEntry, ctx, prefix ? `${prefix}.` : '', errors))
  })
  if (errors.length > 0) throw invalid(errors)
  return logs
}

function invalid(fieldErrors: FieldError[]): ObservatoryError {
  return new ObservatoryError('ERR_INGEST_VALIDATION', {
    message: 'The application log is not valid: see field_errors.',
    fieldErrors,
  })
}

function mapEntry(
  entry: AppLogEntry,
  ctx: RestMapContext,
  prefix: string,
  errors: FieldError[],
): LogRecord {
  const levelText = textOrNull(entry.level)?.toUpperCase() ?? 'INFO'
  const level = Object.hasOwn(levels, levelText) ? levels[levelText] : undefined
  if (!level) {
    errors.push({
      field: `${prefix}level`,
      message: 'must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL',
    })
  }
  const message = firstGiven<unknown>(entry.message, entry.msg, entry.body)
  if (message === null) {
    errors.push({ field: `${prefix}message`, message: 'is required (or body)' })
  }
  const time = parseTimeField(entry.timestamp, `${prefix}timestamp`, errors)

  const attributes: Record<string, unknown> = {}
  copyUnknownFields(entry, appLogEntryFields, attributes)
  copyFields(entry.attributes, attributes)
  copyFields(entry.context, attributes)
  copyFields(entry.extra, attributes)
  const named: [string, string | null][] = [
    ['user.id', textOrNull(entry.user_id)],
    ['session.id', textOrNull(entry.session_id)],
    ['observatory.request_id', textOrNull(entry.request_id)],
    ...exceptionAttributes(entry),
  ]
  for (const [key, value] of named) if (value !== null) attributes[key] = value

  const givenTrace = textOrNull(entry.trace_id)
  const givenSpan = textOrNull(entry.span_id)
  const traceId = givenTrace ? toTraceId(givenTrace) : null
  const spanId = givenSpan ? toSpanId(givenSpan) : null
  if (givenTrace && givenTrace.toLowerCase() !== traceId) {
    attributes['observatory.original_trace_id'] = givenTrace
  }
  if (givenSpan && givenSpan.toLowerCase() !== spanId) {
    attributes['observatory.original_span_id'] = givenSpan
  }
  const environment = textOrNull(entry.environment)
  return {
    projectId: ctx.projectId,
    timeUs: time ?? ctx.receivedAtUs,
    observedTimeUs: ctx.receivedAtUs,
    traceId,
    spanId,
    severityNumber: level?.[1] ?? null,
    severityText: level?.[0] ?? null,
    body: message,
    eventName: textOrNull(entry.event_name),
    serviceName: firstGiven(textOrNull(entry.service_name), textOrNull(entry.service)),
    logger: firstGiven(textOrNull(entry.logger), textOrNull(entry.logger_name)),
    attributes,
    resourceAttributes: environment ? { 'deployment.environment.name': environment } : {},
  }
}

function exceptionAttributes(entry: AppLogEntry): [string, string | null][] {
  const ex = entry.exception
  const exRecord = recordOrNull(ex)
  return [
    ['exception.type', firstGiven(textOrNull(exRecord?.['type']), textOrNull(entry.error_type))],
    [
      'exception.message',
      typeof ex === 'string' ? textOrNull(ex) : textOrNull(exRecord?.['message']),
    ],
    [
      'exception.stacktrace',
      firstGiven(textOrNull(exRecord?.['stacktrace']), textOrNull(entry.stack_trace)),
    ],
  ]
}
