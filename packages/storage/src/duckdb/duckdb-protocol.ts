import type { Row, RowValue } from '../columns.js'

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
   * Steps as one JSON string: posting a string copies it, while structured-cloning 5,000
   * rows of mixed arrays costs the main thread ~10 µs per row (bench/duckdb-append.ts).
   */
  | { op: 'transaction'; stepsJson: string }
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
