import { parseArgs } from 'node:util'
import path from 'node:path'

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
  }
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.')
}
