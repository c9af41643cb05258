import {
  agg,
  and,
  as,
  col,
  eq,
  gte,
  lt,
  param,
  quantile,
  select,
  subquery,
  table,
  type Condition,
  type SelectQuery,
} from '../query-tree.js'
import type { QueryScope } from '../semantic-view.js'
import {
  defineView,
  measure,
  numberDimension,
  scopeCondition,
  stringDimension,
  timestampDimension,
} from './define-view.js'
import { tracePartWindowUs } from './traces-view.js'

const count = measure(agg('count'), 'Number of records.')

const value = col('value')

/** Averages and percentiles read numeric scores only (boolean and categorical are counted). */
const isNumeric: Condition = eq(col('data_type'), param('numeric', 'string'))

const versioned = [
  'trace_id',
  'span_id',
  'session_id',
  'name',
  'data_type',
  'value',
  'string_value',
  'comment',
  'source',
]

/**
 * The latest version of each score id (a score re-sent with the same id replaces the earlier
 * one, as in SqlBackend.findScores). Versions are read from the range start (an older version
 * matters only if no newer one exists, and then its time is its score's) to a day past its end
 * (a version in the range may have been replaced just after it).
 */
function latestScores(scope: QueryScope): SelectQuery {
  return select({
    from: table('scores'),
    columns: [
      as('score_id', col('score_id')),
      as('time', agg('max', col('time'))),
      ...versioned.map((column) =>
        as(column, agg('arg_max_any', col(column), { orderBy: col('time') })),
      ),
    ],
    where: scopeCondition(scope, 'time', {
      fromUs: scope.fromUs,
      toUs: scope.toUs + tracePartWindowUs,
    }),
    groupBy: [col('score_id')],
  })
}

/**
 * Scores (numeric, boolean or categorical) on a trace, span or session, latest version per
 * score id.
 * @example planQuery(scoresView, { scope, groupBy: ['name'], measures: ['count', 'value_avg'] })
 */
export const scoresView = defineView({
  name: 'scores',
  dimensions: {
    timestamp: timestampDimension('time', 'Score time (UTC).'),
    score_id: stringDimension('score_id', 'Score id.'),
    trace_id: stringDimension('trace_id', 'Scored trace.'),
    span_id: stringDimension('span_id', 'Scored span.'),
    session_id: stringDimension('session_id', 'Scored session.'),
    name: stringDimension('name', 'Score name.'),
    data_type: stringDimension('data_type', 'numeric, boolean or categorical.'),
    value: numberDimension('value', 'Numeric value (booleans 0/1).'),
    string_value: stringDimension('string_value', 'Categorical value.'),
    comment: stringDimension('comment', 'Comment.'),
    source: stringDimension('source', 'api, user or eval.'),
  },
  measures: {
    count,
    value_avg: measure(agg('avg', value, { filter: isNumeric }), 'Average numeric value.'),
    value_min: measure(agg('min', value, { filter: isNumeric }), 'Smallest numeric value.'),
    value_max: measure(agg('max', value, { filter: isNumeric }), 'Largest numeric value.'),
    value_p50: measure(quantile(0.5, value, isNumeric), 'Median numeric value (exact).'),
  },
  timeDimension: 'timestamp',
  jsonMaps: {},
  scoped: (scope) => ({
    from: subquery(latestScores(scope), 'scores'),
    where: and(
      gte(col('time'), param(scope.fromUs, 'timestamp')),
      lt(col('time'), param(scope.toUs, 'timestamp')),
    ),
  }),
})
