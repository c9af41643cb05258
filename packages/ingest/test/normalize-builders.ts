import type {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpSpan,
  OtlpTracesRequest,
} from '@llm-observatory/ingest'

/** 2026-11-23T06:00:00Z in ms: inside the normalizer's plausible window for `receivedAtUs`. */
export const baseMs = 1_795_413_600_000
export const receivedAtUs = (baseMs + 3_600_000) * 1000

export function anyValue(v: unknown): OtlpAnyValue {
  if (typeof v === 'string') return { stringValue: v }
  if (typeof v === 'boolean') return { boolValue: v }
  if (typeof v === 'number')
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v }
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } }
  if (typeof v === 'object' && v !== null)
    return { kvlistValue: { values: kvs(v as Record<string, unknown>) } }
  return {}
}

/** Attributes as OTLP key-values: ints as decimal strings (protobuf decoding), floats as doubles. */
export function kvs(attrs: Record<string, unknown>): OtlpKeyValue[] {
  return Object.entries(attrs).map(([key, v]) => ({ key, value: anyValue(v) }))
}

let counter = 0

export function hexId(bytes: number): string {
  counter++
  return (counter.toString(16).padStart(4, '0') + 'a1b2c3d4e5f60718293a4b5c6d7e8f90').slice(
    0,
    bytes * 2,
  )
}

export interface SpanSpec {
  name?: string
  attrs?: Record<string, unknown>
  spanId?: string
  parentSpanId?: string
  traceId?: string
  /** Offset from `baseMs`, ms. */
  startMs?: number
  durationMs?: number
  kind?: number
  status?: { code?: number; message?: string }
  events?: { name: string; offsetMs?: number; attrs?: Record<string, unknown> }[]
  scope?: string
}

export function otlpSpan(spec: SpanSpec, traceId: string): OtlpSpan {
  const startMs = baseMs + (spec.startMs ?? 0)
  const endMs = startMs + (spec.durationMs ?? 1000)
  const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString()
  return {
    traceId: spec.traceId ?? traceId,
    spanId: spec.spanId ?? hexId(8),
    ...(spec.parentSpanId !== undefined ? { parentSpanId: spec.parentSpanId } : {}),
    name: spec.name ?? 'span',
    kind: spec.kind ?? 3,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(endMs),
    attributes: kvs(spec.attrs ?? {}),
    events: (spec.events ?? []).map((e) => ({
      name: e.name,
      timeUnixNano: nanos(startMs + (e.offsetMs ?? 0)),
      attributes: kvs(e.attrs ?? {}),
    })),
    status: spec.status ?? {},
  }
}

/** One request: spans grouped by scope (in order of first appearance), one resource, one trace. */
export function tracesRequest(
  specs: SpanSpec[],
  resource: Record<string, unknown> = { 'service.name': 'test-service' },
): OtlpTracesRequest {
  const traceId = hexId(16)
  const scopes = new Map<string, OtlpSpan[]>()
  for (const spec of specs) {
    const scope = spec.scope ?? 'test-scope'
    const list = scopes.get(scope) ?? []
    list.push(otlpSpan(spec, traceId))
    scopes.set(scope, list)
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: kvs(resource) },
        scopeSpans: [...scopes].map(([name, spans]) => ({
          scope: { name, version: '1.0.0' },
          spans,
        })),
      },
    ],
  }
}
