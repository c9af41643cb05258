import { parseArgs } from 'node:util'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import net from 'node:net'
import type { RateLimitSettings } from './limits/rate-limit-hook.js'

/** Server configuration, read once from the environment and CLI flags (flags win). */
export interface Config {
  host: string
  port: number
  otlpHttpPort: number
  otlpGrpcPort: number
  dataDir: string
  store: 'duckdb'
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Accept OTLP without a key from loopback clients, into the default project. */
  allowUnauthenticatedLoopback: boolean
  maxBodyBytes: number
  /** Group-commit interval of the write queue. */
  flushIntervalMs: number
  /** Rows waiting for commit before ingestion answers 429. */
  maxPendingRows: number
  duckdbMemoryLimit: string
  duckdbCheckpointThreshold: string
  init: {
    projectPublicKey: string | null
    projectSecretKey: string | null
  }
  /** Token buckets per key, user or client IP (requests per minute). */
  rateLimit: RateLimitSettings
  /** Origins allowed to call the API from a browser (CORS); empty: same origin only. */
  corsOrigins: string[]
  /**
   * Which proxies to believe about the client address (X-Forwarded-For), as Fastify's
   * `trustProxy`: false, true (any), or the proxies' addresses/CIDRs. IP rate limits need it behind
   * a reverse proxy.
   */
  trustProxy: boolean | string[]
  /** PII redaction at ingestion: the default of every project without rules of its own. */
  piiRedaction: PiiRedactionSettings
  /** Deepest nesting of arrays and objects accepted in a REST JSON body. */
  maxJsonDepth: number
  /** Users and logins (see docs/security.md). */
  auth: AuthSettings
  /** The built web dashboard served at `/` (default `apps/web/dist` of this checkout). */
  webDir: string
}

export interface AuthSettings {
  /** Signs access tokens (HS256); null: generated once into `<dataDir>/jwt-secret`. */
  jwtSecret: string | null
  /** E-mail of the first admin, created at first start when there is no user. */
  adminEmail: string
  /** Password of the first admin; null: a random one, printed once. */
  adminPassword: string | null
  accessTokenTtlSeconds: number
  /** Lifetime of a login (its refresh tokens). */
  refreshTokenTtlSeconds: number
}

export interface PiiRedactionSettings {
  /** off (default), redact (`[REDACTED:EMAIL]`) or hash (`[EMAIL:<12 hex>]`), every detector on. */
  mode: 'off' | 'redact' | 'hash'
  /** Key material of hash mode; null: generated once into `<dataDir>/pii-hash-secret`. */
  hashSecret: string | null
}

interface Option {
  env: string
  flag: string
  accepts: string
  parse: (raw: string) => unknown
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

const parsePort = (raw: string): number | undefined => {
  const n = Number(raw)
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined
}
const parsePositiveInt = (raw: string): number | undefined => {
  const n = Number(raw)
  return Number.isInteger(n) && n > 0 ? n : undefined
}
const parseBool = (raw: string): boolean | undefined =>
  ({ true: true, '1': true, yes: true, false: false, '0': false, no: false })[raw.toLowerCase()]
const parseNonEmpty = (raw: string): string | undefined =>
  raw.trim() === '' ? undefined : raw.trim()
const parseSize = (raw: string): string | undefined =>
  /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(raw.trim()) ? raw.trim() : undefined
const parseOrigins = (raw: string): string[] | undefined => {
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
  if (origins.length === 1 && origins[0] === '*') return origins
  // An origin is scheme://host[:port], no path: what browsers send in the Origin header.
  const ok = origins.every((o) =>
    /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:]+\](:\d{1,5})?$/i.test(o),
  )
  return ok && origins.length > 0 ? origins.map((o) => o.toLowerCase()) : undefined
}
const parseTrustProxy = (raw: string): boolean | string[] | undefined => {
  const flag = parseBool(raw)
  if (flag !== undefined) return flag
  const entries = raw.split(',').map((e) => e.trim())
  const ok = entries.every((e) => {
    const [address, bits, extra] = e.split('/')
    const family = net.isIP(address ?? '')
    if (family === 0 || extra !== undefined) return false
    if (bits === undefined) return true
    return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)
  })
  return ok ? entries : undefined
}

const options = {
  host: {
    env: 'OBSERVATORY_HOST',
    flag: 'host',
    accepts: 'a host name or IP address',
    parse: parseNonEmpty,
  },
  port: {
    env: 'OBSERVATORY_PORT',
    flag: 'port',
    accepts: 'a port 0-65535 (0 disables)',
    parse: parsePort,
  },
  otlpHttpPort: {
    env: 'OBSERVATORY_OTLP_HTTP_PORT',
    flag: 'otlp-http-port',
    accepts: 'a port 0-65535 (0 disables)',
    parse: parsePort,
  },
  otlpGrpcPort: {
    env: 'OBSERVATORY_OTLP_GRPC_PORT',
    flag: 'otlp-grpc-port',
    accepts: 'a port 0-65535 (0 disables)',
    parse: parsePort,
  },
  dataDir: {
    env: 'OBSERVATORY_DATA_DIR',
    flag: 'data-dir',
    accepts: 'a directory path',
    parse: parseNonEmpty,
  },
  store: {
    env: 'OBSERVATORY_STORE',
    flag: 'store',
    accepts: '"duckdb" (ClickHouse arrives with the scale-out issue)',
    parse: (raw: string) => (raw === 'duckdb' ? raw : undefined),
  },
  logLevel: {
    env: 'OBSERVATORY_LOG_LEVEL',
    flag: 'log-level',
    accepts: logLevels.join(', '),
    parse: (raw: string) => ((logLevels as readonly string[]).includes(raw) ? raw : undefined),
  },
  allowUnauthenticatedLoopback: {
    env: 'OBSERVATORY_ALLOW_UNAUTHENTICATED_LOOPBACK',
    flag: 'allow-unauthenticated-loopback',
    accepts: 'true or false',
    parse: parseBool,
  },
  maxBodyBytes: {
    env: 'OBSERVATORY_MAX_BODY_BYTES',
    flag: 'max-body-bytes',
    accepts: 'a positive integer (bytes)',
    parse: parsePositiveInt,
  },
  flushIntervalMs: {
    env: 'OBSERVATORY_FLUSH_INTERVAL_MS',
    flag: 'flush-interval-ms',
    accepts: 'a positive integer (milliseconds)',
    parse: parsePositiveInt,
  },
  maxPendingRows: {
    env: 'OBSERVATORY_MAX_PENDING_ROWS',
    flag: 'max-pending-rows',
    accepts: 'a positive integer',
    parse: parsePositiveInt,
  },
  duckdbMemoryLimit: {
    env: 'OBSERVATORY_DUCKDB_MEMORY_LIMIT',
    flag: 'duckdb-memory-limit',
    accepts: 'a size such as 2GB',
    parse: parseSize,
  },
  duckdbCheckpointThreshold: {
    env: 'OBSERVATORY_DUCKDB_CHECKPOINT_THRESHOLD',
    flag: 'duckdb-checkpoint-threshold',
    accepts: 'a size such as 256MB',
    parse: parseSize,
  },
  initProjectPublicKey: {
    env: 'OBSERVATORY_INIT_PROJECT_PUBLIC_KEY',
    flag: 'init-project-public-key',
    accepts: 'a key starting with pk-',
    parse: (raw: string) => (/^pk-[A-Za-z0-9_-]{4,200}$/.test(raw) ? raw : undefined),
  },
  initProjectSecretKey: {
    env: 'OBSERVATORY_INIT_PROJECT_SECRET_KEY',
    flag: 'init-project-secret-key',
    accepts: 'a key starting with sk- (at least 16 characters)',
    parse: (raw: string) => (/^sk-[A-Za-z0-9_-]{13,200}$/.test(raw) ? raw : undefined),
  },
  rateLimitEnabled: {
    env: 'OBSERVATORY_RATE_LIMIT_ENABLED',
    flag: 'rate-limit-enabled',
    accepts: 'true or false',
    parse: parseBool,
  },
  rateLimitAdminPerMinute: {
    env: 'OBSERVATORY_RATE_LIMIT_ADMIN_PER_MINUTE',
    flag: 'rate-limit-admin-per-minute',
    accepts: 'a positive integer (requests per minute)',
    parse: parsePositiveInt,
  },
  rateLimitDeveloperPerMinute: {
    env: 'OBSERVATORY_RATE_LIMIT_DEVELOPER_PER_MINUTE',
    flag: 'rate-limit-developer-per-minute',
    accepts: 'a positive integer (requests per minute)',
    parse: parsePositiveInt,
  },
  rateLimitViewerPerMinute: {
    env: 'OBSERVATORY_RATE_LIMIT_VIEWER_PER_MINUTE',
    flag: 'rate-limit-viewer-per-minute',
    accepts: 'a positive integer (requests per minute)',
    parse: parsePositiveInt,
  },
  rateLimitBillingPerMinute: {
    env: 'OBSERVATORY_RATE_LIMIT_BILLING_PER_MINUTE',
    flag: 'rate-limit-billing-per-minute',
    accepts: 'a positive integer (requests per minute)',
    parse: parsePositiveInt,
  },
  rateLimitIngestPerMinute: {
    env: 'OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE',
    flag: 'rate-limit-ingest-per-minute',
    accepts: 'a positive integer (requests per minute per project key)',
    parse: parsePositiveInt,
  },
  rateLimitAnonymousPerMinute: {
    env: 'OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE',
    flag: 'rate-limit-anonymous-per-minute',
    accepts: 'a positive integer (requests per minute per client IP)',
    parse: parsePositiveInt,
  },
  corsOrigins: {
    env: 'OBSERVATORY_CORS_ORIGINS',
    flag: 'cors-origins',
    accepts: 'comma-separated origins such as https://app.example.com, or *',
    parse: parseOrigins,
  },
  trustProxy: {
    env: 'OBSERVATORY_TRUST_PROXY',
    flag: 'trust-proxy',
    accepts: 'true, false, or comma-separated proxy addresses/CIDRs',
    parse: parseTrustProxy,
  },
  piiRedaction: {
    env: 'OBSERVATORY_PII_REDACTION',
    flag: 'pii-redaction',
    accepts: 'off, redact or hash',
    parse: (raw: string) => {
      const mode = raw.trim().toLowerCase()
      return mode === 'off' || mode === 'redact' || mode === 'hash' ? mode : undefined
    },
  },
  piiHashSecret: {
    env: 'OBSERVATORY_PII_HASH_SECRET',
    flag: 'pii-hash-secret',
    accepts: 'a secret of at least 32 characters',
    parse: (raw: string) => (raw.trim().length >= 32 ? raw.trim() : undefined),
  },
  maxJsonDepth: {
    env: 'OBSERVATORY_MAX_JSON_DEPTH',
    flag: 'max-json-depth',
    accepts: 'a positive integer (levels of arrays and objects)',
    parse: parsePositiveInt,
  },
  jwtSecret: {
    env: 'OBSERVATORY_JWT_SECRET',
    flag: 'jwt-secret',
    accepts: 'a secret of at least 32 characters',
    parse: (raw: string) => (raw.trim().length >= 32 ? raw.trim() : undefined),
  },
  adminEmail: {
    env: 'OBSERVATORY_ADMIN_EMAIL',
    flag: 'admin-email',
    accepts: 'an e-mail address such as admin@example.com',
    parse: (raw: string) =>
      /^[^\s@]{1,200}@[^\s@]{1,200}$/.test(raw.trim()) ? raw.trim().toLowerCase() : undefined,
  },
  adminPassword: {
    env: 'OBSERVATORY_ADMIN_PASSWORD',
    flag: 'admin-password',
    accepts: 'a password of 12 to 200 characters',
    parse: (raw: string) => (raw.length >= 12 && raw.length <= 200 ? raw : undefined),
  },
  accessTokenTtlSeconds: {
    env: 'OBSERVATORY_ACCESS_TOKEN_TTL_SECONDS',
    flag: 'access-token-ttl-seconds',
    accepts: 'a positive integer (seconds)',
    parse: parsePositiveInt,
  },
  refreshTokenTtlSeconds: {
    env: 'OBSERVATORY_REFRESH_TOKEN_TTL_SECONDS',
    flag: 'refresh-token-ttl-seconds',
    accepts: 'a positive integer (seconds)',
    parse: parsePositiveInt,
  },
  webDir: {
    env: 'OBSERVATORY_WEB_DIR',
    flag: 'web-dir',
    accepts: 'a directory path (the built dashboard)',
    parse: parseNonEmpty,
  },
} satisfies Record<string, Option>

type OptionName = keyof typeof options

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

/**
 * Reads the configuration from `env` and `argv` (CLI flags such as `--port 9000` win over
 * environment variables). Invalid values throw a {@link ConfigError} naming the variable and
 * what it accepts, so the start stops with a clear message.
 * @example loadConfig(process.env, ['--data-dir', '/var/lib/observatory'])
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: string[] = process.argv.slice(2),
): Config {
  const flagOptions = Object.fromEntries(
    Object.values(options).map((o) => [o.flag, { type: 'string' as const }]),
  )
  let flags: Record<string, string | boolean | undefined>
  try {
    flags = parseArgs({
      args: argv.filter((a) => a !== 'start'),
      options: flagOptions,
      strict: true,
    }).values
  } catch (err) {
    throw new ConfigError(
      `${(err as Error).message}. Flags: ${Object.values(options)
        .map((o) => '--' + o.flag)
        .join(', ')}`,
    )
  }

  const read = <T>(name: OptionName, fallback: T): T => {
    const o: Option = options[name]
    const fromFlag = flags[o.flag]
    const raw = typeof fromFlag === 'string' ? fromFlag : env[o.env]
    if (raw === undefined || raw === '') return fallback
    const value = o.parse(raw)
    if (value === undefined) {
      const source = typeof fromFlag === 'string' ? `--${o.flag}` : o.env
      throw new ConfigError(`${source} is invalid: it accepts ${o.accepts}.`)
    }
    return value as T
  }

  const host = read('host', '127.0.0.1')
  const publicKey = read<string | null>('initProjectPublicKey', null)
  const secretKey = read<string | null>('initProjectSecretKey', null)
  if ((publicKey === null) !== (secretKey === null)) {
    throw new ConfigError(
      'OBSERVATORY_INIT_PROJECT_PUBLIC_KEY and OBSERVATORY_INIT_PROJECT_SECRET_KEY must be set together.',
    )
  }
  return {
    host,
    port: read('port', 8080),
    otlpHttpPort: read('otlpHttpPort', 4318),
    otlpGrpcPort: read('otlpGrpcPort', 4317),
    dataDir: path.resolve(read('dataDir', './data')),
    store: read('store', 'duckdb'),
    logLevel: read('logLevel', 'info'),
    allowUnauthenticatedLoopback: read('allowUnauthenticatedLoopback', isLoopbackHost(host)),
    maxBodyBytes: read('maxBodyBytes', 16 * 1024 * 1024),
    flushIntervalMs: read('flushIntervalMs', 50),
    maxPendingRows: read('maxPendingRows', 200_000),
    duckdbMemoryLimit: read('duckdbMemoryLimit', '2GB'),
    duckdbCheckpointThreshold: read('duckdbCheckpointThreshold', '256MB'),
    init: { projectPublicKey: publicKey, projectSecretKey: secretKey },
    rateLimit: {
      enabled: read('rateLimitEnabled', true),
      perMinute: {
        admin: read('rateLimitAdminPerMinute', 100_000),
        developer: read('rateLimitDeveloperPerMinute', 10_000),
        viewer: read('rateLimitViewerPerMinute', 1_000),
        billing: read('rateLimitBillingPerMinute', 1_000),
        ingest: read('rateLimitIngestPerMinute', 600_000),
        anonymous: read('rateLimitAnonymousPerMinute', 600),
      },
    },
    corsOrigins: read<string[]>('corsOrigins', []),
    trustProxy: read<boolean | string[]>('trustProxy', false),
    piiRedaction: {
      mode: read<PiiRedactionSettings['mode']>('piiRedaction', 'off'),
      hashSecret: read<string | null>('piiHashSecret', null),
    },
    maxJsonDepth: read('maxJsonDepth', 64),
    auth: {
      jwtSecret: read<string | null>('jwtSecret', null),
      adminEmail: read('adminEmail', 'admin@localhost'),
      adminPassword: read<string | null>('adminPassword', null),
      accessTokenTtlSeconds: read('accessTokenTtlSeconds', 900),
      refreshTokenTtlSeconds: read('refreshTokenTtlSeconds', 30 * 86_400),
    },
    webDir: path.resolve(read('webDir', defaultWebDir)),
  }
}

/** apps/web/dist beside this file's app, wherever the process was started from. */
const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url))

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
