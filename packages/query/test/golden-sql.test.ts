import { describe, expect, it } from 'vitest'
import {
  and,
  col,
  compileQuery,
  eq,
  inQuery,
  isNull,
  or,
  param,
  planQuery,
  resolveField,
  spansView,
  tracesView,
  type CompiledQuery,
} from '../src/index.js'
import { goldenTrees } from './golden-trees.js'

/**
 * The exact SQL and parameters of each golden tree in both dialects. A change here is a
 * change of what runs on the engines: review it as such (the equivalence test in
 * packages/storage/test runs these trees on DuckDB and chDB).
 */
const golden: Record<string, { duckdb: CompiledQuery; clickhouse: CompiledQuery }> = {
  'rows with limit and offset': {
    duckdb: {
      sql: 'SELECT "span_id" AS "span_id", "duration_ms" AS "latency_ms" FROM "spans" WHERE ("project_id" = $1 AND "start_time" >= make_timestamp(CAST($2 AS BIGINT))) ORDER BY "start_time" DESC, 1 ASC NULLS LAST LIMIT 50 OFFSET 100',
      params: ['proj_1', 1748736000000000],
    },
    clickhouse: {
      sql: "SELECT `span_id` AS `span_id`, `duration_ms` AS `latency_ms` FROM `spans` WHERE (`project_id` = {p1:String} AND `start_time` >= fromUnixTimestamp64Micro({p2:Int64}, 'UTC')) ORDER BY `start_time` DESC, 1 ASC NULLS LAST LIMIT 50 OFFSET 100 SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: ['proj_1', 1748736000000000],
    },
  },
  'hourly series with a filtered count, a ratio and a quantile': {
    duckdb: {
      sql: 'SELECT time_bucket(INTERVAL 1 HOUR, "start_time", TIMESTAMP \'1970-01-01 00:00:00\') AS "ts", count(*) AS "requests", count(*) FILTER (WHERE "status" = $1) AS "errors", (count(*) FILTER (WHERE "status" = $2) / nullif(count(*), 0)) AS "error_rate", quantile_cont("duration_ms", 0.95) AS "p95", quantile_cont("duration_ms", 0.5) FILTER (WHERE "kind" = $3) AS "p50_llm", sum("cost_usd") FILTER (WHERE "counts_usage" = TRUE) AS "cost" FROM "spans" WHERE ("start_time" >= make_timestamp(CAST($4 AS BIGINT)) AND "start_time" < make_timestamp(CAST($5 AS BIGINT))) GROUP BY 1 ORDER BY 1 ASC NULLS LAST',
      params: ['error', 'error', 'llm', 1748736000000000, 1748822400000000],
    },
    clickhouse: {
      sql: "SELECT toStartOfInterval(`start_time`, INTERVAL 1 HOUR, toDateTime64('1970-01-01 00:00:00', 6, 'UTC')) AS `ts`, count() AS `requests`, countIf(`status` = {p1:String}) AS `errors`, (countIf(`status` = {p2:String}) / nullif(count(), 0)) AS `error_rate`, quantileExactInclusive(0.95)(`duration_ms`) AS `p95`, quantileExactInclusiveIf(0.5)(`duration_ms`, `kind` = {p3:String}) AS `p50_llm`, sumIf(`cost_usd`, `counts_usage` = TRUE) AS `cost` FROM `spans` WHERE (`start_time` >= fromUnixTimestamp64Micro({p4:Int64}, 'UTC') AND `start_time` < fromUnixTimestamp64Micro({p5:Int64}, 'UTC')) GROUP BY 1 ORDER BY 1 ASC NULLS LAST SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: ['error', 'error', 'llm', 1748736000000000, 1748822400000000],
    },
  },
  'every condition kind': {
    duckdb: {
      sql: 'SELECT count(*) AS "n" FROM "spans" WHERE (json_extract_string("metadata", $1) = $2 AND TRY_CAST(json_extract_string("attributes", $3) AS DOUBLE) > $4 AND list_contains(from_json("tags", \'["VARCHAR"]\'), $5) AND list_contains($6, "request_model") AND NOT list_contains($7, "request_model") AND FALSE AND contains(lower("input_messages"), lower($8)) AND starts_with("name", $9) AND NOT (ends_with("name", $10)) AND regexp_matches("name", $11) AND "user_id" IS NULL AND ("session_id" IS NOT NULL OR NOT ("ttft_ms" <= $12)) AND "status" <> $13)',
      params: [
        '/customer_tier',
        'pro',
        '/http.status_code',
        400,
        'vip',
        ['gpt-4o', 'o3'],
        ['x'],
        '50%_off',
        'chat',
        'mini',
        '^chat (gpt|o)[0-9]',
        100,
        'ok',
      ],
    },
    clickhouse: {
      sql: "SELECT count() AS `n` FROM `spans` WHERE (multiIf(JSONType(`metadata`, {p1:String}) = 'String', JSONExtractString(`metadata`, {p1:String}), JSONType(`metadata`, {p1:String}) = 'Null', NULL, JSONExtractRaw(`metadata`, {p1:String})) = {p2:String} AND toFloat64OrNull(multiIf(JSONType(`attributes`, {p3:String}) = 'String', JSONExtractString(`attributes`, {p3:String}), JSONType(`attributes`, {p3:String}) = 'Null', NULL, JSONExtractRaw(`attributes`, {p3:String}))) > {p4:Float64} AND has(JSONExtract(`tags`, 'Array(String)'), {p5:String}) AND `request_model` IN {p6:Array(String)} AND `request_model` NOT IN {p7:Array(String)} AND FALSE AND position(lowerUTF8(`input_messages`), lowerUTF8({p8:String})) > 0 AND startsWith(`name`, {p9:String}) AND NOT (endsWith(`name`, {p10:String})) AND match(`name`, {p11:String}) AND `user_id` IS NULL AND (`session_id` IS NOT NULL OR NOT (`ttft_ms` <= {p12:Float64})) AND `status` <> {p13:String}) SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: [
        'customer_tier',
        'pro',
        'http.status_code',
        400,
        'vip',
        ['gpt-4o', 'o3'],
        ['x'],
        '50%_off',
        'chat',
        'mini',
        '^chat (gpt|o)[0-9]',
        100,
        'ok',
      ],
    },
  },
  'subquery in FROM with first-non-null, union of lists and latest version': {
    duckdb: {
      sql: 'SELECT count(DISTINCT "user_id") AS "users", count(*) FILTER (WHERE list_contains("tags", $1)) AS "tagged", arg_max("root_name", "start_time") FILTER (WHERE "root_name" IS NOT NULL) AS "last_name" FROM (SELECT "trace_id" AS "trace_id", min("start_time") AS "start_time", arg_min("root_name", "root_start_time") FILTER (WHERE "root_name" IS NOT NULL) AS "root_name", arg_max_null("user_id", "start_time") AS "user_id", list_sort(list_distinct(flatten(list("tags")))) AS "tags", greatest(((epoch_us(max("end_time")) - epoch_us(min("start_time"))) / 1000), 0) AS "latency_ms" FROM "traces" WHERE "project_id" = $2 GROUP BY 1) AS "t" WHERE "start_time" >= make_timestamp(CAST($3 AS BIGINT))',
      params: ['vip', 'proj_1', 1748736000000000],
    },
    clickhouse: {
      sql: "SELECT uniqExact(`user_id`) AS `users`, countIf(has(`tags`, {p1:String})) AS `tagged`, argMaxIf(`root_name`, `start_time`, `root_name` IS NOT NULL) AS `last_name` FROM (SELECT `trace_id` AS `trace_id`, min(`start_time`) AS `start_time`, argMinIf(`root_name`, `root_start_time`, `root_name` IS NOT NULL) AS `root_name`, argMax(tuple(`user_id`), `start_time`).1 AS `user_id`, arraySort(groupUniqArrayArray(`tags`)) AS `tags`, greatest(coalesce(((toUnixTimestamp64Micro(max(`end_time`)) - toUnixTimestamp64Micro(min(`start_time`))) / 1000), 0), coalesce(0, ((toUnixTimestamp64Micro(max(`end_time`)) - toUnixTimestamp64Micro(min(`start_time`))) / 1000))) AS `latency_ms` FROM `traces` WHERE `project_id` = {p2:String} GROUP BY 1) AS `t` WHERE `start_time` >= fromUnixTimestamp64Micro({p3:Int64}, 'UTC') SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: ['vip', 'proj_1', 1748736000000000],
    },
  },
  'semi-join and anti-join on subqueries': {
    duckdb: {
      sql: 'SELECT count(*) AS "n" FROM "traces" WHERE ("project_id" = $1 AND "trace_id" IN (SELECT "trace_id" FROM (SELECT "trace_id" AS "trace_id" FROM "spans" WHERE ("project_id" = $2 AND "request_model" = $3)) AS "in_query" WHERE "trace_id" IS NOT NULL) AND ("session_id" IS NOT NULL AND "session_id" NOT IN (SELECT "session_id" FROM (SELECT "session_id" AS "session_id" FROM "spans" WHERE ("project_id" = $4 AND "status" = $5)) AS "in_query" WHERE "session_id" IS NOT NULL)) AND "span_count" >= $6)',
      params: ['proj_1', 'proj_1', 'gpt-4o', 'proj_1', 'error', 2],
    },
    clickhouse: {
      sql: 'SELECT count() AS `n` FROM `traces` WHERE (`project_id` = {p1:String} AND `trace_id` IN (SELECT `trace_id` AS `trace_id` FROM `spans` WHERE (`project_id` = {p2:String} AND `request_model` = {p3:String})) AND `session_id` NOT IN (SELECT `session_id` AS `session_id` FROM `spans` WHERE (`project_id` = {p4:String} AND `status` = {p5:String})) AND `span_count` >= {p6:Float64}) SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1',
      params: ['proj_1', 'proj_1', 'gpt-4o', 'proj_1', 'error', 2],
    },
  },
  'tags of a JSON-text list, one row per tag': {
    duckdb: {
      sql: 'SELECT "tag" AS "tag", count(*) AS "requests", sum("cost_usd") FILTER (WHERE "counts_usage" = TRUE) AS "cost" FROM (SELECT *, unnest(CASE WHEN coalesce(len(list_distinct(from_json("tags", \'["VARCHAR"]\'))), 0) = 0 THEN [NULL] ELSE list_distinct(from_json("tags", \'["VARCHAR"]\')) END) AS "tag" FROM "spans" WHERE ("project_id" = $1 AND "start_time" >= make_timestamp(CAST($2 AS BIGINT)))) AS "spans" GROUP BY 1 ORDER BY 1 ASC NULLS LAST',
      params: ['proj_1', 1748736000000000],
    },
    clickhouse: {
      sql: "SELECT `tag` AS `tag`, count() AS `requests`, sumIf(`cost_usd`, `counts_usage` = TRUE) AS `cost` FROM (SELECT *, arrayJoin(if(empty(arrayDistinct(JSONExtract(`tags`, 'Array(String)'))), [NULL], arrayDistinct(JSONExtract(`tags`, 'Array(String)')))) AS `tag` FROM `spans` WHERE (`project_id` = {p1:String} AND `start_time` >= fromUnixTimestamp64Micro({p2:Int64}, 'UTC'))) AS `spans` GROUP BY 1 ORDER BY 1 ASC NULLS LAST SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: ['proj_1', 1748736000000000],
    },
  },
  'tags of a native list, one row per tag': {
    duckdb: {
      sql: 'SELECT "tag" AS "tag", count(*) AS "parts" FROM (SELECT *, unnest(CASE WHEN coalesce(len(list_distinct("tags")), 0) = 0 THEN [NULL] ELSE list_distinct("tags") END) AS "tag" FROM "traces" WHERE "project_id" = $1) AS "t" WHERE "span_count" > 0 GROUP BY 1',
      params: ['proj_1'],
    },
    clickhouse: {
      sql: 'SELECT `tag` AS `tag`, count() AS `parts` FROM (SELECT *, arrayJoin(if(empty(arrayDistinct(`tags`)), [NULL], arrayDistinct(`tags`))) AS `tag` FROM `traces` WHERE `project_id` = {p1:String}) AS `t` WHERE `span_count` > 0 GROUP BY 1 SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1',
      params: ['proj_1'],
    },
  },
  'week and 5-minute buckets, CASE, literals and scalar functions': {
    duckdb: {
      sql: 'SELECT time_bucket(INTERVAL 7 DAY, "s"."start_time", TIMESTAMP \'1970-01-05 00:00:00\') AS "week", time_bucket(INTERVAL 5 MINUTE, "s"."start_time", TIMESTAMP \'1970-01-01 00:00:00\') AS "five_min", CASE WHEN "output_tokens" > 0 THEN $1 ELSE $2 END AS "state", "duration_ms" >= 1500.5 AS "is_slow", coalesce("response_model", "request_model", NULL) AS "model", length(lower("name")) AS "name_length", (("input_tokens" + -1) * 2) AS "tokens", make_timestamp(CAST($3 AS BIGINT)) AS "maybe_time" FROM "spans" AS "s" WHERE "stream" = FALSE',
      params: ['error', 'ok', null],
    },
    clickhouse: {
      sql: "SELECT toStartOfInterval(`s`.`start_time`, INTERVAL 1 WEEK, toDateTime64('1970-01-05 00:00:00', 6, 'UTC')) AS `week`, toStartOfInterval(`s`.`start_time`, INTERVAL 5 MINUTE, toDateTime64('1970-01-01 00:00:00', 6, 'UTC')) AS `five_min`, CASE WHEN `output_tokens` > 0 THEN {p1:String} ELSE {p2:String} END AS `state`, toBool(`duration_ms` >= 1500.5) AS `is_slow`, coalesce(`response_model`, `request_model`, NULL) AS `model`, lengthUTF8(lowerUTF8(`name`)) AS `name_length`, ((`input_tokens` + -1) * 2) AS `tokens`, fromUnixTimestamp64Micro({p3:Nullable(Int64)}, 'UTC') AS `maybe_time` FROM `spans` AS `s` WHERE `stream` = FALSE SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: ['error', 'ok', null],
    },
  },
  'sample standard deviation, plain and filtered, in 90-second buckets': {
    duckdb: {
      sql: 'SELECT time_bucket(INTERVAL 90 SECOND, "start_time", TIMESTAMP \'1970-01-01 00:00:00\') AS "ts", stddev_samp("duration_ms") AS "latency_sd", stddev_samp("duration_ms") FILTER (WHERE "status" = $1) AS "ok_latency_sd" FROM "spans" WHERE ("start_time" >= make_timestamp(CAST($2 AS BIGINT)) AND "start_time" < make_timestamp(CAST($3 AS BIGINT))) GROUP BY 1 ORDER BY 1 ASC',
      params: ['ok', 1748736000000000, 1748822400000000],
    },
    clickhouse: {
      sql: "SELECT toStartOfInterval(`start_time`, INTERVAL 90 SECOND, toDateTime64('1970-01-01 00:00:00', 6, 'UTC')) AS `ts`, if(count(`duration_ms`) > 1, stddevSampStable(`duration_ms`), NULL) AS `latency_sd`, if(countIf(`duration_ms`, `status` = {p1:String}) > 1, stddevSampStableIf(`duration_ms`, `status` = {p1:String}), NULL) AS `ok_latency_sd` FROM `spans` WHERE (`start_time` >= fromUnixTimestamp64Micro({p2:Int64}, 'UTC') AND `start_time` < fromUnixTimestamp64Micro({p3:Int64}, 'UTC')) GROUP BY 1 ORDER BY 1 ASC SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1",
      params: ['ok', 1748736000000000, 1748822400000000],
    },
  },
}

describe('compileQuery golden SQL', () => {
  for (const [name, tree] of Object.entries(goldenTrees)) {
    it(`compiles "${name}" for DuckDB and ClickHouse`, () => {
      expect(compileQuery(tree, 'duckdb')).toEqual(golden[name]!.duckdb)
      expect(compileQuery(tree, 'clickhouse')).toEqual(golden[name]!.clickhouse)
    })
  }

  it('has an expectation for every golden tree', () => {
    expect(Object.keys(golden).sort()).toEqual(Object.keys(goldenTrees).sort())
  })

  it('puts a planned where inside the scope as one parenthesized group', () => {
    const tree = planQuery(spansView, {
      scope: { projectId: 'proj_a', fromUs: 0, toUs: 3_600_000_000 },
      where: or(eq(col('project_id'), param('proj_b', 'string')), isNull(col('user_id'))),
      measures: ['requests'],
    })
    expect(compileQuery(tree, 'duckdb')).toEqual({
      sql:
        'SELECT count(*) AS "requests" FROM "spans" WHERE (("project_id" = $1 AND ' +
        '"start_time" >= make_timestamp(CAST($2 AS BIGINT)) AND "start_time" < make_timestamp(CAST($3 AS BIGINT))) ' +
        'AND ("project_id" = $4 OR "user_id" IS NULL))',
      params: ['proj_a', 0, 3_600_000_000, 'proj_b'],
    })
    expect(compileQuery(tree, 'clickhouse').sql).toContain(
      "WHERE ((`project_id` = {p1:String} AND `start_time` >= fromUnixTimestamp64Micro({p2:Int64}, 'UTC') AND " +
        "`start_time` < fromUnixTimestamp64Micro({p3:Int64}, 'UTC')) AND (`project_id` = {p4:String} OR `user_id` IS NULL))",
    )
  })

  it("numbers a planned subquery's scope after the outer one, with one SETTINGS clause", () => {
    const day = 24 * 3600 * 1_000_000
    const spansWithModel = planQuery(spansView, {
      scope: { projectId: 'proj_a', fromUs: 5 * day, toUs: 6 * day },
      where: eq(resolveField(spansView, 'model').expr, param('gpt-4o', 'string')),
      select: ['trace_id'],
      orderBy: [],
    })
    const tree = planQuery(tracesView, {
      scope: { projectId: 'proj_a', fromUs: 4 * day, toUs: 7 * day },
      where: inQuery(col('trace_id'), spansWithModel, true),
      measures: ['traces'],
    })
    const params = [
      'proj_a',
      3 * day,
      8 * day,
      4 * day,
      7 * day,
      'proj_a',
      5 * day,
      6 * day,
      'gpt-4o',
    ]
    const duckdb = compileQuery(tree, 'duckdb')
    expect(duckdb.params).toEqual(params)
    expect(duckdb.sql).toContain(
      'AND ("trace_id" IS NOT NULL AND "trace_id" NOT IN (SELECT "trace_id" FROM (SELECT "trace_id" AS "trace_id" FROM "spans" ' +
        'WHERE (("project_id" = $6 AND "start_time" >= make_timestamp(CAST($7 AS BIGINT)) AND "start_time" < make_timestamp(CAST($8 AS BIGINT))) ' +
        'AND coalesce("response_model", "request_model") = $9)) AS "in_query" WHERE "trace_id" IS NOT NULL)))',
    )
    const clickhouse = compileQuery(tree, 'clickhouse')
    expect(clickhouse.params).toEqual(params)
    expect(clickhouse.sql).toContain(
      'AND `trace_id` NOT IN (SELECT `trace_id` AS `trace_id` FROM `spans` ' +
        "WHERE ((`project_id` = {p6:String} AND `start_time` >= fromUnixTimestamp64Micro({p7:Int64}, 'UTC') AND `start_time` < fromUnixTimestamp64Micro({p8:Int64}, 'UTC')) " +
        'AND coalesce(`response_model`, `request_model`) = {p9:String})))',
    )
    expect(clickhouse.sql.match(/SETTINGS/g)).toHaveLength(1)
    expect(clickhouse.sql).toMatch(/\) SETTINGS [a-z_ =0-9,]+$/)
  })

  it('groups by tag over the scoped rows multiplied by their tags', () => {
    const tree = planQuery(spansView, {
      scope: { projectId: 'proj_a', fromUs: 0, toUs: 3_600_000_000 },
      where: eq(col('provider'), param('openai', 'string')),
      groupBy: ['tag'],
      measures: ['requests'],
    })
    expect(compileQuery(tree, 'duckdb')).toEqual({
      sql:
        'SELECT "tag" AS "tag", count(*) AS "requests" FROM (SELECT *, unnest(CASE WHEN ' +
        'coalesce(len(list_distinct(from_json("tags", \'["VARCHAR"]\'))), 0) = 0 THEN [NULL] ' +
        'ELSE list_distinct(from_json("tags", \'["VARCHAR"]\')) END) AS "tag" FROM "spans" ' +
        'WHERE (("project_id" = $1 AND "start_time" >= make_timestamp(CAST($2 AS BIGINT)) AND ' +
        '"start_time" < make_timestamp(CAST($3 AS BIGINT))) AND "provider" = $4)) AS "spans" ' +
        'GROUP BY 1 ORDER BY 1 ASC NULLS LAST',
      params: ['proj_a', 0, 3_600_000_000, 'openai'],
    })
    const traces = planQuery(tracesView, {
      scope: { projectId: 'proj_a', fromUs: 0, toUs: 3_600_000_000 },
      groupBy: ['tag'],
      measures: ['traces'],
    })
    const { sql } = compileQuery(traces, 'clickhouse')
    expect(sql).toMatch(
      /^SELECT `tag` AS `tag`, count\(\) AS `traces` FROM \(SELECT \*, arrayJoin\(if\(empty\(arrayDistinct\(`tags`\)\), \[NULL\], arrayDistinct\(`tags`\)\)\) AS `tag` FROM \(SELECT `trace_id` AS `trace_id`, .* GROUP BY 1\) AS `traces` WHERE \(`start_time` >= fromUnixTimestamp64Micro\(\{p4:Int64\}, 'UTC'\) AND `start_time` < fromUnixTimestamp64Micro\(\{p5:Int64\}, 'UTC'\)\)\) AS `traces` GROUP BY 1 ORDER BY 1 ASC NULLS LAST SETTINGS /,
    )
  })

  it('computes quantiles of one argument and filter as one list aggregate, others alone', () => {
    const tree = planQuery(spansView, {
      scope: { projectId: 'p', fromUs: 0, toUs: 3_600_000_000 },
      measures: ['latency_ms_p50', 'latency_ms_p99', 'latency_ms_p95', 'ttft_ms_p95'],
    })
    const scope =
      '("project_id" = $1 AND "start_time" >= make_timestamp(CAST($2 AS BIGINT)) AND "start_time" < make_timestamp(CAST($3 AS BIGINT)))'
    expect(compileQuery(tree, 'duckdb').sql).toBe(
      'SELECT (quantile_cont("duration_ms", [0.5, 0.95, 0.99]))[1] AS "latency_ms_p50", ' +
        '(quantile_cont("duration_ms", [0.5, 0.95, 0.99]))[3] AS "latency_ms_p99", ' +
        '(quantile_cont("duration_ms", [0.5, 0.95, 0.99]))[2] AS "latency_ms_p95", ' +
        `quantile_cont("ttft_ms", 0.95) AS "ttft_ms_p95" FROM "spans" WHERE ${scope}`,
    )
    expect(compileQuery(tree, 'clickhouse').sql).toBe(
      'SELECT quantilesExactInclusive(0.5, 0.95, 0.99)(`duration_ms`)[1] AS `latency_ms_p50`, ' +
        'quantilesExactInclusive(0.5, 0.95, 0.99)(`duration_ms`)[3] AS `latency_ms_p99`, ' +
        'quantilesExactInclusive(0.5, 0.95, 0.99)(`duration_ms`)[2] AS `latency_ms_p95`, ' +
        'quantileExactInclusive(0.95)(`ttft_ms`) AS `ttft_ms_p95` FROM `spans` WHERE ' +
        "(`project_id` = {p1:String} AND `start_time` >= fromUnixTimestamp64Micro({p2:Int64}, 'UTC') AND `start_time` < fromUnixTimestamp64Micro({p3:Int64}, 'UTC')) " +
        'SETTINGS prefer_column_name_to_alias = 1, aggregate_functions_null_for_empty = 1',
    )
  })

  it('never writes a string value into SQL text', () => {
    const hostile = `x' OR 1=1 --"\\\``
    const tree = planQuery(spansView, {
      scope: { projectId: hostile, fromUs: 0, toUs: 1 },
      where: and(eq(col('name'), param(hostile, 'string'))),
      groupBy: [`metadata.k`],
      measures: ['requests'],
    })
    for (const dialect of ['duckdb', 'clickhouse'] as const) {
      const { sql, params } = compileQuery(tree, dialect)
      expect(sql).not.toContain('1=1')
      expect(params.filter((p) => p === hostile)).toHaveLength(2)
    }
  })

  it('rejects trees no engine should run', () => {
    const base = goldenTrees['rows with limit and offset']!
    expect(() => compileQuery({ ...base, limit: -1 }, 'duckdb')).toThrow(RangeError)
    expect(() => compileQuery({ ...base, offset: 1.5 }, 'clickhouse')).toThrow(RangeError)
    expect(() =>
      compileQuery({ ...base, columns: [{ alias: 'a"b', expr: col('x') }] }, 'duckdb'),
    ).toThrow(/unsafe column alias/)
  })
})
