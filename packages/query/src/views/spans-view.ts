import {
  agg,
  arith,
  call,
  col,
  eq,
  lit,
  param,
  quantile,
  type Condition,
  type Expr,
} from '../query-tree.js'
import type { Dimension, Measure } from '../semantic-view.js'
import {
  defineView,
  dimension,
  measure,
  numberDimension,
  scopeTable,
  stringDimension,
} from './define-view.js'

const dimensions: Record<string, Dimension> = {
  timestamp: dimension(col('start_time'), 'timestamp', 'Span start time (UTC).'),
  end_time: dimension(col('end_time'), 'timestamp', 'Span end time (UTC).'),
  project_id: stringDimension('project_id', 'Project id (one per query: the scope).'),
  trace_id: stringDimension('trace_id', 'Trace id (32 lowercase hex).'),
  span_id: stringDimension('span_id', 'Span id (16 lowercase hex).'),
  parent_span_id: stringDimension('parent_span_id', 'Parent span id; null for a root span.'),
  name: stringDimension('name', 'Span name.'),
  kind: stringDimension('kind', 'llm, embedding, tool, retrieval, agent, chain, http or other.'),
  status: stringDimension('status', 'ok, error or unset.'),
  error_type: stringDimension('error_type', 'Error type (exception class or error code).'),
  error_message: stringDimension('error_message', 'Error message.'),
  service: stringDimension('service_name', 'Service name (OTel service.name).'),
  service_name: stringDimension('service_name', 'Same as service.'),
  environment: stringDimension('environment', 'Deployment environment.'),
  release: stringDimension('release', 'Release or service version.'),
  scope_name: stringDimension('scope_name', 'Instrumentation scope name.'),
  provider: stringDimension('provider', 'Model provider (openai, anthropic, …).'),
  model: dimension(
    call('coalesce', col('response_model'), col('request_model')),
    'string',
    'The response model when known, else the request model.',
  ),
  request_model: stringDimension('request_model', 'Model asked for.'),
  response_model: stringDimension('response_model', 'Model that answered.'),
  operation: stringDimension('operation', 'GenAI operation (chat, embeddings, …).'),
  user_id: stringDimension('user_id', 'End-user id.'),
  session_id: stringDimension('session_id', 'Session (conversation) id.'),
  latency_ms: numberDimension('duration_ms', 'Span duration in milliseconds.'),
  duration_ms: numberDimension('duration_ms', 'Same as latency_ms.'),
  ttft_ms: numberDimension('ttft_ms', 'Time to first token in milliseconds.'),
  input_tokens: numberDimension('input_tokens', 'Input tokens, cached ones included.'),
  output_tokens: numberDimension('output_tokens', 'Output tokens, reasoning ones included.'),
  cached_input_tokens: numberDimension('cached_input_tokens', 'Input tokens read from a cache.'),
  cache_write_tokens: numberDimension('cache_write_tokens', 'Input tokens written to a cache.'),
  reasoning_tokens: numberDimension(
    'reasoning_tokens',
    'Reasoning tokens (part of output_tokens).',
  ),
  total_tokens: numberDimension('total_tokens', 'Input plus output tokens.'),
  cost_usd: numberDimension('cost_usd', 'Total cost in USD.'),
  total_cost_usd: numberDimension('cost_usd', 'Same as cost_usd.'),
  cost_source: stringDimension('cost_source', 'reported, computed or unknown.'),
  usage_estimated: dimension(col('usage_estimated'), 'boolean', 'Token counts were estimated.'),
  counts_usage: dimension(
    col('counts_usage'),
    'boolean',
    'False for wrapper spans whose usage repeats their children (left out of totals).',
  ),
  finish_reason: stringDimension(
    'finish_reason',
    'stop, length, tool_call, content_filter or error.',
  ),
  temperature: numberDimension('temperature', 'Sampling temperature.'),
  top_p: numberDimension('top_p', 'Nucleus sampling top_p.'),
  max_tokens: numberDimension('max_tokens', 'Maximum output tokens asked for.'),
  stream: dimension(col('stream'), 'boolean', 'The response was streamed.'),
  tokens_per_second: numberDimension('tokens_per_second', 'Output tokens per second.'),
  input_text: dimension(col('input_messages'), 'string', 'Input messages (JSON text).', {
    searchable: true,
  }),
  output_text: dimension(col('output_messages'), 'string', 'Output messages (JSON text).', {
    searchable: true,
  }),
}

/** Usage totals count only spans whose usage is their own (see Span.countsUsage). */
const countsUsage: Condition = eq(col('counts_usage'), lit(true))
const usageSum = (column: string): Expr => agg('sum', col(column), { filter: countsUsage })
const requests = agg('count')
const errors = agg('count', undefined, { filter: eq(col('status'), param('error', 'string')) })
const costUsd = usageSum('cost_usd')
const percentiles = (column: string, name: string): Record<string, Measure> => ({
  [`${name}_avg`]: measure(agg('avg', col(column)), `Average ${name}.`),
  [`${name}_p50`]: measure(quantile(0.5, col(column)), `Median ${name} (exact).`),
  [`${name}_p95`]: measure(quantile(0.95, col(column)), `95th percentile ${name} (exact).`),
  [`${name}_p99`]: measure(quantile(0.99, col(column)), `99th percentile ${name} (exact).`),
})

const measures: Record<string, Measure> = {
  requests: measure(requests, 'Number of spans.'),
  errors: measure(errors, 'Spans with status error.'),
  error_rate: measure(arith('/', errors, requests), 'errors / requests (null when no span).'),
  input_tokens: measure(usageSum('input_tokens'), 'Sum of input tokens (usage-counting spans).'),
  output_tokens: measure(usageSum('output_tokens'), 'Sum of output tokens (usage-counting spans).'),
  total_tokens: measure(usageSum('total_tokens'), 'Sum of total tokens (usage-counting spans).'),
  cached_input_tokens: measure(
    usageSum('cached_input_tokens'),
    'Sum of cached input tokens (usage-counting spans).',
  ),
  reasoning_tokens: measure(
    usageSum('reasoning_tokens'),
    'Sum of reasoning tokens (usage-counting spans).',
  ),
  cost_usd: measure(costUsd, 'Sum of cost in USD (usage-counting spans); null when none known.'),
  cost_per_request: measure(arith('/', costUsd, requests), 'cost_usd / requests.'),
  ...percentiles('duration_ms', 'latency_ms'),
  ...percentiles('ttft_ms', 'ttft_ms'),
  tokens_per_second: measure(agg('avg', col('tokens_per_second')), 'Average output tokens/s.'),
  users: measure(agg('count_distinct', col('user_id')), 'Distinct users.'),
  sessions: measure(agg('count_distinct', col('session_id')), 'Distinct sessions.'),
  traces: measure(agg('count_distinct', col('trace_id')), 'Distinct traces.'),
  first_seen: measure(agg('min', col('start_time')), 'Earliest span start.'),
  last_seen: measure(agg('max', col('start_time')), 'Latest span start.'),
  example_trace_id: measure(
    agg('arg_max', col('trace_id'), { orderBy: col('start_time') }),
    'Trace id of the latest span.',
  ),
}

/**
 * Spans (observations) under their public API names (DESIGN.md "Data model"): `model` is the
 * response model when known, `latency_ms` the duration, `service` the service name. Measures
 * aggregate the rows the query selects; token and cost sums leave out wrapper spans
 * (`counts_usage` false) so a call is never counted twice, while `requests`, latencies and
 * errors count every selected span: analytics of LLM calls filter `kind` first.
 * @example planQuery(spansView, { scope, groupBy: ['model'], measures: ['requests', 'cost_usd'] })
 */
export const spansView = defineView({
  name: 'spans',
  dimensions,
  measures,
  timeDimension: 'timestamp',
  jsonMaps: {
    attributes: col('attributes'),
    metadata: col('metadata'),
    resource: col('resource_attributes'),
  },
  tags: { kind: 'json_list', expr: col('tags') },
  scoped: scopeTable('spans', 'start_time'),
})
