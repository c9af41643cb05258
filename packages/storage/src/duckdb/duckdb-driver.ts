import { createHash } from 'node:crypto'
import { extname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { ObservatoryError } from '@llm-observatory/core'
import type { Row, RowValue } from '../columns.js'
import type { StorageDriver, TransactionStep } from '../storage-driver.js'
import type { StorageLogger } from '../storage-logger.js'
import type {
  DuckDbOpenSettings,
  StorageErrorKind,
  WorkerRequest,
  WorkerResponse,
} from './duckdb-protocol.js'

/** A request without its id (the driver numbers them). */
type RequestBody = WorkerRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, 'id'>
    : never
  : never

/**
 * Database files open in this process. DuckDB's file lock stops a second process, but POSIX
 * locks do not conflict inside one process, and two instances on one file would corrupt it.
 */
const openPaths = new Set<string>()

/** How long `terminate()` waits for DuckDB to return from interrupted statements. */
const abortTimeoutMs = 10_000

interface Pending {
  resolve: (rows: Row[]) => void
  reject: (error: unknown) => void
  /** Statement fingerprint for logs: SQL text holds no values, but logs get the hash only. */
  fingerprint: string
}

/**
 * Execution for DuckDB: the database lives in a worker thread (duckdb-worker.ts) and this
 * object talks to it with numbered messages, one promise per request.
 *
 * Failure: a query error rejects that request with `ERR_STORAGE_QUERY` (or
 * `ERR_STORAGE_UNAVAILABLE` for I/O and lock errors) with `details.kind`; if the worker dies,
 * every pending and later request rejects with `ERR_STORAGE_UNAVAILABLE` and `isAlive()`
 * turns false. Nothing waits forever.
 */
export class DuckDbDriver implements StorageDriver {
  readonly #settings: DuckDbOpenSettings
  readonly #lockKey: string
  readonly #logger: StorageLogger
  #worker: Worker | null = null
  #nextId = 1
  readonly #pending = new Map<number, Pending>()
  #isAlive = false
  #deathCause: unknown = null

  constructor(settings: DuckDbOpenSettings, logger: StorageLogger) {
    this.#settings = settings
    this.#lockKey = resolve(settings.path)
    this.#logger = logger
  }

  async open(): Promise<void> {
    if (this.#worker !== null) throw new Error('DuckDbDriver.open() called twice')
    if (openPaths.has(this.#lockKey)) {
      throw new ObservatoryError('ERR_STORAGE_UNAVAILABLE', {
        message: 'This database file is already open in this process.',
        details: { engine: 'duckdb', kind: 'unavailable' },
      })
    }
    openPaths.add(this.#lockKey)
    const worker = startWorker()
    this.#worker = worker
    this.#isAlive = true
    worker.on('message', (response: WorkerResponse) => this.#settle(response))
    worker.on('error', (error) => {
      this.#logger.error({ engine: 'duckdb', err: error.message }, 'storage worker failed')
      this.#markDead(error)
    })
    worker.on('exit', (code) =>
      this.#markDead(new Error(`storage worker exited with code ${code}`)),
    )
    try {
      await this.#request({ op: 'open', settings: this.#settings })
    } catch (error) {
      await this.terminate()
      throw error
    }
  }

  query(sql: string, params: readonly RowValue[]): Promise<Row[]> {
    return this.#request({ op: 'query', sql, params })
  }

  async execute(sql: string, params: readonly RowValue[]): Promise<void> {
    await this.#request({ op: 'execute', sql, params })
  }

  async transaction(steps: readonly TransactionStep[]): Promise<void> {
    await this.#request({ op: 'transaction', steps })
  }

  isAlive(): boolean {
    return this.#isAlive
  }

  /** Checkpoints (WAL folded into the file), closes the database, then ends the worker. */
  async close(): Promise<void> {
    if (!this.#isAlive) return
    try {
      await this.#request({ op: 'close' })
    } finally {
      await this.terminate()
    }
  }

  /**
   * Stops the worker soon, without a checkpoint: pending requests reject at once with
   * ERR_STORAGE_UNAVAILABLE (a write among them may still have committed), running statements
   * are interrupted, and the thread ends once DuckDB has returned from them. Committed data
   * stays in the WAL. For shutdown deadlines and tests.
   */
  async terminate(): Promise<void> {
    const worker = this.#worker
    if (worker === null) return
    const wasAlive = this.#isAlive
    this.#markDead(new Error('storage worker terminated'))
    if (wasAlive) {
      const id = this.#nextId++
      const aborted = new Promise<unknown>((resolve) => {
        this.#pending.set(id, { resolve, reject: resolve, fingerprint: 'abort' })
        worker.once('exit', resolve)
        setTimeout(resolve, abortTimeoutMs).unref()
      })
      worker.postMessage({ id, op: 'abort' } satisfies WorkerRequest)
      await aborted
      this.#pending.delete(id)
    }
    await worker.terminate()
  }

  #request(body: RequestBody): Promise<Row[]> {
    const worker = this.#worker
    if (worker === null || !this.#isAlive) {
      return Promise.reject(
        new ObservatoryError('ERR_STORAGE_UNAVAILABLE', {
          details: { engine: 'duckdb', kind: 'unavailable' },
          cause: this.#deathCause ?? new Error('storage is not open'),
        }),
      )
    }
    const id = this.#nextId++
    const fingerprint = 'sql' in body ? fingerprintSql(body.sql) : body.op
    return new Promise<Row[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, fingerprint })
      worker.postMessage({ ...body, id })
    })
  }

  #settle(response: WorkerResponse): void {
    const pending = this.#pending.get(response.id)
    if (pending === undefined) return
    this.#pending.delete(response.id)
    if (response.ok) {
      pending.resolve(response.rows)
      return
    }
    const { kind, message } = response.error
    this.#logger.warn(
      { engine: 'duckdb', kind, query: pending.fingerprint },
      'storage statement failed',
    )
    pending.reject(toStorageError(kind, new Error(message)))
  }

  #markDead(cause: unknown): void {
    if (!this.#isAlive) return
    this.#isAlive = false
    this.#deathCause = cause
    openPaths.delete(this.#lockKey)
    const error = new ObservatoryError('ERR_STORAGE_UNAVAILABLE', {
      details: { engine: 'duckdb', kind: 'unavailable' },
      cause,
    })
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
  }
}

function toStorageError(kind: StorageErrorKind, cause: Error): ObservatoryError {
  const code =
    kind === 'unavailable' || kind === 'resource' ? 'ERR_STORAGE_UNAVAILABLE' : 'ERR_STORAGE_QUERY'
  return new ObservatoryError(code, { details: { engine: 'duckdb', kind }, cause })
}

function fingerprintSql(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 12)
}

/**
 * Starts duckdb-worker beside this file. From TypeScript sources (`node --import tsx`,
 * Vitest) the worker does not inherit the TypeScript loader, so a small .mjs entry registers
 * tsx in the worker first, then imports the .ts entry.
 */
function startWorker(): Worker {
  const extension = extname(fileURLToPath(import.meta.url))
  const entry = new URL(`./duckdb-worker${extension}`, import.meta.url)
  if (extension !== '.ts') return new Worker(entry)
  return new Worker(new URL('./duckdb-worker-tsx.mjs', import.meta.url), {
    workerData: { entry: entry.href },
  })
}
