import { otlpProtoCodecs, type ProtoLong } from './otlp-proto-codecs.js'
import { int64Text } from './otlp-wire-reader.js'
import type { OtlpEncoding, OtlpRejections, OtlpSignal } from './otlp-types.js'

/** The per-signal name of the rejected-items counter in `partialSuccess`. */
const rejectedField = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
} as const satisfies Record<OtlpSignal, string>

/**
 * The body of a successful OTLP export response (HTTP 200, or the gRPC reply message), in the
 * request's encoding: `Export{Trace,Logs,Metrics}ServiceResponse`. With no rejections it is
 * empty (0 bytes of protobuf, or `{}`); otherwise it carries
 * `partialSuccess { rejected<Items>, errorMessage }`, as the OTLP spec asks.
 *
 * In JSON the 64-bit counter is a decimal string, the proto3 JSON mapping's canonical form
 * (every OTLP/JSON reader also accepts a number).
 *
 * @example encodeOtlpExportResponse('traces', 'json', { rejected: 2, errorMessage: 'span id invalid' })
 * // '{"partialSuccess":{"rejectedSpans":"2","errorMessage":"span id invalid"}}'
 */
export function encodeOtlpExportResponse(
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  rejections: OtlpRejections | null,
): Buffer | string {
  const partial =
    rejections && (rejections.rejected > 0 || rejections.errorMessage !== '')
      ? {
          [rejectedField[signal]]: Math.max(0, Math.trunc(rejections.rejected)),
          errorMessage: rejections.errorMessage,
        }
      : null
  if (encoding === 'json') {
    if (!partial) return '{}'
    return JSON.stringify({
      partialSuccess: {
        [rejectedField[signal]]: String(partial[rejectedField[signal]]),
        errorMessage: partial['errorMessage'],
      },
    })
  }
  if (!partial) return Buffer.alloc(0)
  const codec = otlpProtoCodecs[signal].response
  return Buffer.from(codec.encode(codec.fromObject({ partialSuccess: partial })).finish())
}

/**
 * Reads an export response body back (clients, gRPC response deserializer, tests): `null` when
 * nothing was rejected.
 */
export function decodeOtlpExportResponse(
  signal: OtlpSignal,
  body: Uint8Array,
): OtlpRejections | null {
  const message = otlpProtoCodecs[signal].response.decode(body) as {
    partialSuccess: Record<string, ProtoLong | number | string | null> | null
  }
  const partial = message.partialSuccess
  if (!partial) return null
  const count = partial[rejectedField[signal]]
  return {
    rejected: count == null ? 0 : Number(typeof count === 'string' ? count : longText(count)),
    errorMessage: typeof partial['errorMessage'] === 'string' ? partial['errorMessage'] : '',
  }
}

/**
 * An OTLP error body: `google.rpc.Status { code, message }` (gRPC status code, e.g. 3
 * INVALID_ARGUMENT), as protobuf (hand-encoded: the codecs we ship lack `google.rpc`) or JSON.
 * `code` must be a gRPC status code (0–16).
 *
 * @example encodeOtlpStatus(3, 'The body is not valid JSON.', 'json')
 * // '{"code":3,"message":"The body is not valid JSON."}'
 */
export function encodeOtlpStatus(
  code: number,
  message: string,
  encoding: OtlpEncoding,
): Buffer | string {
  if (!Number.isInteger(code) || code < 0 || code > 0x7fffffff) {
    throw new RangeError(`gRPC status code must be a non-negative integer, got ${code}`)
  }
  if (encoding === 'json') return JSON.stringify({ code, message })
  const text = Buffer.from(message, 'utf8')
  const parts: number[] = []
  // Field 1 `int32 code` (tag 0x08, varint), omitted when 0 as proto3 does.
  if (code !== 0) parts.push(0x08, ...varint(code))
  // Field 2 `string message` (tag 0x12, length-delimited).
  if (text.length > 0) parts.push(0x12, ...varint(text.length))
  return Buffer.concat([Buffer.from(parts), text])
}

function varint(n: number): number[] {
  const bytes: number[] = []
  while (n > 0x7f) {
    bytes.push((n & 0x7f) | 0x80)
    n = Math.floor(n / 128)
  }
  bytes.push(n)
  return bytes
}

function longText(v: ProtoLong | number): string {
  return typeof v === 'number' ? String(v) : int64Text(v.low >>> 0, v.high >>> 0)
}
