import type { Migration } from '../migration.js'

/**
 * `spans.redaction_count` (issue 4): PII matches replaced at ingestion in the span. Added last,
 * so the span row mapper lists it last (appenders write by position). DuckDB cannot add a
 * column with a NOT NULL constraint, so it is nullable with a default; rows written before
 * this migration read back as 0.
 */
export const duckDbRedaction: Migration = {
  version: 4,
  name: 'redaction',
  statements: [`ALTER TABLE spans ADD COLUMN redaction_count INTEGER DEFAULT 0`],
}
