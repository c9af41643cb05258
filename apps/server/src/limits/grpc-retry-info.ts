/** The trailer gRPC uses for rich error details: a serialized `google.rpc.Status`. */
export const grpcStatusDetailsKey = 'grpc-status-details-bin'

const retryInfoTypeUrl = 'type.googleapis.com/google.rpc.RetryInfo'

/**
 * A `google.rpc.Status { code, message, details: [Any(RetryInfo { retry_delay })] }`, hand-
 * encoded as protobuf (the codecs we ship lack `google.rpc`), for the `grpc-status-details-bin`
 * trailer. OTLP/gRPC clients retry RESOURCE_EXHAUSTED only when it carries RetryInfo, and then
 * wait `retry_delay` (OTLP specification, "Failures" of OTLP/gRPC).
 *
 * @example
 * metadata.set(grpcStatusDetailsKey, encodeRetryInfoStatus(8, 'Too many requests', 12))
 */
export function encodeRetryInfoStatus(
  code: number,
  message: string,
  retryAfterSeconds: number,
): Buffer {
  // google.protobuf.Duration { int64 seconds = 1 }
  const duration = Buffer.from([0x08, ...varint(Math.max(0, Math.ceil(retryAfterSeconds)))])
  // google.rpc.RetryInfo { Duration retry_delay = 1 }
  const retryInfo = lengthDelimited(1, duration)
  // google.protobuf.Any { string type_url = 1; bytes value = 2 }
  const any = Buffer.concat([
    lengthDelimited(1, Buffer.from(retryInfoTypeUrl, 'utf8')),
    lengthDelimited(2, retryInfo),
  ])
  // google.rpc.Status { int32 code = 1; string message = 2; repeated Any details = 3 }
  return Buffer.concat([
    Buffer.from([0x08, ...varint(code)]),
    lengthDelimited(2, Buffer.from(message, 'utf8')),
    lengthDelimited(3, any),
  ])
}

function lengthDelimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(bytes.length)]), bytes])
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
