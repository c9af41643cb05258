/**
 * Engine-neutral column types. Each dialect names them in its DDL (`TIMESTAMP` / `DateTime64(6)`),
 * each driver converts them on the way in and out, so repositories only see these JS shapes:
 * - `timestamp`: microseconds since the epoch, UTC, as a number
 * - `bigint`: an integer as a JS number (token counts and row counts stay far below 2^53)
 * - `json`: a string holding JSON (cheaper to append and to ship than engine JSON types)
 */
export type ColumnType =
  | 'string'
  | 'int'
  | 'bigint'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'json'
  | 'string[]'
  | 'double[]'
  | 'bigint[]'

/** One cell value as the drivers exchange it. */
export type RowValue = string | number | boolean | null | readonly string[] | readonly number[]

/** A result row keyed by column name (or alias). */
export type Row = Record<string, unknown>

export interface ColumnSpec<T> {
  name: string
  type: ColumnType
  /** Reads the cell value for this column from the domain object. */
  get: (value: T) => RowValue
}

/**
 * The one place where a domain type meets a table: column names (snake_case), types and
 * order (the order appenders write in, checked against the table at open), and the mapping
 * both ways.
 */
export interface RowMapper<T> {
  table: string
  columns: readonly ColumnSpec<T>[]
  toRow: (value: T) => RowValue[]
  fromRow: (row: Row) => T
}

/** Builds `toRow` from the column list so column order and values cannot drift apart. */
export function defineRowMapper<T>(
  table: string,
  columns: readonly ColumnSpec<T>[],
  fromRow: (row: Row) => T,
): RowMapper<T> {
  const getters = columns.map((column) => column.get)
  return {
    table,
    columns,
    toRow: (value) => {
      const row = new Array<RowValue>(getters.length)
      for (let i = 0; i < getters.length; i++) row[i] = getters[i]!(value)
      return row
    },
    fromRow,
  }
}

export function toJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value)
}

export function fromJsonText<T>(value: unknown): T | null {
  return typeof value === 'string' ? (JSON.parse(value) as T) : null
}

/** Typed accessors for result cells; a wrong type means a mapper and a migration disagree. */
export function readString(row: Row, column: string): string {
  const value = row[column]
  if (typeof value !== 'string') throw new TypeError(`column ${column}: expected a string`)
  return value
}

export function readNullableString(row: Row, column: string): string | null {
  const value = row[column]
  return value === null || value === undefined ? null : readString(row, column)
}

export function readNumber(row: Row, column: string): number {
  const value = row[column]
  if (typeof value !== 'number') throw new TypeError(`column ${column}: expected a number`)
  return value
}

export function readNullableNumber(row: Row, column: string): number | null {
  const value = row[column]
  return value === null || value === undefined ? null : readNumber(row, column)
}

export function readBoolean(row: Row, column: string): boolean {
  const value = row[column]
  if (typeof value !== 'boolean') throw new TypeError(`column ${column}: expected a boolean`)
  return value
}

export function readNullableBoolean(row: Row, column: string): boolean | null {
  const value = row[column]
  return value === null || value === undefined ? null : readBoolean(row, column)
}

export function readStringList(row: Row, column: string): string[] {
  const value = row[column]
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) throw new TypeError(`column ${column}: expected a list`)
  return value.filter((item): item is string => typeof item === 'string')
}

export function readNullableNumberList(row: Row, column: string): number[] | null {
  const value = row[column]
  if (value === null || value === undefined) return null
  if (!Array.isArray(value)) throw new TypeError(`column ${column}: expected a list`)
  return value.map((item) => Number(item))
}
