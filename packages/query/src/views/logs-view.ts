import { agg, col, compare, lit, type Condition } from '../query-tree.js'
import {
  defineView,
  dimension,
  measure,
  numberDimension,
  scopeTable,
  stringDimension,
  timestampDimension,
} from './define-view.js'

const count = measure(agg('count'), 'Number of records.')

/** OTel severity numbers 17–24 are ERROR and FATAL (OTel logs data model). */
const isErrorLog: Condition = compare('gte', col('severity_number'), lit(17))

/**
 * Logs (OTLP and application logs). `body` is the sender's value as JSON text (a string body
 * is a quoted JSON string), searchable.
 * @example planQuery(logsView, { scope, select: ['timestamp', 'severity', 'body'], orderBy: [{ field: 'timestamp', direction: 'desc' }], limit: 100 })
 */
export const logsView = defineView({
  name: 'logs',
  dimensions: {
    timestamp: timestampDimension('time', 'Log time (UTC).'),
    observed_timestamp: timestampDimension('observed_time', 'When the log was observed (UTC).'),
    trace_id: stringDimension('trace_id', 'Correlated trace id.'),
    span_id: stringDimension('span_id', 'Correlated span id.'),
    severity_number: numberDimension('severity_number', 'OTel severity number (1–24).'),
    severity: stringDimension('severity_text', 'TRACE, DEBUG, INFO, WARN, ERROR or CRITICAL.'),
    body: dimension(col('body'), 'string', 'Log body (JSON text).', { searchable: true }),
    event_name: stringDimension('event_name', 'Event name.'),
    service: stringDimension('service_name', 'Service name.'),
    logger: stringDimension('logger', 'Logger name.'),
  },
  measures: {
    count,
    errors: measure(agg('count', undefined, { filter: isErrorLog }), 'ERROR and FATAL logs.'),
  },
  timeDimension: 'timestamp',
  jsonMaps: { attributes: col('attributes'), resource: col('resource_attributes') },
  scoped: scopeTable('logs', 'time'),
})
