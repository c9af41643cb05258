import {
  agg,
  arith,
  as,
  call,
  caseWhen,
  col,
  compare,
  gte,
  lit,
  lt,
  param,
  quantile,
  select,
  subquery,
  and,
  table,
  type Expr,
  type SelectQuery,
} from '../query-tree.js'
import type { Dimension, Measure, QueryScope } from '../semantic-view.js'
import {
  defineView,
  dimension,
  measure,
  numberDimension,
  scopeCondition,
  stringDimension,
} from './define-view.js'

/**
 * How far outside the range the parts of a trace are read. A trace's parts are written by the
 * batches holding its spans; a trace whose spans arrive over more than this span of time is
 * summarized from the parts inside the window only.
 */
export const tracePartWindowUs = 24 * 3600 * 1_000_000

const firstBy = (column: string, orderBy: string): Expr =>
  agg('arg_min', col(column), { orderBy: col(orderBy) })

/**
 * One row per trace: the append-only parts of `traces` folded as SqlBackend.listTraces folds
 * them (storage README, "Trace parts"): min start, max end, sums (null when no part knew a
 * value), first non-null root name / user / session / service / environment, union of tags.
 */
function foldedTraces(scope: QueryScope): SelectQuery {
  return select({
    from: table('traces'),
    columns: [
      as('trace_id', col('trace_id')),
      as('start_time', agg('min', col('start_time'))),
      as('end_time', agg('max', col('end_time'))),
      as(
        'duration_ms',
        call(
          'greatest',
          arith(
            '/',
            arith(
              '-',
              call('epoch_us', agg('max', col('end_time'))),
              call('epoch_us', agg('min', col('start_time'))),
            ),
            lit(1000),
          ),
          lit(0),
        ),
      ),
      as('root_name', firstBy('root_name', 'root_start_time')),
      as('span_count', agg('sum', col('span_count'))),
      as('llm_call_count', agg('sum', col('llm_call_count'))),
      as('error_count', agg('sum', col('error_count'))),
      as('input_tokens', agg('sum', col('input_tokens'))),
      as('output_tokens', agg('sum', col('output_tokens'))),
      as('total_tokens', agg('sum', col('total_tokens'))),
      as('cost_usd', agg('sum', col('cost_usd'))),
      as('user_id', firstBy('user_id', 'start_time')),
      as('session_id', firstBy('session_id', 'start_time')),
      as('service_name', firstBy('service_name', 'start_time')),
      as('environment', firstBy('environment', 'start_time')),
      as('tags', agg('union_lists', col('tags'))),
    ],
    where: scopeCondition(scope, 'start_time', {
      fromUs: scope.fromUs - tracePartWindowUs,
      toUs: scope.toUs + tracePartWindowUs,
    }),
    groupBy: [col('trace_id')],
  })
}

const hasError = compare('gt', col('error_count'), lit(0))

const dimensions: Record<string, Dimension> = {
  timestamp: dimension(col('start_time'), 'timestamp', 'Start of the earliest span (UTC).'),
  end_time: dimension(col('end_time'), 'timestamp', 'End of the latest span (UTC).'),
  trace_id: stringDimension('trace_id', 'Trace id.'),
  name: stringDimension('root_name', 'Name of the root span (null until the root arrived).'),
  latency_ms: numberDimension(
    'duration_ms',
    'From the first span start to the last span end, in ms.',
  ),
  duration_ms: numberDimension('duration_ms', 'Same as latency_ms.'),
  span_count: numberDimension('span_count', 'Spans in the trace.'),
  llm_call_count: numberDimension('llm_call_count', 'LLM calls (usage-counting llm spans).'),
  error_count: numberDimension('error_count', 'Spans with status error.'),
  status: dimension(
    caseWhen([{ when: hasError, then: lit('error') }], lit('ok')),
    'string',
    "'error' when a span failed, else 'ok'.",
  ),
  input_tokens: numberDimension('input_tokens', 'Input tokens of usage-counting spans.'),
  output_tokens: numberDimension('output_tokens', 'Output tokens of usage-counting spans.'),
  total_tokens: numberDimension('total_tokens', 'Total tokens of usage-counting spans.'),
  cost_usd: numberDimension('cost_usd', 'Cost in USD of usage-counting spans.'),
  total_cost_usd: numberDimension('cost_usd', 'Same as cost_usd.'),
  user_id: stringDimension('user_id', 'First known user id.'),
  session_id: stringDimension('session_id', 'First known session id.'),
  service: stringDimension('service_name', 'First known service name.'),
  service_name: stringDimension('service_name', 'Same as service.'),
  environment: stringDimension('environment', 'First known environment.'),
}

const traces = agg('count')
const errors = agg('count', undefined, { filter: hasError })
const cost = agg('sum', col('cost_usd'))
const latency = (q: number, name: string): Measure =>
  measure(quantile(q, col('duration_ms')), `${name} trace latency (exact).`)

const measures: Record<string, Measure> = {
  traces: measure(traces, 'Number of traces.'),
  errors: measure(errors, 'Traces with at least one failed span.'),
  error_rate: measure(arith('/', errors, traces), 'errors / traces.'),
  input_tokens: measure(agg('sum', col('input_tokens')), 'Sum of input tokens.'),
  output_tokens: measure(agg('sum', col('output_tokens')), 'Sum of output tokens.'),
  total_tokens: measure(agg('sum', col('total_tokens')), 'Sum of total tokens.'),
  cost_usd: measure(cost, 'Sum of cost in USD.'),
  cost_per_trace: measure(arith('/', cost, traces), 'cost_usd / traces.'),
  span_count: measure(agg('sum', col('span_count')), 'Sum of spans.'),
  llm_call_count: measure(agg('sum', col('llm_call_count')), 'Sum of LLM calls.'),
  latency_ms_avg: measure(agg('avg', col('duration_ms')), 'Average trace latency.'),
  latency_ms_p50: latency(0.5, 'Median'),
  latency_ms_p95: latency(0.95, '95th percentile'),
  latency_ms_p99: latency(0.99, '99th percentile'),
  users: measure(agg('count_distinct', col('user_id')), 'Distinct users.'),
  sessions: measure(agg('count_distinct', col('session_id')), 'Distinct sessions.'),
  first_seen: measure(agg('min', col('start_time')), 'Earliest trace start.'),
  last_seen: measure(agg('max', col('start_time')), 'Latest trace start.'),
}

/**
 * Traces: one row per trace folded from its parts, counted in the range by the trace's start
 * (its earliest span). The parts read lie within a day (`tracePartWindowUs`) either side of
 * the range, so a trace is complete when its spans arrived within a day of each other.
 * @example planQuery(tracesView, { scope, select: ['trace_id', 'name', 'latency_ms'], orderBy: [{ field: 'timestamp', direction: 'desc' }], limit: 50 })
 */
export const tracesView = defineView({
  name: 'traces',
  dimensions,
  measures,
  timeDimension: 'timestamp',
  jsonMaps: {},
  tags: { kind: 'list', expr: col('tags') },
  scoped: (scope) => ({
    from: subquery(foldedTraces(scope), 'traces'),
    where: and(
      gte(col('start_time'), param(scope.fromUs, 'timestamp')),
      lt(col('start_time'), param(scope.toUs, 'timestamp')),
    ),
  }),
})
