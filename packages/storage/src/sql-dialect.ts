import type { ColumnType, RowValue } from './columns.js'

/**
 * The SQL text of one engine: quoting, placeholders, type names and the few functions that
 * differ. Holds no connection; the driver executes what the dialect writes. Repositories
 * build SQL only through these hooks, so a ClickHouse dialect slots in beside DuckDB's.
 */
export interface SqlDialect {
  readonly engine: 'duckdb' | 'clickhouse'
  quoteIdentifier(name: string): string
  /** The placeholder for the `index`-th (1-based) parameter, whose value has `type`. */
  placeholder(index: number, type: ColumnType): string
  /** An expression turning a `bigint` micros parameter into a timestamp value. */
  timestampFromMicros(expression: string): string
  /** `value` of the row with the smallest `orderBy`, among rows where `value` is not null. */
  firstNonNullBy(value: string, orderBy: string): string
  /** The sorted, distinct union of a list column over the group. */
  unionOfLists(listColumn: string): string
  /** DDL of the bookkeeping table, applied before any migration. */
  migrationsTableDdl(): string
  /** `table_name`, `column_name` of this database's tables, in column order. */
  selectTableColumns(): string
}

/**
 * Collects parameter values while SQL text is built, so values never become SQL text.
 * @example
 * const params = new SqlParams(dialect)
 * const sql = `SELECT * FROM spans WHERE project_id = ${params.add(projectId, 'string')}`
 * await driver.query(sql, params.values)
 */
export class SqlParams {
  readonly values: RowValue[] = []
  readonly #dialect: SqlDialect

  constructor(dialect: SqlDialect) {
    this.#dialect = dialect
  }

  /** Adds a value and returns its placeholder; reuse the returned text to use it twice. */
  add(value: RowValue, type: ColumnType): string {
    this.values.push(value)
    const placeholder = this.#dialect.placeholder(this.values.length, type)
    return type === 'timestamp' ? this.#dialect.timestampFromMicros(placeholder) : placeholder
  }
}
