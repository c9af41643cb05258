import { agg, and, col, compare, eq, param, table } from '../query-tree.js'
import type { SemanticView } from '../semantic-view.js'

/**
 * A small view for the filter tests, independent of the real views: string, number, boolean,
 * timestamp and searchable dimensions, three JSON maps and a JSON-text tag list.
 */
export const testView: SemanticView = {
  name: 'spans',
  dimensions: {
    model: { expr: col('model'), type: 'string', description: 'the model' },
    provider: { expr: col('provider'), type: 'string', description: 'the provider' },
    service_name: { expr: col('service_name'), type: 'string', description: 'the service' },
    environment: { expr: col('environment'), type: 'string', description: 'the environment' },
    user_id: { expr: col('user_id'), type: 'string', description: 'the user' },
    session_id: { expr: col('session_id'), type: 'string', description: 'the session' },
    status: { expr: col('status'), type: 'string', description: 'ok, error or unset' },
    name: { expr: col('name'), type: 'string', description: 'the span name' },
    latency_ms: { expr: col('duration_ms'), type: 'number', description: 'the latency' },
    cost_usd: { expr: col('cost_usd'), type: 'number', description: 'the cost' },
    total_tokens: { expr: col('total_tokens'), type: 'number', description: 'the tokens' },
    stream: { expr: col('stream'), type: 'boolean', description: 'streamed or not' },
    timestamp: { expr: col('start_time'), type: 'timestamp', description: 'the start' },
    input_text: {
      expr: col('input_text'),
      type: 'string',
      description: 'the prompt text',
      searchable: true,
    },
    output_text: {
      expr: col('output_text'),
      type: 'string',
      description: 'the response text',
      searchable: true,
    },
  },
  measures: {
    requests: { expr: agg('count'), description: 'the number of spans' },
    total_cost: { expr: agg('sum', col('cost_usd')), description: 'the cost' },
  },
  timeDimension: 'timestamp',
  jsonMaps: {
    attributes: col('attributes'),
    metadata: col('metadata'),
    resource: col('resource_attributes'),
  },
  tags: { kind: 'json_list', expr: col('tags') },
  scoped: (scope) => ({
    from: table('spans'),
    where: and(
      eq(col('project_id'), param(scope.projectId, 'string')),
      compare('gte', col('start_time'), param(scope.fromUs, 'timestamp')),
      compare('lt', col('start_time'), param(scope.toUs, 'timestamp')),
    ),
  }),
}

/** A view with fewer fields (as a traces view may be), for "missing on this view" errors. */
export const narrowTestView: SemanticView = {
  ...testView,
  name: 'traces',
  dimensions: {
    name: testView.dimensions['name']!,
    user_id: testView.dimensions['user_id']!,
    timestamp: testView.dimensions['timestamp']!,
    total_cost_usd: testView.dimensions['cost_usd']!,
    duration_ms: testView.dimensions['latency_ms']!,
  },
  jsonMaps: { metadata: col('metadata') },
  tags: { kind: 'list', expr: col('tags') },
}
