import type { Migration } from '../migration.js'

/**
 * `traces.trace_key`, last like in `../duckdb/0005-trace-key.ts`. No ClickHouse store holds
 * data yet (the engine serves tests until the scale-out issue), so there is nothing to fill.
 */
export const clickHouseTraceKey: Migration = {
  version: 5,
  name: 'trace-key',
  statements: [`ALTER TABLE traces ADD COLUMN trace_key Nullable(Int64)`],
}
