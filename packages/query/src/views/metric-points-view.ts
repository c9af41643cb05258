import { agg, col, quantile } from '../query-tree.js'
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

/**
 * Metric points (OTLP, system and custom metrics): one row per data point; `value` is the
 * gauge/sum value or a histogram's sum.
 * @example planQuery(metricPointsView, { scope, where: eq(col('name'), param('gpu.util', 'string')), interval: { count: 5, unit: 'minute' }, measures: ['value_avg'] })
 */
export const metricPointsView = defineView({
  name: 'metric_points',
  dimensions: {
    timestamp: timestampDimension('time', 'Point time (UTC).'),
    start_timestamp: timestampDimension(
      'start_time',
      'Start of the aggregation period (cumulative sums).',
    ),
    name: stringDimension('name', 'Metric name.'),
    description: stringDimension('description', 'Metric description.'),
    unit: stringDimension('unit', 'Unit.'),
    type: stringDimension('type', 'gauge, sum, histogram, exponential_histogram or summary.'),
    value: numberDimension('value', 'Gauge/sum value, or histogram sum.'),
    count: numberDimension('count', 'Histogram count.'),
    min: numberDimension('min', 'Histogram minimum.'),
    max: numberDimension('max', 'Histogram maximum.'),
    temporality: numberDimension('temporality', '1 delta, 2 cumulative.'),
    service: stringDimension('service_name', 'Service name.'),
  },
  measures: {
    count,
    value_avg: measure(agg('avg', value), 'Average value.'),
    value_sum: measure(agg('sum', value), 'Sum of values.'),
    value_min: measure(agg('min', value), 'Smallest value.'),
    value_max: measure(agg('max', value), 'Largest value.'),
    value_p50: measure(quantile(0.5, value), 'Median value (exact).'),
    value_p95: measure(quantile(0.95, value), '95th percentile value (exact).'),
    value_p99: measure(quantile(0.99, value), '99th percentile value (exact).'),
  },
  timeDimension: 'timestamp',
  jsonMaps: { tags: col('tags'), resource: col('resource_attributes') },
  scoped: scopeTable('metric_points', 'time'),
})
