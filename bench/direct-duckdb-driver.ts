// A StorageDriver over a DuckDB file opened in this thread, for the raw side of
// `npm run bench:query`: the same SqlBackend (so the same SQL text) without the worker thread,
// its messages and HTTP. It can record every read statement with its issue and end times, so
// a request's statements can be replayed later with the same overlap.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import {
  duckDbResultConverter,
  toDuckDbParams,
  type Row,
  type RowValue,
  type StorageDriver,
  type TransactionStep,
} from '@llm-observatory/storage'

export interface RecordedStatement {
  sql: string
  params: readonly RowValue[]
  issuedAt: number
  doneAt: number
}

export class DirectDuckDbDriver implements StorageDriver {
  readonly #path: string
  readonly #config: Record<string, string>
  readonly #readConnections: number
  #instance: DuckDBInstance | null = null
  #writer: DuckDBConnection | null = null
  #readers: DuckDBConnection[] = []
  /** One chain per reader: a DuckDB connection runs one statement at a time. */
  #chains: Promise<unknown>[] = []
  #next = 0
  /** Statements of the current recording, or null when not recording. */
  recording: RecordedStatement[] | null = null

  constructor(path: string, config: Record<string, string>, readConnections: number) {
    this.#path = path
    this.#config = config
    this.#readConnections = readConnections
  }

  async open(): Promise<void> {
    if (this.#instance !== null) return
    this.#instance = await DuckDBInstance.create(this.#path, this.#config)
    this.#writer = await this.#instance.connect()
    for (let i = 0; i < this.#readConnections; i++)
      this.#readers.push(await this.#instance.connect())
    this.#chains = this.#readers.map(() => Promise.resolve())
  }

  async query(sql: string, params: readonly RowValue[]): Promise<Row[]> {
    const issuedAt = performance.now()
    const rows = await this.run(sql, params)
    this.recording?.push({ sql, params, issuedAt, doneAt: performance.now() })
    return rows
  }

  /** A read on the next reader connection (round robin, like the server's worker). */
  run(sql: string, params: readonly RowValue[]): Promise<Row[]> {
    const index = this.#next
    this.#next = (this.#next + 1) % this.#readers.length
    const connection = this.#readers[index]!
    const result = this.#chains[index]!.then(async () => {
      const reader = await connection.runAndReadAll(sql, toDuckDbParams(params))
      return reader.convertRowObjects(duckDbResultConverter)
    })
    this.#chains[index] = result.catch(() => undefined)
    return result
  }

  async execute(sql: string, params: readonly RowValue[]): Promise<void> {
    await this.#writer!.run(sql, toDuckDbParams(params))
  }

  async transaction(steps: readonly TransactionStep[]): Promise<void> {
    const writer = this.#writer!
    await writer.run('BEGIN TRANSACTION')
    try {
      for (const step of steps) {
        if (step.kind !== 'sql') throw new Error('the bench driver does not append')
        await writer.run(step.sql, toDuckDbParams(step.params))
      }
      await writer.run('COMMIT')
    } catch (error) {
      await writer.run('ROLLBACK').catch(() => undefined)
      throw error
    }
  }

  isAlive(): boolean {
    return this.#instance !== null
  }

  async close(): Promise<void> {
    if (this.#instance === null) return
    await Promise.allSettled(this.#chains)
    for (const connection of [this.#writer!, ...this.#readers]) connection.closeSync()
    this.#instance.closeSync()
    this.#instance = null
    this.#readers = []
  }
}

/**
 * Splits a request's statements into waves: a statement issued before any statement of the
 * current wave had finished did not wait for them (Promise.all), so it joins the wave; one
 * issued later starts the next wave.
 */
export function toWaves(statements: readonly RecordedStatement[]): RecordedStatement[][] {
  const waves: RecordedStatement[][] = []
  let current: RecordedStatement[] = []
  let firstDone = Infinity
  for (const s of [...statements].sort((a, b) => a.issuedAt - b.issuedAt)) {
    if (current.length > 0 && s.issuedAt >= firstDone) {
      waves.push(current)
      current = []
      firstDone = Infinity
    }
    current.push(s)
    firstDone = Math.min(firstDone, s.doneAt)
  }
  if (current.length > 0) waves.push(current)
  return waves
}
