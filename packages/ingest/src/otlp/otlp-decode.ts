import { ObservatoryError } from '@llm-observatory/core'
import { checkLogsJson, checkMetricsJson, checkTracesJson } from './otlp-json-check.js'
import type {
  OtlpEncoding,
  OtlpLogsRequest,
  OtlpMetricsRequest,
  OtlpTracesRequest,
} from './otlp-types.js'
import { readLogsRequest, readMetricsRequest, readTracesRequest } from './otlp-wire-decode.js'

/**
 * Decodes an OTLP/HTTP traces body (already un-gzipped) into the OTLP/JSON shape of
 * `otlp-types.ts`: ids as lowercase hex, 64-bit integers as decimal strings (protobuf) or as sent
 * (JSON: numbers or strings), enums as integers, bytes as base64.
 *
 * - `protobuf`: an `ExportTraceServiceRequest`, read in one pass by `otlp-wire-decode.ts`;
 *   invalid UTF-8 in strings becomes U+FFFD; fields are kept exactly when the sender wrote them.
 * - `json`: OTLP/JSON; also accepts base64 ids (converted to hex), `intValue` as number or string,
 *   enum names (`"kind": "SPAN_KIND_CLIENT"`), and `null` for absent fields.
 *
 * Throws `ERR_INGEST_UNDECODABLE` (HTTP 400) when the body is not such a message; the message
 * names what is wrong, never payload text.
 *
 * @example decodeOtlpTraces(body, 'protobuf').resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.[0]?.traceId
 * // 'bd7e3ea7ba464c0becfca5d77e540651'
 */
export function decodeOtlpTraces(body: Uint8Array, encoding: OtlpEncoding): OtlpTracesRequest {
  if (encoding === 'json') return checkTracesJson(parseJson(body))
  return decodeProtobuf(body, readTracesRequest, 'ExportTraceServiceRequest')
}

/** {@link decodeOtlpTraces} for an `ExportLogsServiceRequest`. */
export function decodeOtlpLogs(body: Uint8Array, encoding: OtlpEncoding): OtlpLogsRequest {
  if (encoding === 'json') return checkLogsJson(parseJson(body))
  return decodeProtobuf(body, readLogsRequest, 'ExportLogsServiceRequest')
}

/** {@link decodeOtlpTraces} for an `ExportMetricsServiceRequest`. */
export function decodeOtlpMetrics(body: Uint8Array, encoding: OtlpEncoding): OtlpMetricsRequest {
  if (encoding === 'json') return checkMetricsJson(parseJson(body))
  return decodeProtobuf(body, readMetricsRequest, 'ExportMetricsServiceRequest')
}

function decodeProtobuf<T>(body: Uint8Array, read: (body: Uint8Array) => T, type: string): T {
  try {
    return read(body)
  } catch (err) {
    // The wire reader's RangeErrors name offsets only ("index out of range: 12 + 40 > 30",
    // "invalid wire type 7 at offset 3"), never payload bytes.
    const reason = err instanceof Error ? ` (${err.message})` : ''
    throw new ObservatoryError('ERR_INGEST_UNDECODABLE', {
      message: `The body is not a valid protobuf ${type}${reason}.`,
      cause: err,
    })
  }
}

function parseJson(body: Uint8Array): unknown {
  const buf = Buffer.isBuffer(body)
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  let text = buf.toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  try {
    return JSON.parse(text)
  } catch (err) {
    // V8's SyntaxError quotes the input near the error; keep only where it happened.
    const at = err instanceof Error ? /position \d+/.exec(err.message)?.[0] : undefined
    throw new ObservatoryError('ERR_INGEST_UNDECODABLE', {
      message: `The body is not valid JSON${at ? ` (at ${at})` : ''}.`,
    })
  }
}
