import type { Migration } from '../migration.js'

/**
 * `traces.trace_key`: the first 13 hex digits of the trace id as a number (see `traceKey` in
 * rows/trace-part-row-mapper.ts), so a trace is found by an integer comparison. Added last,
 * so the trace part row mapper lists it last; rows written before get it here.
 */
export const duckDbTraceKey: Migration = {
  version: 5,
  name: 'trace-key',
  statements: [
    `ALTER TABLE traces ADD COLUMN trace_key BIGINT`,
    `UPDATE traces SET trace_key = CAST(('0x' || substr(trace_id, 1, 13)) AS BIGINT)
      WHERE regexp_full_match(substr(trace_id, 1, 13), '[0-9a-f]{13}')`,
  ],
}
