import type { Row, RowValue } from './columns.js'

/** One step of a write transaction: a statement, or rows appended to a table in column order. */
export type TransactionStep =
  | { kind: 'sql'; sql: string; params: RowValue[] }
  | { kind: 'append'; table: string; rows: RowValue[][] }

/**
 * Execution for one engine: connections, threads, conversions of values in and out
 * (timestamps as micros, integers as numbers). Knows no table and writes no SQL of its own
 * beyond transaction control; the dialect and the repositories write the SQL.
 */
export interface StorageDriver {
  open(): Promise<void>
  /** A read-only statement; runs beside writes where the engine allows it. */
  query(sql: string, params: readonly RowValue[]): Promise<Row[]>
  /** A single changing statement (metadata CRUD), serialized with the other writes. */
  execute(sql: string, params: readonly RowValue[]): Promise<void>
  /** All steps in one transaction; resolves after COMMIT returned (durable). */
  transaction(steps: readonly TransactionStep[]): Promise<void>
  /** True until the driver was closed or its engine died. */
  isAlive(): boolean
  /** Makes everything durable in the main store (checkpoint/flush), then releases it. */
  close(): Promise<void>
}
