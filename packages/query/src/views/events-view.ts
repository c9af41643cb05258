import { agg, col } from '../query-tree.js'
import {
  defineView,
  measure,
  scopeTable,
  stringDimension,
  timestampDimension,
} from './define-view.js'

const count = measure(agg('count'), 'Number of records.')

/**
 * Analytics events (the unified event of seeds 000/001): common fields plus `payload` and
 * `tags` addressable by key.
 * @example planQuery(eventsView, { scope, groupBy: ['event_type'], measures: ['count'] })
 */
export const eventsView = defineView({
  name: 'events',
  dimensions: {
    timestamp: timestampDimension('time', 'Event time (UTC).'),
    event_id: stringDimension('event_id', 'Event id.'),
    source_module: stringDimension('source_module', 'Module that emitted the event.'),
    event_type: stringDimension(
      'event_type',
      'telemetry, security, cost, governance, lifecycle, audit, alert.',
    ),
    schema_version: stringDimension('schema_version', 'Event schema version.'),
    severity: stringDimension('severity', 'Severity.'),
    environment: stringDimension('environment', 'Deployment environment.'),
    trace_id: stringDimension('trace_id', 'Correlated trace id.'),
    span_id: stringDimension('span_id', 'Correlated span id.'),
    correlation_id: stringDimension('correlation_id', 'Correlation id.'),
    parent_event_id: stringDimension('parent_event_id', 'Parent event id.'),
    user_id: stringDimension('user_id', 'End-user id.'),
    session_id: stringDimension('session_id', 'Session id.'),
  },
  measures: {
    count,
    users: measure(agg('count_distinct', col('user_id')), 'Distinct users.'),
  },
  timeDimension: 'timestamp',
  jsonMaps: { tags: col('tags'), payload: col('payload') },
  scoped: scopeTable('events', 'time'),
})
