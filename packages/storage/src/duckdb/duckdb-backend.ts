import { mkdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { StorageHealth } from '../backend.js'
import { duckDbMigrations } from '../migrations/duckdb/duckdb-migrations.js'
import { SqlBackend } from '../sql-backend.js'
import { silentStorageLogger, type StorageLogger } from '../storage-logger.js'
import { duckDbDialect } from './duckdb-dialect.js'
import { DuckDbDriver } from './duckdb-driver.js'

export interface DuckDbBackendOptions {
  /** Folder of the database; created if missing. The file is `<dataDir>/observatory.duckdb`. */
  dataDir: string
  /** DuckDB `memory_limit`. Default '2GB' (DuckDB's own default is 80 % of RAM). */
  memoryLimit?: string
  /**
   * WAL size that triggers an automatic checkpoint. Default '256MB': DuckDB's 16MB default
   * halves ingest speed, 1GB gave the fastest ingest but multi-second stalls and more RSS
   * (../shared/storage-bench.md).
   */
  checkpointThreshold?: string
  /** Reader connections in the worker (reads run beside writes). Default 2. */
  readConnections?: number
  logger?: StorageLogger
}

export const duckDbFileName = 'observatory.duckdb'

/**
 * The embedded store: one DuckDB file owned by a worker thread. Only one process can open
 * the file (DuckDB takes a file lock; a second `open()` fails with ERR_STORAGE_UNAVAILABLE).
 * @example
 * const backend = createDuckDbBackend({ dataDir: './data' })
 * await backend.open()
 */
export class DuckDbBackend extends SqlBackend {
  readonly #duckDbDriver: DuckDbDriver
  readonly #dataDir: string
  readonly #path: string

  constructor(options: DuckDbBackendOptions) {
    const logger = options.logger ?? silentStorageLogger
    const path = join(options.dataDir, duckDbFileName)
    const driver = new DuckDbDriver(
      {
        path,
        config: {
          memory_limit: options.memoryLimit ?? '2GB',
          checkpoint_threshold: options.checkpointThreshold ?? '256MB',
          // Appends and scans need not keep row order (every read has an ORDER BY); this
          // lets DuckDB parallelize and spill with less memory.
          preserve_insertion_order: 'false',
        },
        readConnections: options.readConnections ?? 2,
      },
      logger,
    )
    super({
      engine: 'duckdb',
      capabilities: { supportsConcurrentWriters: false, needsReadDedup: false },
      dialect: duckDbDialect,
      migrations: duckDbMigrations,
      logger,
      driver,
    })
    this.#duckDbDriver = driver
    this.#dataDir = options.dataDir
    this.#path = path
  }

  override async open(): Promise<void> {
    await mkdir(this.#dataDir, { recursive: true })
    await super.open()
    this.logger.info({ engine: 'duckdb', path: this.#path }, 'storage opened')
  }

  /** Adds file sizes and the effective settings (as DuckDB reports them) to the details. */
  override async health(): Promise<StorageHealth> {
    const base = await super.health()
    const details: Record<string, unknown> = {
      ...base.details,
      dbFileBytes: await fileSize(this.#path),
      walBytes: await fileSize(`${this.#path}.wal`),
    }
    if (base.status === 'ok') {
      const [settings] = await this.driver
        .query(
          "SELECT current_setting('memory_limit') AS memory_limit, " +
            "current_setting('checkpoint_threshold') AS checkpoint_threshold",
          [],
        )
        .catch(() => [])
      details['memoryLimit'] = settings?.['memory_limit'] ?? null
      details['checkpointThreshold'] = settings?.['checkpoint_threshold'] ?? null
    }
    return { ...base, details }
  }

  /** Hard stop of the worker without checkpoint (committed rows stay in the WAL). */
  terminate(): Promise<void> {
    return this.#duckDbDriver.terminate()
  }
}

export function createDuckDbBackend(options: DuckDbBackendOptions): DuckDbBackend {
  return new DuckDbBackend(options)
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}
