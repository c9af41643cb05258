import type { SelectQuery } from '../query-tree.js'
import { ClickHouseCompiler } from './clickhouse-compiler.js'
import { DuckDbCompiler } from './duckdb-compiler.js'
import type { CompiledQuery, SqlCompiler } from './sql-compiler.js'

/** The SQL dialects a query tree compiles to (the storage engines' names). */
export type QueryDialect = 'duckdb' | 'clickhouse'

const compilers: Record<QueryDialect, () => SqlCompiler> = {
  duckdb: () => new DuckDbCompiler(),
  clickhouse: () => new ClickHouseCompiler(),
}

/**
 * Compiles a query tree to SQL text and its parameter values for one dialect. Values are
 * never SQL text: they come back in `params`, in placeholder order (`$1`… in DuckDB, `{p1:…}`…
 * in ClickHouse). Throws a RangeError for trees no engine should run (non-finite numbers,
 * negative limits, bucket counts out of range) and an Error for malformed trees.
 * @example
 * const { sql, params } = compileQuery(
 *   select({ from: table('spans'), columns: [as('n', agg('count'))], where: eq(col('project_id'), param('p1', 'string')) }),
 *   'duckdb',
 * )
 * // sql: SELECT count(*) AS "n" FROM "spans" WHERE "project_id" = $1    params: ['p1']
 */
export function compileQuery(tree: SelectQuery, dialect: QueryDialect): CompiledQuery {
  return compilers[dialect]().compile(tree)
}
