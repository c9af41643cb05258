import { otlpProtoCodecs } from './otlp-proto-codecs.js'
import type {
  OtlpLogsRequest,
  OtlpMetricsRequest,
  OtlpSignal,
  OtlpTracesRequest,
} from './otlp-types.js'

interface RequestBySignal {
  traces: OtlpTracesRequest
  logs: OtlpLogsRequest
  metrics: OtlpMetricsRequest
}

const idKeys = new Set(['traceId', 'spanId', 'parentSpanId'])

/**
 * Encodes a request in the OTLP/JSON shape (what the decoders return) as an OTLP protobuf body:
 * the inverse of `decodeOtlpTraces(…, 'protobuf')` and friends. Used by the gRPC client side of
 * `otlpGrpcServiceDefinitions`, tests and benchmarks; not on the ingest path. Hex ids become
 * bytes; the rest (int64 strings or numbers, enums, base64 `bytesValue`) is protobufjs
 * `fromObject`'s job.
 *
 * @example encodeOtlpRequest('traces', { resourceSpans: [] }) // <Buffer >
 */
export function encodeOtlpRequest<S extends OtlpSignal>(
  signal: S,
  request: RequestBySignal[S],
): Buffer {
  const codec = otlpProtoCodecs[signal].request
  const message = codec.fromObject(idsToBytes(request) as Record<string, unknown>)
  return Buffer.from(codec.encode(message).finish())
}

function idsToBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsToBytes)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    out[key] = idKeys.has(key) && typeof v === 'string' ? Buffer.from(v, 'hex') : idsToBytes(v)
  }
  return out
}
