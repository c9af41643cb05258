import { isSpanId, isTraceId, type LogRecord, type LogSeverity } from '@llm-observatory/core'
import { otlpNanosToMicros } from './otlp-time.js'
import type { OtlpLogsRequest, OtlpRejections } from './otlp-types.js'
import {
  defaultValueLimits,
  keyValuesToRecord,
  anyValueToJs,
  type ValueLimits,
} from './otlp-values.js'

export interface OtlpNormalizeContext {
  projectId: string
  /** When the server received the request (µs since the epoch): the time of last resort. */
  receivedAtUs: number
  limits?: ValueLimits
}

/** Severity ranges of the OTLP log data model: 1–4 TRACE … 21–24 FATAL (our CRITICAL). */
const severityByRange: readonly LogSeverity[] = [
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
  'CRITICAL',
]

const severityByText: Record<string, LogSeverity> = {
  TRACE: 'TRACE',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  INFORMATION: 'INFO',
  NOTICE: 'INFO',
  WARN: 'WARN',
  WARNING: 'WARN',
  ERROR: 'ERROR',
  ERR: 'ERROR',
  FATAL: 'CRITICAL',
  CRITICAL: 'CRITICAL',
  CRIT: 'CRITICAL',
  ALERT: 'CRITICAL',
  EMERGENCY: 'CRITICAL',
}

/**
 * Turns an OTLP logs request (OTLP/JSON shape, from either decoder) into `LogRecord`s.
 *
 * - body and attributes through `anyValueToJs` / `keyValuesToRecord` (with `ctx.limits`);
 * - `severityText`: the sender's text when it names a level (`warning` → WARN, `fatal` →
 *   CRITICAL, `INFO2` → INFO), else derived from `severityNumber` (1–4 TRACE, 5–8 DEBUG, 9–12
 *   INFO, 13–16 WARN, 17–20 ERROR, 21–24 CRITICAL), else null;
 * - `eventName`: the record's `eventName` field, else the `event.name` attribute (the OpenAI
 *   instrumentation puts chat content events only there), else null;
 * - trace/span ids: lowercase hex, or null when absent or invalid (the log is kept);
 * - `timeUs`: time, else observed time, else `ctx.receivedAtUs`; `observedTimeUs`: observed
 *   time, else `ctx.receivedAtUs`;
 * - `serviceName` from the resource's `service.name`, `logger` from the scope name.
 *
 * No record is rejected today (every field is optional in OTLP); `rejected` keeps the shape
 * the export response needs.
 *
 * @example normalizeOtlpLogs(decodeOtlpLogs(body, 'protobuf'), { projectId, receivedAtUs }).logs[0].eventName
 * // 'gen_ai.system.message'
 */
export function normalizeOtlpLogs(
  request: OtlpLogsRequest,
  ctx: OtlpNormalizeContext,
): { logs: LogRecord[]; rejected: OtlpRejections } {
  const limits = ctx.limits ?? defaultValueLimits
  const logs: LogRecord[] = []
  for (const rl of request.resourceLogs ?? []) {
    const resourceAttributes = keyValuesToRecord(rl.resource?.attributes, limits)
    const serviceName = stringOrNull(resourceAttributes['service.name'])
    for (const sl of rl.scopeLogs ?? []) {
      const logger = sl.scope?.name ? sl.scope.name : null
      for (const r of sl.logRecords ?? []) {
        const attributes = keyValuesToRecord(r.attributes, limits)
        const observedUs = otlpNanosToMicros(r.observedTimeUnixNano)
        const severityNumber = r.severityNumber ? r.severityNumber : null
        logs.push({
          projectId: ctx.projectId,
          timeUs: otlpNanosToMicros(r.timeUnixNano) ?? observedUs ?? ctx.receivedAtUs,
          observedTimeUs: observedUs ?? ctx.receivedAtUs,
          traceId: r.traceId && isTraceId(r.traceId) ? r.traceId : null,
          spanId: r.spanId && isSpanId(r.spanId) ? r.spanId : null,
          severityNumber,
          severityText: severityOf(r.severityText, severityNumber),
          body: r.body === undefined ? null : anyValueToJs(r.body, limits),
          eventName: r.eventName ? r.eventName : stringOrNull(attributes['event.name']),
          serviceName,
          logger,
          attributes,
          resourceAttributes,
        })
      }
    }
  }
  return { logs, rejected: { rejected: 0, errorMessage: '' } }
}

function severityOf(text: string | undefined, severityNumber: number | null): LogSeverity | null {
  if (text) {
    const fromText = severityByText[text.trim().toUpperCase().replace(/\d+$/, '')]
    if (fromText) return fromText
  }
  if (severityNumber !== null && severityNumber >= 1 && severityNumber <= 24) {
    return severityByRange[Math.floor((severityNumber - 1) / 4)] ?? null
  }
  return null
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
