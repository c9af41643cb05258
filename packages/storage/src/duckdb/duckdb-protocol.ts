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
  | { op: 'transaction'; steps: readonly TransactionStep[] }
  | { op: 'close' }
)

export type WorkerResponse =
  | { id: number; ok: true; rows: Row[] }
  | { id: number; ok: false; error: { message: string; kind: StorageErrorKind } }

/** Classifies a DuckDB error by the type prefix of its message ("IO Error: …", "Parser Error: …"). */
export function classifyDuckDbError(message: string): StorageErrorKind {
  if (/^(IO|Connection|Fatal|FATAL) Error|database has been invalidated|closed/i.test(message))
    return 'unavailable'
  if (/^(Parser|Binder|Catalog) Error/.test(message)) return 'syntax'
  if (/^Constraint Error/.test(message)) return 'constraint'
  if (/^(Conversion|Invalid Input|Out of Range) Error/.test(message)) return 'invalid_value'
  if (/^Out of Memory Error/i.test(message)) return 'resource'
  return 'query'
}
