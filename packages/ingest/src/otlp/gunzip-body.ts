import { gunzip, inflate, inflateRaw } from 'node:zlib'
import { ObservatoryError } from '@llm-observatory/core'

type Inflate = typeof gunzip

/**
 * Inflates a `Content-Encoding: gzip` or `deflate` body, off the event loop (zlib thread pool),
 * stopping as soon as the output passes `maxBytes`, so a zip bomb costs at most `maxBytes` of
 * memory. The format is read from the bytes: gzip magic `1f 8b`, else a zlib header (what HTTP
 * `deflate` means), else raw deflate (what some clients send as `deflate` anyway).
 *
 * Throws `ERR_INGEST_TOO_LARGE` with `details.limit_bytes` past the limit, and
 * `ERR_INGEST_UNDECODABLE` for corrupt or truncated data.
 *
 * @example const body = await gunzipBody(request.body, 16 * 1024 * 1024)
 */
export async function gunzipBody(body: Uint8Array, maxBytes: number): Promise<Buffer> {
  const inflater = pickInflater(body)
  return new Promise((resolve, reject) => {
    inflater(body, { maxOutputLength: Math.max(1, maxBytes) }, (err, out) => {
      if (!err) {
        resolve(out)
        return
      }
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(
          new ObservatoryError('ERR_INGEST_TOO_LARGE', {
            message: `The decompressed body is larger than ${maxBytes} bytes.`,
            details: { limit_bytes: maxBytes },
          }),
        )
        return
      }
      reject(
        new ObservatoryError('ERR_INGEST_UNDECODABLE', {
          message: `The compressed body is corrupt or truncated (${zlibReason(err)}).`,
          cause: err,
        }),
      )
    })
  })
}

function pickInflater(body: Uint8Array): Inflate {
  const b0 = body[0]
  const b1 = body[1]
  if (b0 === 0x1f && b1 === 0x8b) return gunzip
  // RFC 1950 header: compression method 8, and the two bytes are a multiple of 31.
  if (b0 !== undefined && b1 !== undefined && (b0 & 0x0f) === 8 && (b0 * 256 + b1) % 31 === 0) {
    return inflate
  }
  return inflateRaw
}

function zlibReason(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'Z_BUF_ERROR') return 'unexpected end of data'
  if (code === 'Z_DATA_ERROR') return 'invalid compressed data'
  return code ?? 'zlib error'
}
