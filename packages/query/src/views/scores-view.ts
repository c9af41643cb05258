import { agg, col, eq, param, quantile, type Condition } from '../query-tree.js'
import {
  defineView,
  measure,
  numberDimension,
  scopeTable,
  stringDimension,
  timestampDimension,
} from './define-view.js'

const count = measure(agg('count'), 'Number of records.')

const value = col('value')

/** Averages and percentiles read numeric scores only (boolean and categorical are counted). */
const isNumeric: Condition = eq(col('data_type'), param('numeric', 'string'))

/**
 * Scores (numeric, boolean or categorical) on a trace, span or session.
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
  scoped: scopeTable('scores', 'time'),
})
