import pino, { type Logger } from 'pino'
import type { Config } from './config.js'

/**
 * Structured JSON logs. Credentials are redacted at the source; handlers never log bodies,
 * attribute values or prompt text (log a project id and counts instead).
 */
export function createLogger(level: Config['logLevel']): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'headers.authorization',
        'headers["x-api-key"]',
      ],
      censor: '[redacted]',
    },
  })
}
