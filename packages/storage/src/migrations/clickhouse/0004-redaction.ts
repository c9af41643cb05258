import type { Migration } from '../migration.js'

/**
 * `spans.redaction_count` (issue 4), last like in `../duckdb/0004-redaction.ts`; nullable as
 * there (DuckDB cannot add a NOT NULL column), default 0.
 */
export const clickHouseRedaction: Migration = {
  version: 4,
  name: 'redaction',
  statements: [`ALTER TABLE spans ADD COLUMN redaction_count Nullable(Int32) DEFAULT 0`],
}
