import type { Row, RowValue } from '../columns.js'
import type { TransactionStep } from '../storage-driver.js'

/** How a storage failure is classified, for the error's `details.kind` and for retries. */
export type StorageErrorKind =
  'unavailable' | 'syntax' | 'constraint' | 'invalid_value' | 'resource' | 'query'

export interface DuckDbOpenSettings {
  path: string
  /** DuckDB configuration options given at instance creation (memory_limit, …). */
  config: Record<string, string>
  readConnections: number
}

/** Messages from the driver (main thread) to the worker that owns the database. */
export type WorkerRequest = { id: number } & (
  | { op: 'open'; settings: DuckDbOpenSettings }
  | { op: 'query'; sql: string; params: readonly RowValue[] }
  | { op: 'execute'; sql: string; params: readonly RowValue[] }
  /**
   * Steps posted as they are (structured clone). A JSON string hand-off was tried: cheaper to
   * post, but stringify on the main thread plus parse in the worker cost more in total
   * (bench:ingest:stages: 17.7 vs 11.7 µs per span) and the rows' JSON cells were encoded twice.
   */
  | { op: 'transaction'; steps: readonly TransactionStep[] }
  | { op: 'close' }
  | { op: 'abort' }
)

export type WorkerResponse =
  | { id: number; ok: true; rows: Row[] }
  | { id: number; ok: false; error: { message: string; kind: StorageErrorKind } }

/**
 * Classifies a DuckDB error by the type in its message ("IO Error: …", "Parser Error: …");
 * the node client may prefix it ("Failed to prepare: Parser Error: …").
 */
export function classifyDuckDbError(message: string): StorageErrorKind {
  const type = /\b([A-Za-z ]+?) Error:/.exec(message)?.[1]?.trim().toLowerCase() ?? ''
  if (/^(io|connection|fatal|interrupt)$/.test(type)) return 'unavailable'
  if (/database has been invalidated/i.test(message)) return 'unavailable'
  if (/^(parser|binder|catalog)$/.test(type)) return 'syntax'
  if (type === 'constraint') return 'constraint'
  if (/^(conversion|invalid input|out of range)$/.test(type)) return 'invalid_value'
  if (type === 'out of memory') return 'resource'
  return 'query'
}
