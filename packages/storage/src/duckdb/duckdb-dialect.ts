import type { SqlDialect } from '../sql-dialect.js'

/**
 * DuckDB SQL text. Parameters are `$n` (https://duckdb.org/docs/stable/sql/query_syntax/prepared_statements);
 * identifiers are double-quoted.
 */
export const duckDbDialect: SqlDialect = {
  engine: 'duckdb',
  quoteIdentifier: (name) => `"${name.replaceAll('"', '""')}"`,
  placeholder: (index) => `$${index}`,
  // make_timestamp(BIGINT) reads microseconds since the epoch
  // (https://duckdb.org/docs/stable/sql/functions/timestamp#make_timestampmicroseconds).
  timestampFromMicros: (expression) => `make_timestamp(CAST(${expression} AS BIGINT))`,
  // FILTER keeps the choice among non-null values on every version
  // (https://duckdb.org/docs/stable/sql/functions/aggregates#arg_minarg-val).
  firstNonNullBy: (value, orderBy) =>
    `arg_min(${value}, ${orderBy}) FILTER (WHERE ${value} IS NOT NULL)`,
  unionOfLists: (listColumn) => `list_sort(list_distinct(flatten(list(${listColumn}))))`,
  migrationsTableDdl: () =>
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  selectTableColumns: () =>
    'SELECT table_name, column_name FROM information_schema.columns ' +
    'WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position',
}
