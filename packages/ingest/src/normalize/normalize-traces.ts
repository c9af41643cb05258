import {
  makeEmptySpan,
  isSpanId,
  isTraceId,
  type Span,
  type SpanEvent,
  type SpanStatus,
} from '@llm-observatory/core'
import type { OtlpNormalizeContext } from '../otlp/normalize-logs.js'
import { otlpNanosToMicros } from '../otlp/otlp-time.js'
import type { OtlpRejections, OtlpTracesRequest } from '../otlp/otlp-types.js'
import { defaultValueLimits, keyValuesToRecord, type ValueLimits } from '../otlp/otlp-values.js'
import { linkBatchSpans } from './link-batch-spans.js'
import { mapGenAiAttributes } from './map-genai-attributes.js'
import { isRecord, readString } from './read-attribute.js'

/** Attribute where normalization notes what it had to repair (a string array). */
export const warningsAttribute = 'observatory.warnings'

/** 2000-01-01T00:00:00Z: earlier span times are clock bugs, not data. */
const minPlausibleUs = 946_684_800_000_000
const dayUs = 86_400_000_000

interface ResourceInfo {
  attributes: Record<string, unknown>
  serviceName: string | null
  serviceIsUnknown: boolean
  environment: string | null
  release: string | null
}

/**
 * Turns an OTLP traces request (OTLP/JSON shape, from either decoder, or anything at all) into
 * normalized spans for every instrumentation stack of `shared/otel-genai-mapping.md`.
 *
 * - Spans whose trace id is not 32 / span id not 16 lowercase hex (or all zeros) are rejected
 *   and counted per reason (`"2 spans rejected: invalid traceId"`); the rest of the batch is kept.
 *   A span whose shape is so broken that converting it fails is rejected as `malformed span`.
 * - Times are repaired, never rejected: a missing or implausible start (before 2000, more than a
 *   day after `ctx.receivedAtUs`) becomes the end when that is plausible, else the receive time;
 *   a missing, implausible or earlier-than-start end becomes the start. Each repair is noted in
 *   `attributes['observatory.warnings']`.
 * - GenAI fields come from `mapGenAiAttributes`; cross-span rules (Anthropic SDK child merge,
 *   wrappers, user/session/tags inheritance) from `linkBatchSpans`, within this request.
 * - All attributes are kept raw in `attributes`, the resource's in `resourceAttributes`.
 * - Service name: resource `service.name` (unless `unknown_service…`), then the span's; environment
 *   from `deployment.environment(.name)` then `langfuse.environment`; release from `service.version`
 *   then `langfuse.release`.
 *
 * Never throws, whatever `request` holds.
 *
 * @example
 * const { spans, rejected } = normalizeOtlpTraces(decodeOtlpTraces(body, 'protobuf'), {
 *   projectId: 'p1', receivedAtUs: Date.now() * 1000,
 * })
 * spans[0].inputTokens // 19
 */
export function normalizeOtlpTraces(
  request: OtlpTracesRequest,
  ctx: OtlpNormalizeContext,
): { spans: Span[]; rejected: OtlpRejections } {
  const limits = ctx.limits ?? defaultValueLimits
  const spans: Span[] = []
  const rejections = new Map<string, number>()
  const reject = (reason: string) => rejections.set(reason, (rejections.get(reason) ?? 0) + 1)
  const root: unknown = request
  for (const rs of listOf(isRecord(root) ? root.resourceSpans : undefined)) {
    if (!isRecord(rs)) continue
    const resource = readResource(rs.resource, limits)
    for (const ss of listOf(rs.scopeSpans)) {
      if (!isRecord(ss)) continue
      const scope = isRecord(ss.scope) ? ss.scope : null
      const scopeName = readString(scope?.name)
      const scopeVersion = readString(scope?.version)
      for (const raw of listOf(ss.spans)) {
        if (!isRecord(raw)) {
          reject('malformed span')
          continue
        }
        if (typeof raw.traceId !== 'string' || !isTraceId(raw.traceId)) {
          reject('invalid traceId')
          continue
        }
        if (typeof raw.spanId !== 'string' || !isSpanId(raw.spanId)) {
          reject('invalid spanId')
          continue
        }
        try {
          spans.push(
            normalizeSpan(
              raw,
              resource,
              scopeName,
              scopeVersion,
              ctx.projectId,
              ctx.receivedAtUs,
              limits,
            ),
          )
        } catch {
          reject('malformed span')
        }
      }
    }
  }
  try {
    linkBatchSpans(spans)
  } catch {
    // Linking only refines fields; the spans as mapped are still right on their own.
  }
  let rejected = 0
  const reasons: string[] = []
  for (const [reason, n] of rejections) {
    rejected += n
    reasons.push(`${n} ${n === 1 ? 'span' : 'spans'} rejected: ${reason}`)
  }
  return { spans, rejected: { rejected, errorMessage: reasons.join('; ') } }
}

function normalizeSpan(
  raw: Record<string, unknown>,
  resource: ResourceInfo,
  scopeName: string | null,
  scopeVersion: string | null,
  projectId: string,
  receivedAtUs: number,
  limits: ValueLimits,
): Span {
  const warnings: string[] = []
  const { startUs, endUs } = repairTimes(raw, receivedAtUs, warnings)
  const span = makeEmptySpan({
    projectId,
    traceId: raw.traceId as string,
    spanId: raw.spanId as string,
    name: typeof raw.name === 'string' ? raw.name : '',
    startTimeUs: startUs,
    endTimeUs: endUs,
  })
  const parent = raw.parentSpanId
  if (typeof parent === 'string' && parent !== '') {
    if (isSpanId(parent)) span.parentSpanId = parent
    else warnings.push('invalid parentSpanId dropped')
  }
  const kind = raw.kind
  span.otelKind =
    typeof kind === 'number' && Number.isInteger(kind) && kind >= 0 && kind <= 5 ? kind : null
  span.scopeName = scopeName
  span.scopeVersion = scopeVersion
  const status = isRecord(raw.status) ? raw.status : null
  span.status = statusOf(status?.code)
  span.errorMessage = span.status === 'error' ? readString(status?.message) : null
  span.events = readEvents(raw.events, startUs, limits)
  const a = Array.isArray(raw.attributes) ? keyValuesToRecord(raw.attributes, limits) : {}
  span.attributes = a
  span.resourceAttributes = resource.attributes

  const spanService = readString(a['service.name'])
  span.serviceName = resource.serviceIsUnknown
    ? (spanService ?? resource.serviceName)
    : (resource.serviceName ?? spanService)
  span.environment =
    resource.environment ??
    readString(a['deployment.environment.name']) ??
    readString(a['deployment.environment']) ??
    readString(a['langfuse.environment'])
  span.release =
    resource.release ?? readString(a['service.version']) ?? readString(a['langfuse.release'])

  mapGenAiAttributes(span, a)
  if (warnings.length > 0) a[warningsAttribute] = warnings
  return span
}

function repairTimes(
  raw: Record<string, unknown>,
  receivedAtUs: number,
  warnings: string[],
): { startUs: number; endUs: number } {
  const maxUs = receivedAtUs + dayUs
  const plausible = (us: number | null): us is number =>
    us !== null && us >= minPlausibleUs && us <= maxUs
  const start = otlpNanosToMicros(raw.startTimeUnixNano as string | number | undefined)
  const end = otlpNanosToMicros(raw.endTimeUnixNano as string | number | undefined)
  let startUs: number
  if (plausible(start)) {
    startUs = start
  } else {
    startUs = plausible(end) ? end : receivedAtUs
    warnings.push(start === null ? 'missing startTime' : 'implausible startTime')
  }
  let endUs: number
  if (!plausible(end)) {
    endUs = startUs
    warnings.push(end === null ? 'missing endTime' : 'implausible endTime')
  } else if (end < startUs) {
    endUs = startUs
    warnings.push('endTime before startTime')
  } else {
    endUs = end
  }
  return { startUs, endUs }
}

function statusOf(code: unknown): SpanStatus {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') return 'error'
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') return 'ok'
  return 'unset'
}

function readEvents(value: unknown, startUs: number, limits: ValueLimits): SpanEvent[] {
  if (!Array.isArray(value) || value.length === 0) return []
  const out: SpanEvent[] = []
  for (const e of value) {
    if (!isRecord(e)) continue
    out.push({
      name: typeof e.name === 'string' ? e.name : '',
      timeUs: otlpNanosToMicros(e.timeUnixNano as string | number | undefined) ?? startUs,
      attributes: Array.isArray(e.attributes) ? keyValuesToRecord(e.attributes, limits) : {},
    })
  }
  return out
}

function readResource(value: unknown, limits: ValueLimits): ResourceInfo {
  let attributes: Record<string, unknown> = {}
  if (isRecord(value) && Array.isArray(value.attributes)) {
    try {
      attributes = keyValuesToRecord(value.attributes, limits)
    } catch {
      attributes = {}
    }
  }
  const serviceName = readString(attributes['service.name'])
  return {
    attributes,
    serviceName,
    serviceIsUnknown: serviceName === null || serviceName.startsWith('unknown_service'),
    environment:
      readString(attributes['deployment.environment.name']) ??
      readString(attributes['deployment.environment']),
    release: readString(attributes['service.version']),
  }
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
