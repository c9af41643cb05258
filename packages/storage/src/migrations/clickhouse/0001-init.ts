import type { Migration } from '../migration.js'

/**
 * Initial ClickHouse schema: the tables of `../duckdb/0001-init.ts`, column for column and in
 * the same order (row mappers write by position), in ClickHouse types:
 * - times are `DateTime64(6, 'UTC')` (microseconds, as everywhere in the product);
 * - a column is `Nullable` exactly where DuckDB's is nullable; JSON stays `String` holding JSON
 *   text (the same query trees read it on both engines), `traces.tags` is `Array(String)`;
 * - ClickHouse arrays cannot be `Nullable`: `metric_points.bucket_counts` / `explicit_bounds`
 *   read back as `[]` where DuckDB keeps NULL (non-histogram points);
 * - repeated short strings are `LowCardinality` (dictionary-encoded,
 *   https://clickhouse.com/docs/sql-reference/data-types/lowcardinality).
 * Every big table is a MergeTree sorted by (project_id, time, …), so project-scoped,
 * time-bounded reads touch only their granules, and partitioned by month so retention drops
 * whole parts. `traces` holds append-only trace parts (storage README, "Trace parts"), folded on
 * read like an AggregatingMergeTree. `projects` and `api_keys` are here for parity; with
 * ClickHouse as the span store, metadata belongs in PostgreSQL (DESIGN.md).
 */
export const clickHouseInit: Migration = {
  version: 1,
  name: 'init',
  statements: [
    `CREATE TABLE spans (
      project_id LowCardinality(String),
      start_time DateTime64(6, 'UTC'),
      trace_id String,
      span_id String,
      parent_span_id Nullable(String),
      name LowCardinality(String),
      kind LowCardinality(String),
      otel_kind Nullable(Int32),
      end_time DateTime64(6, 'UTC'),
      duration_ms Float64,
      status LowCardinality(String),
      error_type LowCardinality(Nullable(String)),
      error_message Nullable(String),
      service_name LowCardinality(Nullable(String)),
      environment LowCardinality(Nullable(String)),
      release LowCardinality(Nullable(String)),
      scope_name LowCardinality(Nullable(String)),
      scope_version LowCardinality(Nullable(String)),
      provider LowCardinality(Nullable(String)),
      operation LowCardinality(Nullable(String)),
      request_model LowCardinality(Nullable(String)),
      response_model LowCardinality(Nullable(String)),
      input_tokens Nullable(Int64),
      cached_input_tokens Nullable(Int64),
      cache_write_tokens Nullable(Int64),
      output_tokens Nullable(Int64),
      reasoning_tokens Nullable(Int64),
      total_tokens Nullable(Int64),
      usage_estimated Bool,
      counts_usage Bool,
      cost_usd Nullable(Float64),
      cost_input_usd Nullable(Float64),
      cost_output_usd Nullable(Float64),
      cost_cache_read_usd Nullable(Float64),
      cost_cache_write_usd Nullable(Float64),
      cost_source LowCardinality(Nullable(String)),
      price_source LowCardinality(Nullable(String)),
      temperature Nullable(Float64),
      top_p Nullable(Float64),
      max_tokens Nullable(Int64),
      stream Nullable(Bool),
      ttft_ms Nullable(Float64),
      tokens_per_second Nullable(Float64),
      finish_reason LowCardinality(Nullable(String)),
      input_messages Nullable(String),
      output_messages Nullable(String),
      tool_definitions Nullable(String),
      user_id Nullable(String),
      session_id Nullable(String),
      tags String,
      metadata String,
      attributes String,
      resource_attributes String,
      events String
    ) ENGINE = MergeTree
    PARTITION BY toYYYYMM(start_time)
    ORDER BY (project_id, start_time, trace_id)`,
    `CREATE TABLE traces (
      project_id LowCardinality(String),
      start_time DateTime64(6, 'UTC'),
      trace_id String,
      end_time DateTime64(6, 'UTC'),
      root_name Nullable(String),
      root_start_time Nullable(DateTime64(6, 'UTC')),
      span_count Int64,
      llm_call_count Int64,
      error_count Int64,
      input_tokens Nullable(Int64),
      output_tokens Nullable(Int64),
      total_tokens Nullable(Int64),
      cost_usd Nullable(Float64),
      user_id Nullable(String),
      session_id Nullable(String),
      service_name LowCardinality(Nullable(String)),
      environment LowCardinality(Nullable(String)),
      tags Array(String)
    ) ENGINE = MergeTree
    PARTITION BY toYYYYMM(start_time)
    ORDER BY (project_id, start_time, trace_id)`,
    `CREATE TABLE logs (
      project_id LowCardinality(String),
      time DateTime64(6, 'UTC'),
      observed_time DateTime64(6, 'UTC'),
      trace_id Nullable(String),
      span_id Nullable(String),
      severity_number Nullable(Int32),
      severity_text LowCardinality(Nullable(String)),
      body Nullable(String),
      event_name LowCardinality(Nullable(String)),
      service_name LowCardinality(Nullable(String)),
      logger LowCardinality(Nullable(String)),
      attributes String,
      resource_attributes String
    ) ENGINE = MergeTree
    PARTITION BY toYYYYMM(time)
    ORDER BY (project_id, time)`,
    `CREATE TABLE metric_points (
      project_id LowCardinality(String),
      time DateTime64(6, 'UTC'),
      name LowCardinality(String),
      description Nullable(String),
      unit LowCardinality(Nullable(String)),
      type LowCardinality(String),
      start_time Nullable(DateTime64(6, 'UTC')),
      value Nullable(Float64),
      count Nullable(Int64),
      min Nullable(Float64),
      max Nullable(Float64),
      bucket_counts Array(Int64),
      explicit_bounds Array(Float64),
      temporality Nullable(Int32),
      service_name LowCardinality(Nullable(String)),
      tags String,
      resource_attributes String
    ) ENGINE = MergeTree
    PARTITION BY toYYYYMM(time)
    ORDER BY (project_id, name, time)`,
    `CREATE TABLE events (
      project_id LowCardinality(String),
      time DateTime64(6, 'UTC'),
      event_id String,
      source_module LowCardinality(String),
      event_type LowCardinality(String),
      schema_version LowCardinality(String),
      severity LowCardinality(String),
      environment LowCardinality(Nullable(String)),
      trace_id Nullable(String),
      span_id Nullable(String),
      correlation_id Nullable(String),
      parent_event_id Nullable(String),
      user_id Nullable(String),
      session_id Nullable(String),
      tags String,
      payload String
    ) ENGINE = MergeTree
    PARTITION BY toYYYYMM(time)
    ORDER BY (project_id, time)`,
    `CREATE TABLE scores (
      project_id LowCardinality(String),
      time DateTime64(6, 'UTC'),
      score_id String,
      trace_id Nullable(String),
      span_id Nullable(String),
      session_id Nullable(String),
      name LowCardinality(String),
      data_type LowCardinality(String),
      value Nullable(Float64),
      string_value Nullable(String),
      comment Nullable(String),
      source LowCardinality(String)
    ) ENGINE = MergeTree
    PARTITION BY toYYYYMM(time)
    ORDER BY (project_id, time)`,
    `CREATE TABLE projects (
      id String,
      name String,
      created_at DateTime64(6, 'UTC'),
      is_default Bool
    ) ENGINE = MergeTree
    ORDER BY id`,
    `CREATE TABLE api_keys (
      id String,
      project_id String,
      public_key String,
      secret_hash String,
      secret_prefix String,
      name String,
      created_at DateTime64(6, 'UTC'),
      last_used_at Nullable(DateTime64(6, 'UTC')),
      revoked_at Nullable(DateTime64(6, 'UTC'))
    ) ENGINE = MergeTree
    ORDER BY (project_id, id)`,
  ],
}
