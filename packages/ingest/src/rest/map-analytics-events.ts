import {
  ObservatoryError,
  isObservatoryError,
  toSpanId,
  toTraceId,
  type AnalyticsEvent,
  type EventType,
  type FieldError,
} from '@llm-observatory/core'
import {
  AnalyticsEventInput,
  AnalyticsEventNested,
  analyticsEventFields,
  analyticsEventTypes,
  analyticsPayloadSchemas,
  analyticsSourceModules,
  contractFieldErrors,
  type AnalyticsEventRequest,
  type BatchItemResult,
} from '@llm-observatory/contracts'
import { setOwn } from '../otlp/otlp-values.js'
import { readBatchItems } from './batch-items.js'
import { failedItem, skippedItem } from './batch-response.js'
import { copyUnknownFields, recordOrNull, textOrNull, toStringRecord } from './field-values.js'
import { parseTimeField } from './parse-time-input.js'
import { defaultRandomHex, uuidFromHex, type RestMapContext } from './rest-context.js'
import { checkSchemaVersion, defaultSchemaVersion } from './schema-version.js'

const eventTypes: ReadonlySet<string> = new Set(analyticsEventTypes)
/** Known source modules by their letters alone, so `LlmCostOps`, `llm_cost_ops`, `LLM-CostOps` all match. */
const modulesBySquashedName = new Map(analyticsSourceModules.map((m) => [squash(m), m]))
const payloadTypes: ReadonlySet<string> = new Set(Object.keys(analyticsPayloadSchemas))
const payloadCategories: ReadonlySet<string> = new Set([
  'telemetry',
  'security',
  'cost',
  'governance',
])
const severities: Record<string, string> = {
  debug: 'debug',
  trace: 'debug',
  info: 'info',
  information: 'info',
  warning: 'warning',
  warn: 'warning',
  error: 'error',
  critical: 'critical',
  fatal: 'critical',
}

/**
 * Maps a `POST /api/v1/events` body (one event, flat or `{ common, payload }`,
 * `{ events: [...] }` or a bare array) to analytics events, item by item: each event succeeds or fails on its
 * own (field errors relative to the event), and an event whose `event_id` repeats an earlier
 * one of the batch is `skipped`. Results are in request order.
 *
 * Per event (seeds 000/001):
 * - `schema_version` (default 1.0.0) is checked first (`checkSchemaVersion`): an unsupported
 *   major fails the event with `ERR_INGEST_SCHEMA_VERSION`;
 * - `event_type` one of the seven types, any case; `source_module` one of the seven modules in
 *   any spelling (`LlmCostOps` → `llm-cost-ops`) or any other name, kept as given;
 * - `severity` debug/info/warning/error/critical (any case, `warn`, `fatal`), default info;
 * - `event_id` kept as given, else a random UUID; `timestamp` else the receive time;
 * - `trace_id` / `span_id` through `toTraceId` / `toSpanId`;
 * - `payload` in canonical form `{ type: 'latency', …fields }`: the serde forms
 *   `{ Latency: {…} }` and `{ Telemetry: { Latency: {…} } }` are unwrapped and CamelCase
 *   variant names snake_cased; a known variant is checked against its schema; fields of the
 *   event that are not common fields are merged into the payload (the payload's own win).
 *
 * A body that is not an object, or a batch not of 1 to 1000 events, throws `ERR_INGEST_VALIDATION`.
 *
 * @example mapAnalyticsEvents({ events: [e1, e1] }, ctx).items.map((i) => i.status) // ['success', 'skipped']
 */
export function mapAnalyticsEvents(
  body: AnalyticsEventRequest,
  ctx: RestMapContext,
): { events: AnalyticsEvent[]; items: BatchItemResult[] } {
  const { items: inputs } = readBatchItems(
    body,
    'events',
    (r) => 'source_module' in r || 'common' in r,
  )
  const events: AnalyticsEvent[] = []
  const items: BatchItemResult[] = []
  const firstIndexById = new Map<string, number>()
  inputs.forEach((input, index) => {
    let event: AnalyticsEvent
    try {
      event = mapEvent(input, ctx)
    } catch (err) {
      if (!isObservatoryError(err)) throw err
      items.push(failedItem(index, err))
      return
    }
    const first = firstIndexById.get(event.eventId)
    if (first !== undefined) {
      items.push(skippedItem(index, event.eventId, first, 'event_id'))
      return
    }
    firstIndexById.set(event.eventId, index)
    events.push(event)
    items.push({ index, id: event.eventId, status: 'success' })
  })
  return { events, items }
}

function invalid(fieldErrors: FieldError[]): ObservatoryError {
  return new ObservatoryError('ERR_INGEST_VALIDATION', {
    message: 'The event is not valid: see field_errors.',
    fieldErrors,
  })
}

function mapEvent(input: unknown, ctx: RestMapContext): AnalyticsEvent {
  const record = recordOrNull(input)
  const isNested = record !== null && recordOrNull(record['common']) !== null
  const schemaErrors = contractFieldErrors(
    isNested ? AnalyticsEventNested : AnalyticsEventInput,
    input,
  )
  if (schemaErrors.length > 0) throw invalid(schemaErrors)
  const event = record as Record<string, unknown>
  const common = (isNested ? event['common'] : event) as AnalyticsEventInput
  const at = (field: string): string => (isNested ? `common.${field}` : field)

  checkSchemaVersion(textOrNull(common.schema_version) ?? defaultSchemaVersion)

  const errors: FieldError[] = []
  const eventType = common.event_type.trim().toLowerCase()
  if (!eventTypes.has(eventType)) {
    errors.push({
      field: at('event_type'),
      message: `must be one of ${analyticsEventTypes.join(', ')}`,
    })
  }
  const severityText = textOrNull(common.severity)?.toLowerCase() ?? 'info'
  const severity = Object.hasOwn(severities, severityText) ? severities[severityText] : undefined
  if (severity === undefined) {
    errors.push({
      field: at('severity'),
      message: 'must be one of debug, info, warning, error, critical',
    })
  }
  const sourceModule = common.source_module.trim()
  if (sourceModule === '') errors.push({ field: at('source_module'), message: 'must not be blank' })
  const timeUs = parseTimeField(common.timestamp, at('timestamp'), errors)

  const extra: Record<string, unknown> = {}
  copyUnknownFields(event, isNested ? new Set(['common', 'payload']) : analyticsEventFields, extra)
  if (isNested) copyUnknownFields(common, analyticsEventFields, extra)
  const payload = canonicalPayload(event['payload'])
  for (const [k, v] of Object.entries(extra)) if (!Object.hasOwn(payload, k)) setOwn(payload, k, v)
  const payloadType = typeof payload['type'] === 'string' ? payload['type'] : null
  if (payloadType !== null && payloadTypes.has(payloadType)) {
    const schema = analyticsPayloadSchemas[payloadType as keyof typeof analyticsPayloadSchemas]
    errors.push(...contractFieldErrors(schema, payload, 'payload'))
  }
  if (errors.length > 0) throw invalid(errors)

  const givenTrace = textOrNull(common.trace_id)
  const givenSpan = textOrNull(common.span_id)
  return {
    projectId: ctx.projectId,
    eventId: textOrNull(common.event_id) ?? uuidFromHex((ctx.randomHex ?? defaultRandomHex)(32)),
    timeUs: timeUs ?? ctx.receivedAtUs,
    sourceModule: modulesBySquashedName.get(squash(sourceModule)) ?? sourceModule,
    eventType: eventType as EventType,
    schemaVersion: textOrNull(common.schema_version) ?? defaultSchemaVersion,
    severity: severity ?? 'info',
    environment: textOrNull(common.environment),
    traceId: givenTrace ? toTraceId(givenTrace) : null,
    spanId: givenSpan ? toSpanId(givenSpan) : null,
    correlationId: textOrNull(common.correlation_id),
    parentEventId: textOrNull(common.parent_event_id),
    userId: textOrNull(common.user_id),
    sessionId: textOrNull(common.session_id),
    tags: toStringRecord(common.tags),
    payload,
  }
}

/**
 * `{ type: 'latency', … }` from the accepted payload forms. Unwraps at most two levels of
 * single-key serde tagging (`{ Telemetry: { Latency: {…} } }`): a key counts as a tag when it
 * names a known variant or, at the outer level, a payload category.
 */
function canonicalPayload(value: unknown): Record<string, unknown> {
  const p = recordOrNull(value)
  if (p === null) return {}
  if (typeof p['type'] === 'string') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(p)) setOwn(out, k, v)
    out['type'] = snakeCase(p['type'])
    return out
  }
  const keys = Object.keys(p)
  const only = keys.length === 1 ? keys[0] : undefined
  const inner = only === undefined ? null : recordOrNull(p[only])
  if (only === undefined || inner === null) return { ...p }
  const tag = snakeCase(only)
  if (payloadCategories.has(tag)) {
    const innerKeys = Object.keys(inner)
    const variant = innerKeys.length === 1 ? innerKeys[0] : undefined
    const fields = variant === undefined ? null : recordOrNull(inner[variant])
    if (variant !== undefined && fields !== null && payloadTypes.has(snakeCase(variant))) {
      return withType(fields, snakeCase(variant))
    }
    return { ...p }
  }
  return payloadTypes.has(tag) ? withType(inner, tag) : { ...p }
}

function withType(fields: Record<string, unknown>, type: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) setOwn(out, k, v)
  out['type'] = type
  return out
}

/** `TokenUsage` → `token_usage`, `error-rate` → `error_rate`. */
function snakeCase(s: string): string {
  return s
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase()
}

function squash(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '')
}
