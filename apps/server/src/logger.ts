import pino, { type DestinationStream, type Logger } from 'pino'
import type { Config } from './config.js'

/**
 * Paths pino replaces with `[redacted]`: credentials in headers (requests and responses),
 * and any body or credential field a log call might pass by mistake.
 */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'headers["proxy-authorization"]',
  'metadata.authorization',
  'metadata["x-api-key"]',
  'req.body',
  'request.body',
  'body',
  'payload',
  'password',
  '*.password',
  'secret',
  '*.secret',
  'secretKey',
  '*.secretKey',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
]

/**
 * Error messages of drivers and parsers may quote the data they choked on (DuckDB: `Could not
 * convert string 'my prompt' to INT32`; JSON.parse: `"{"prompt": …" is not valid JSON`): on
 * each line, everything from the first to the last quote is replaced by `'…'` (or `"…"`) in the
 * message and stack before an error is logged.
 * @example scrubErrorText("Could not convert string 'my prompt' to INT32") // "… string '…' to INT32"
 */
export function scrubErrorText(text: string): string {
  // Greedy, per line: quotes inside quoted data (JSON) must not end the scrubbed run early.
  return text.replace(/'[^\n]*'/g, "'…'").replace(/"[^\n]*"/g, '"…"')
}

interface SerializedError {
  type: string
  message: string
  stack?: string
  code?: unknown
  cause?: SerializedError
}

function serializeError(err: unknown, depth = 0): unknown {
  if (typeof err === 'string') return scrubErrorText(err)
  if (!(err instanceof Error)) return err
  const out: SerializedError = { type: err.name, message: scrubErrorText(err.message) }
  if (err.stack) out.stack = scrubErrorText(err.stack)
  const code = (err as { code?: unknown }).code
  if (code !== undefined) out.code = code
  if (err.cause instanceof Error && depth < 5) {
    out.cause = serializeError(err.cause, depth + 1) as SerializedError
  }
  return out
}

/**
 * Structured JSON logs. Credentials are redacted at the source ({@link redactedLogPaths}),
 * error messages are scrubbed of quoted data ({@link scrubErrorText}); handlers never log
 * bodies, attribute values or prompt text (log a project id and counts instead).
 * @example const logger = createLogger('info') // JSON lines on stdout
 */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: redactedLogPaths, censor: '[redacted]' },
    serializers: { err: serializeError },
  }
  return destination ? pino(options, destination) : pino(options)
}
