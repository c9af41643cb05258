/**
 * The thread that owns the DuckDB database (started by DuckDbDriver). The appender calls are
 * synchronous and a commit can run into a checkpoint that takes seconds, so none of it runs
 * on the server's event loop. One writer connection does every change, serialized; reads use
 * their own connections and DuckDB's async API, so they run beside a write and see committed
 * data only.
 */
import { parentPort } from 'node:worker_threads'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import type { Row, RowValue } from '../columns.js'
import type { TransactionStep } from '../storage-driver.js'
import {
  classifyDuckDbError,
  type DuckDbOpenSettings,
  type WorkerRequest,
  type WorkerResponse,
} from './duckdb-protocol.js'
import {
  duckDbParamTypes,
  duckDbResultConverter,
  makeDuckDbRowAppender,
  toDuckDbParams,
} from './duckdb-values.js'

interface Database {
  instance: DuckDBInstance
  writer: DuckDBConnection
  readers: DuckDBConnection[]
}

const port = parentPort
if (port === null) throw new Error('duckdb-worker must run in a worker thread')

let database: Database | null = null
/** Set by `abort`: statements queued behind the running ones must not start. */
let isAborting = false
/** Serializes everything that changes the database on the one writer connection. */
let writeChain: Promise<unknown> = Promise.resolve()
/** One chain per reader connection: a DuckDB connection runs one statement at a time. */
let readChains: Promise<unknown>[] = []
let nextReader = 0

port.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (rows) => port.postMessage({ id: request.id, ok: true, rows } satisfies WorkerResponse),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error)
      port.postMessage({
        id: request.id,
        ok: false,
        error: { message, kind: classifyDuckDbError(message) },
      } satisfies WorkerResponse)
    },
  )
})

async function handle(request: WorkerRequest): Promise<Row[]> {
  switch (request.op) {
    case 'open':
      await openDatabase(request.settings)
      return []
    case 'query':
      return read(request.sql, request.params)
    case 'execute':
      return serializeWrite(async (db) => {
        await db.writer.run(request.sql, toDuckDbParams(request.params))
        return []
      })
    case 'transaction':
      return serializeWrite(async (db) => {
        await runTransaction(db.writer, request.steps)
        return []
      })
    case 'close':
      return serializeWrite(async (db) => {
        await Promise.allSettled(readChains)
        await db.writer.run('CHECKPOINT')
        for (const connection of [db.writer, ...db.readers]) connection.closeSync()
        db.instance.closeSync()
        database = null
        return []
      })
    case 'abort':
      return abortDatabase()
  }
}

/**
 * Interrupts running statements, waits until none is left in DuckDB's threads, and closes
 * without a checkpoint (committed data is in the WAL). The thread must not be terminated
 * while a native call is in flight: its callback into a torn-down thread aborts the process.
 */
async function abortDatabase(): Promise<Row[]> {
  const db = database
  if (db === null) return []
  isAborting = true
  for (const connection of [db.writer, ...db.readers]) connection.interrupt()
  await Promise.allSettled([writeChain, ...readChains])
  for (const connection of [db.writer, ...db.readers]) connection.closeSync()
  db.instance.closeSync()
  database = null
  return []
}

async function openDatabase(settings: DuckDbOpenSettings): Promise<void> {
  if (database !== null) throw new Error('database already open')
  const instance = await DuckDBInstance.create(settings.path, settings.config)
  try {
    const writer = await instance.connect()
    const readers: DuckDBConnection[] = []
    for (let i = 0; i < settings.readConnections; i++) readers.push(await instance.connect())
    database = { instance, writer, readers }
    readChains = readers.map(() => Promise.resolve())
  } catch (error) {
    instance.closeSync()
    throw error
  }
}

function requireDatabase(): Database {
  if (database === null || isAborting) throw new Error('Connection Error: the database is not open')
  return database
}

function serializeWrite(work: (db: Database) => Promise<Row[]>): Promise<Row[]> {
  const result = writeChain.then(() => work(requireDatabase()))
  writeChain = result.catch(() => undefined)
  return result
}

function read(sql: string, params: readonly RowValue[]): Promise<Row[]> {
  const db = requireDatabase()
  const index = nextReader
  nextReader = (nextReader + 1) % db.readers.length
  const connection = db.readers[index]!
  const result = readChains[index]!.then(async () => {
    requireDatabase()
    const reader = await connection.runAndReadAll(
      sql,
      toDuckDbParams(params),
      duckDbParamTypes(params),
    )
    return reader.convertRowObjects(duckDbResultConverter)
  })
  readChains[index] = result.catch(() => undefined)
  return result
}

/**
 * BEGIN … steps … COMMIT on the writer. Appender rows take part in the open transaction
 * (a ROLLBACK drops them), and DuckDB writes its WAL at COMMIT, so once this resolves the
 * rows survive a kill -9 (replayed from the WAL at the next open).
 */
async function runTransaction(
  writer: DuckDBConnection,
  steps: readonly TransactionStep[],
): Promise<void> {
  await writer.run('BEGIN TRANSACTION')
  try {
    for (const step of steps) {
      if (step.kind === 'sql') {
        await writer.run(step.sql, toDuckDbParams(step.params))
      } else {
        const appender = await writer.createAppender(step.table)
        try {
          makeDuckDbRowAppender(appender)(step.rows)
          appender.closeSync()
        } catch (error) {
          // Drop the half-appended rows so closing does not fail on them and hide the cause.
          try {
            appender.clear()
            appender.closeSync()
          } catch {
            // the ROLLBACK below discards them anyway
          }
          throw error
        }
      }
    }
    await writer.run('COMMIT')
  } catch (error) {
    await writer.run('ROLLBACK').catch(() => undefined)
    throw error
  }
}
