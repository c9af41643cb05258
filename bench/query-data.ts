// Generated span data for `npm run bench:query`: N spans over D days, written straight into a
// data directory with the server's own schema, so the server can open it afterwards.
//
//   node --import tsx bench/query-data.ts --data-dir DIR [--spans 10000000] [--days 30]
//
// Rows are produced by DuckDB itself (INSERT … SELECT over range()), deterministic for a seed:
// going through HTTP ingest would take ~10 minutes for 10M spans (bench:ingest measures that
// path). Shape, close to ../shared/storage-bench.md's data set:
// - traces of 4 spans: an `agent.run` root, two LLM calls, one tool call;
// - 40 models (log-uniform, so a few dominate), 5 providers, 20 services, 2 environments,
//   5,000 users (log-uniform), sessions of ~5 traces, 3 % errors on LLM spans;
// - latency lognormal per model (median 400–1,600 ms), TTFT 10–40 % of it, tokens lognormal,
//   cost from per-model prices; prompt/answer text of ~200/300 characters from a 2,000-word
//   pseudo vocabulary, with the word `kequanu` in about 1 % of prompts for the search query.
import { parseArgs } from 'node:util'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { createDuckDbBackend, duckDbFileName } from '@llm-observatory/storage'

export interface QueryDataOptions {
  dataDir: string
  spans: number
  days: number
  /** Project of all rows but every tenth trace (which goes to `other-project`). */
  projectId: string
  /** End of the data (ms since the epoch); rows span `days` before it. */
  endMs: number
  seed: number
}

export interface QueryDataReport {
  spans: number
  traces: number
  loadMs: number
  checkpointMs: number
  fileMiB: number
}

export const spansPerTrace = 4
export const searchWord = 'kequanu'

// 40 model names with [input, output] USD per 1M tokens, in popularity order.
const models: [string, string, number, number][] = [
  ['openai', 'gpt-4o-mini', 0.15, 0.6],
  ['openai', 'gpt-4o', 2.5, 10],
  ['anthropic', 'claude-3-5-sonnet-20241022', 3, 15],
  ['anthropic', 'claude-3-5-haiku-20241022', 0.8, 4],
  ['google', 'gemini-1.5-flash', 0.075, 0.3],
  ['openai', 'gpt-4.1-mini', 0.4, 1.6],
  ['openai', 'gpt-4.1', 2, 8],
  ['anthropic', 'claude-sonnet-4-20250514', 3, 15],
  ['google', 'gemini-1.5-pro', 1.25, 5],
  ['mistral', 'mistral-large-latest', 2, 6],
  ['openai', 'o3-mini', 1.1, 4.4],
  ['openai', 'gpt-4.1-nano', 0.1, 0.4],
  ['google', 'gemini-2.0-flash', 0.1, 0.4],
  ['mistral', 'mistral-small-latest', 0.2, 0.6],
  ['groq', 'llama-3.1-8b-instant', 0.05, 0.08],
  ['groq', 'llama-3.3-70b-versatile', 0.59, 0.79],
  ['openai', 'o1', 15, 60],
  ['openai', 'o1-mini', 1.1, 4.4],
  ['anthropic', 'claude-3-opus-20240229', 15, 75],
  ['anthropic', 'claude-3-haiku-20240307', 0.25, 1.25],
  ['google', 'gemini-2.5-pro', 1.25, 10],
  ['google', 'gemini-2.5-flash', 0.3, 2.5],
  ['mistral', 'codestral-latest', 0.3, 0.9],
  ['mistral', 'open-mistral-nemo', 0.15, 0.15],
  ['openai', 'gpt-3.5-turbo', 0.5, 1.5],
  ['openai', 'gpt-4-turbo', 10, 30],
  ['openai', 'o3', 2, 8],
  ['openai', 'o4-mini', 1.1, 4.4],
  ['anthropic', 'claude-opus-4-20250514', 15, 75],
  ['anthropic', 'claude-3-7-sonnet-20250219', 3, 15],
  ['groq', 'mixtral-8x7b-32768', 0.24, 0.24],
  ['groq', 'gemma2-9b-it', 0.2, 0.2],
  ['google', 'gemini-1.5-flash-8b', 0.0375, 0.15],
  ['mistral', 'pixtral-large-latest', 2, 6],
  ['mistral', 'ministral-8b-latest', 0.1, 0.1],
  ['openai', 'gpt-4o-2024-05-13', 5, 15],
  ['openai', 'chatgpt-4o-latest', 5, 15],
  ['anthropic', 'claude-2.1', 8, 24],
  ['groq', 'llama-3.2-3b-preview', 0.06, 0.06],
  ['google', 'gemini-1.0-pro', 0.5, 1.5],
]

const spanNames = ['openai.chat', 'anthropic.messages', 'chat', 'generate_text', 'completion']
const toolNames = ['search_docs', 'get_weather', 'lookup_order', 'run_sql', 'send_email']

function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}

/**
 * Writes the data set; the directory must be new or empty. The schema is the server's
 * (its migrations run first), so `npm start -- --data-dir DIR` serves the result.
 */
export async function loadQueryData(options: QueryDataOptions): Promise<QueryDataReport> {
  const backend = createDuckDbBackend({ dataDir: options.dataDir })
  await backend.open()
  await backend.close()

  const instance = await DuckDBInstance.create(join(options.dataDir, duckDbFileName), {
    memory_limit: '8GB',
    preserve_insertion_order: 'false',
    checkpoint_threshold: '16GB',
  })
  const db = await instance.connect()
  const traces = Math.ceil(options.spans / spansPerTrace)
  const endUs = options.endMs * 1000
  const windowUs = options.days * 86_400_000_000
  const seed = options.seed
  const t0 = performance.now()

  const modelRows = models
    .map(([p, m, i, o], idx) => `(${idx}, ${sqlString(p)}, ${sqlString(m)}, ${i}, ${o})`)
    .join(',')
  await db.run(
    `CREATE TEMP TABLE bench_models (idx INTEGER, provider VARCHAR, model VARCHAR, in_price DOUBLE, out_price DOUBLE);
     INSERT INTO bench_models VALUES ${modelRows};`,
  )
  // A 2,000-word pseudo vocabulary; word i is picked log-uniformly, so low indices dominate.
  await db.run(
    `CREATE TEMP TABLE bench_words AS
       SELECT i AS idx,
         CASE WHEN i = 700 THEN '${searchWord}' ELSE
           chr(98 + CAST(hash(i, ${seed}, 1) % 20 AS INTEGER)) ||
           chr(97 + CAST(hash(i, ${seed}, 2) % 5 AS INTEGER) * 4) ||
           chr(98 + CAST(hash(i, ${seed}, 3) % 20 AS INTEGER)) ||
           chr(97 + CAST(hash(i, ${seed}, 4) % 5 AS INTEGER) * 4) ||
           repeat(chr(110 + CAST(hash(i, ${seed}, 5) % 10 AS INTEGER)), 1 + CAST(hash(i, ${seed}, 6) % 4 AS INTEGER))
           || CAST(i AS VARCHAR)
         END AS word
       FROM range(2000) t(i)`,
  )
  // One row per trace with its shared draws; u(k) is a uniform in [0,1) from the trace number.
  // Traces are then renumbered in start-time order, so spans (numbered from them) are written
  // roughly in time order as ingest writes them, and row groups cover short time ranges.
  const u = (k: number, v = 't') => `((hash(${v}, ${seed}, ${k}) % 1000003) / 1000003.0)`
  await db.run(
    `CREATE TEMP TABLE bench_traces AS
     SELECT row_number() OVER (ORDER BY start_us, draw) - 1 AS t, * EXCLUDE (draw) FROM (
       SELECT t AS draw,
         -- ids are fixed-width hex like OTel's (hex() drops leading zeros)
         lpad(lower(hex(hash(t, ${seed}, 101))), 16, '0') || lpad(lower(hex(hash(t, ${seed}, 102))), 16, '0') AS trace_id,
         CASE WHEN t % 10 = 9 THEN 'other-project' ELSE ${sqlString(options.projectId)} END AS project_id,
         -- a session is 5 consecutive traces of one user, a minute or so apart
         ${endUs} - ${windowUs} + CAST(${u(1, 't // 5')} * (${windowUs} - 600000000) AS BIGINT)
           + CAST(t % 5 AS BIGINT) * 60000000 + CAST(${u(7)} * 30000000 AS BIGINT) AS start_us,
         'user-' || CAST(floor(exp(${u(2, 't // 5')} * ln(5000))) AS INTEGER) AS user_id,
         'session-' || CAST(t // 5 AS VARCHAR) AS session_id,
         'service-' || CAST(floor(exp(${u(3)} * ln(20))) AS INTEGER) AS service_name,
         CASE WHEN ${u(4)} < 0.8 THEN 'production' ELSE 'staging' END AS environment,
         CASE WHEN ${u(5)} < 0.3 THEN '["beta"]' WHEN ${u(5)} < 0.4 THEN '["beta","vip"]' ELSE '[]' END AS tags,
         CASE WHEN ${u(6)} < 0.2 THEN 'enterprise' WHEN ${u(6)} < 0.6 THEN 'pro' ELSE 'free' END AS tier
       FROM range(${traces}) r(t))`,
  )
  // 65,536 prompts and answers; a span picks one of each by hash, so texts repeat like real
  // templated prompts do while search still has to scan them all.
  const texts = (column: string, salt: number, words: number) =>
    `SELECT g, upper(string_agg(word, ' ' ORDER BY k)[1]) || string_agg(word, ' ' ORDER BY k)[2:] AS ${column}
       FROM (SELECT g, k, CAST(floor(exp(((hash(g, ${seed}, ${salt}, k) % 1000003) / 1000003.0) * ln(2000))) AS INTEGER) AS widx
             FROM range(65536) a(g), range(${words}) b(k)) picks
       JOIN bench_words w ON w.idx = picks.widx
       GROUP BY g`
  await db.run(
    `CREATE TEMP TABLE bench_texts AS
       SELECT p.g, p.prompt, a.answer FROM (${texts('prompt', 21, 28)}) p JOIN (${texts('answer', 22, 42)}) a USING (g)`,
  )
  // Written in time slices (traces are numbered in time order): within one INSERT rows land
  // in any order, so a slice is what a row group covers, as ingest's arrival order would make.
  const slices = Math.max(1, Math.min(options.days * 4, Math.ceil(traces / 20_000)))
  for (let slice = 0; slice < slices; slice++) {
    const lo = Math.floor((traces * slice) / slices)
    const hi = Math.floor((traces * (slice + 1)) / slices)
    await db.run(
      `INSERT INTO spans (project_id, start_time, trace_id, span_id, parent_span_id, name, kind, otel_kind,
          end_time, duration_ms, status, error_type, error_message, service_name, environment, release,
          scope_name, scope_version, provider, operation, request_model, response_model,
          input_tokens, cached_input_tokens, cache_write_tokens, output_tokens, reasoning_tokens, total_tokens,
          usage_estimated, counts_usage, cost_usd, cost_input_usd, cost_output_usd, cost_cache_read_usd,
          cost_cache_write_usd, cost_source, price_source, temperature, top_p, max_tokens, stream, ttft_ms,
          tokens_per_second, finish_reason, input_messages, output_messages, tool_definitions, user_id,
          session_id, tags, metadata, attributes, resource_attributes, events)
       WITH s AS (
         SELECT s, s // ${spansPerTrace} AS t, s % ${spansPerTrace} AS pos FROM range(${lo * spansPerTrace}, ${hi * spansPerTrace}) r(s)
       ), d AS (
         SELECT s.s, s.pos, tr.*,
           m.provider, m.model, m.in_price, m.out_price, m.idx AS midx,
           -- lognormal latency: median 400..1600 ms by model, sigma 0.7
           (400 + (m.idx * 31) % 1200) * exp(0.7 * sqrt(-2 * ln(1 - ${u(11, 's')})) * cos(2 * pi() * ${u(12, 's')})) AS llm_ms,
           CAST(floor(120 * exp(1.0 * sqrt(-2 * ln(1 - ${u(13, 's')})) * cos(2 * pi() * ${u(14, 's')}))) AS BIGINT) + 20 AS in_tok,
           CAST(floor(200 * exp(0.8 * sqrt(-2 * ln(1 - ${u(15, 's')})) * cos(2 * pi() * ${u(16, 's')}))) AS BIGINT) + 5 AS out_tok,
           ${u(17, 's')} < 0.03 AS is_error,
           ${u(18, 's')} AS ttft_frac
           , x.prompt, x.answer
         FROM s JOIN (SELECT * FROM bench_traces WHERE t >= ${lo} AND t < ${hi}) tr USING (t)
         JOIN bench_texts x ON x.g = hash(s.s, ${seed}, 20) % 65536
         JOIN bench_models m ON m.idx = CAST(floor(exp(${u(10, 's')} * ln(40))) AS INTEGER) - 1
       )
       SELECT project_id,
         make_timestamp(start_us + CASE pos WHEN 0 THEN 0 WHEN 1 THEN 5000 WHEN 2 THEN 5000 + CAST(llm_ms * 1000 AS BIGINT) + 2000 ELSE 5000 + CAST(llm_ms * 1000 AS BIGINT) + 60000 END),
         trace_id,
         lpad(lower(hex(hash(s, ${seed}, 103))), 16, '0'),
         CASE WHEN pos = 0 THEN NULL ELSE lpad(lower(hex(hash(t * ${spansPerTrace}, ${seed}, 103))), 16, '0') END,
         CASE pos WHEN 0 THEN 'agent.run' WHEN 2 THEN 'execute_tool ' || list_extract([${toolNames.map(sqlString).join(',')}], 1 + CAST(s % ${toolNames.length} AS INTEGER))
           ELSE list_extract([${spanNames.map(sqlString).join(',')}], 1 + CAST(midx % ${spanNames.length} AS INTEGER)) END,
         CASE pos WHEN 0 THEN 'agent' WHEN 2 THEN 'tool' ELSE 'llm' END,
         CASE WHEN pos = 0 THEN 2 ELSE 3 END,
         make_timestamp(start_us + CASE pos WHEN 0 THEN CAST(llm_ms * 2000 AS BIGINT) + 90000 WHEN 1 THEN 5000 + CAST(llm_ms * 1000 AS BIGINT) WHEN 2 THEN 5000 + CAST(llm_ms * 1000 AS BIGINT) + 50000 ELSE 5000 + CAST(llm_ms * 2000 AS BIGINT) + 60000 END),
         CASE pos WHEN 0 THEN llm_ms * 2 + 90 WHEN 2 THEN 48 ELSE llm_ms END,
         CASE WHEN pos IN (1, 3) AND is_error THEN 'error' ELSE 'ok' END,
         CASE WHEN pos IN (1, 3) AND is_error THEN (CASE WHEN s % 3 = 0 THEN 'RateLimitError' ELSE 'APIConnectionError' END) END,
         CASE WHEN pos IN (1, 3) AND is_error THEN (CASE WHEN s % 3 = 0 THEN 'Rate limit reached for requests' ELSE 'Connection error.' END) END,
         service_name, environment, 'v1.' || CAST(t % 7 AS VARCHAR),
         'opentelemetry.instrumentation.openai', '0.40.0',
         CASE WHEN pos IN (1, 3) THEN provider END,
         CASE WHEN pos IN (1, 3) THEN 'chat' WHEN pos = 2 THEN 'execute_tool' END,
         CASE WHEN pos IN (1, 3) THEN model END,
         CASE WHEN pos IN (1, 3) THEN model END,
         CASE WHEN pos IN (1, 3) THEN in_tok END,
         CASE WHEN pos IN (1, 3) THEN in_tok // 4 END,
         CASE WHEN pos IN (1, 3) THEN 0 END,
         CASE WHEN pos IN (1, 3) THEN out_tok END,
         CASE WHEN pos IN (1, 3) THEN 0 END,
         CASE WHEN pos IN (1, 3) THEN in_tok + out_tok END,
         false,
         pos IN (1, 3),
         CASE WHEN pos IN (1, 3) THEN (in_tok * in_price + out_tok * out_price) / 1e6 END,
         CASE WHEN pos IN (1, 3) THEN in_tok * in_price / 1e6 END,
         CASE WHEN pos IN (1, 3) THEN out_tok * out_price / 1e6 END,
         CASE WHEN pos IN (1, 3) THEN 0.0 END,
         CASE WHEN pos IN (1, 3) THEN 0.0 END,
         CASE WHEN pos IN (1, 3) THEN 'computed' ELSE 'unknown' END,
         CASE WHEN pos IN (1, 3) THEN 'genai-prices' END,
         CASE WHEN pos IN (1, 3) THEN 0.7 END,
         NULL,
         CASE WHEN pos IN (1, 3) THEN 1024 END,
         CASE WHEN pos IN (1, 3) THEN s % 2 = 0 END,
         CASE WHEN pos IN (1, 3) THEN llm_ms * (0.1 + 0.3 * ttft_frac) END,
         CASE WHEN pos IN (1, 3) THEN out_tok / (llm_ms / 1000.0) END,
         CASE WHEN pos IN (1, 3) THEN (CASE WHEN is_error THEN 'error' ELSE 'stop' END) END,
         CASE WHEN pos IN (1, 3) THEN '[{"role":"user","parts":[{"type":"text","content":' || to_json(prompt) || '}]}]' END,
         CASE WHEN pos IN (1, 3) THEN '[{"role":"assistant","parts":[{"type":"text","content":' || to_json(answer) || '}]}]' END,
         NULL,
         user_id, session_id, tags,
         '{"customer_tier":"' || tier || '"}',
         CASE WHEN pos IN (1, 3) THEN '{"gen_ai.system":"' || provider || '","gen_ai.request.model":"' || model || '"}' ELSE '{}' END,
         '{"service.name":"' || service_name || '"}',
         '[]'
       FROM d`,
    )
  }
  await db.run(
    `INSERT INTO traces
     SELECT project_id, min(start_time), trace_id, max(end_time),
       arg_min(name, start_time) FILTER (WHERE parent_span_id IS NULL),
       min(start_time) FILTER (WHERE parent_span_id IS NULL),
       count(*), count(*) FILTER (WHERE kind = 'llm'), count(*) FILTER (WHERE status = 'error'),
       sum(input_tokens) FILTER (WHERE counts_usage), sum(output_tokens) FILTER (WHERE counts_usage),
       sum(total_tokens) FILTER (WHERE counts_usage), sum(cost_usd) FILTER (WHERE counts_usage),
       first(user_id), first(session_id), first(service_name), first(environment),
       CAST(from_json(first(tags), '["VARCHAR"]') AS VARCHAR[]),
       CAST(('0x' || substr(trace_id, 1, 13)) AS BIGINT)
     FROM spans GROUP BY project_id, trace_id ORDER BY 2`,
  )
  const loadMs = performance.now() - t0
  const t1 = performance.now()
  await db.run('CHECKPOINT')
  const checkpointMs = performance.now() - t1
  const size = await db.runAndReadAll(
    `SELECT CAST(total_blocks * block_size AS DOUBLE) / 1048576 AS mib FROM pragma_database_size()`,
  )
  db.closeSync()
  instance.closeSync()
  return {
    spans: traces * spansPerTrace,
    traces,
    loadMs,
    checkpointMs,
    fileMiB: Number(size.getRowObjects()[0]?.['mib'] ?? 0),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      spans: { type: 'string', default: '10000000' },
      days: { type: 'string', default: '30' },
      project: { type: 'string', default: 'bench' },
      seed: { type: 'string', default: '1' },
    },
  })
  if (!values['data-dir']) throw new Error('--data-dir is required')
  const report = await loadQueryData({
    dataDir: values['data-dir'],
    spans: Number(values.spans),
    days: Number(values.days),
    projectId: values.project,
    endMs: Date.now(),
    seed: Number(values.seed),
  })
  process.stdout.write(JSON.stringify(report) + '\n')
}
