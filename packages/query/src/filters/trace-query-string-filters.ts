import { and, type Condition } from '../query-tree.js'
import type { SemanticView } from '../semantic-view.js'
import { buildFilterCondition, type FilterLeaf } from './build-filter-condition.js'
import { FieldErrorCollector } from './field-error-collector.js'
import { readNumber, maxListLength } from './read-filter-value.js'

/** Most tags one request may require (each is its own membership test). */
const maxTags = 50

/**
 * One query-string filter of the trace and span lists.
 * - `list`: comma-separated values (or a repeated param); one value is `eq`, more are `in`.
 * - `all_tags`: every tag given must be present (as Langfuse's `tags` param).
 * - `min` / `max`: an inclusive bound (`gte` / `lte`) on a number field.
 * - `search`: full text over the view's searchable fields (`search` with no field).
 */
export interface QueryStringFilterParam {
  readonly param: string
  /** Other names accepted for the same filter (`user_id` for `user`). */
  readonly aliases: readonly string[]
  /** The view fields it filters, first match wins: spans say `latency_ms`, traces may say `duration_ms`. */
  readonly fields: readonly string[]
  readonly kind: 'list' | 'all_tags' | 'min' | 'max' | 'search'
  readonly description: string
}

function entry(
  param: string,
  kind: QueryStringFilterParam['kind'],
  fields: readonly string[],
  description: string,
  aliases: readonly string[] = [],
): QueryStringFilterParam {
  return Object.freeze({ param, aliases, fields, kind, description })
}

/**
 * The common filters of `GET /api/v1/traces` and `GET /api/v1/spans`, as data, so both
 * routes, their OpenAPI docs and the web app read one table.
 */
export const traceQueryStringParams: readonly QueryStringFilterParam[] = Object.freeze([
  entry('model', 'list', ['model'], 'Model name; a comma list matches any.'),
  entry(
    'provider',
    'list',
    ['provider'],
    'Provider (openai, anthropic, …); a comma list matches any.',
  ),
  entry('service', 'list', ['service_name', 'service'], 'Service name; a comma list matches any.', [
    'service_name',
  ]),
  entry(
    'environment',
    'list',
    ['environment'],
    'Deployment environment; a comma list matches any.',
  ),
  entry('user', 'list', ['user_id'], 'User id; a comma list matches any.', ['user_id']),
  entry('session', 'list', ['session_id'], 'Session id; a comma list matches any.', ['session_id']),
  entry('status', 'list', ['status'], 'Status (ok, error, unset); a comma list matches any.'),
  entry('name', 'list', ['name', 'root_name'], 'Span or trace name; a comma list matches any.'),
  entry('tag', 'all_tags', ['tags'], 'A tag; repeat it or give a comma list to require all.', [
    'tags',
  ]),
  entry('min_latency', 'min', ['latency_ms', 'duration_ms'], 'Latency at least this many ms.'),
  entry('max_latency', 'max', ['latency_ms', 'duration_ms'], 'Latency at most this many ms.'),
  entry('min_cost', 'min', ['cost_usd', 'total_cost_usd'], 'Cost at least this many USD.'),
  entry('max_cost', 'max', ['cost_usd', 'total_cost_usd'], 'Cost at most this many USD.'),
  entry('min_tokens', 'min', ['total_tokens'], 'Total tokens at least this many.'),
  entry('max_tokens', 'max', ['total_tokens'], 'Total tokens at most this many.'),
  entry('q', 'search', [], 'Full text: every word must occur in the searchable text.'),
])

export interface QueryStringFilterOptions {
  /** The clock for relative times, in epoch ms. Default `Date.now()`. */
  readonly nowMs?: number
  /**
   * Params (by their main name) the caller handles itself, e.g. `['model', 'provider', 'q']`
   * on the traces list, which filters traces by their spans with the spans view.
   */
  readonly skip?: readonly string[]
}

/**
 * Builds the condition of the common query-string filters (see `traceQueryStringParams`) for
 * a view: all given filters must hold. Other params (`from`, `page`, `sort`, …) are ignored,
 * empty values count as absent. Values may be strings or arrays of strings (a repeated param,
 * as Fastify parses it); comma lists split on commas, so a value cannot itself hold a comma.
 * A filter the view has no field for (`model` on the traces view) is an error rather than
 * silently ignored, since ignoring it would answer a different question; params in
 * `options.skip` are left to the caller.
 *
 * Errors: one `ObservatoryError` (400) whose `fieldErrors` name the params, e.g.
 * `{ field: 'min_latency', message: 'give a number' }`; `min_x` above `max_x` is an error too.
 *
 * @example traceQueryStringFilters(spansView, { model: 'gpt-4o,gpt-4o-mini', min_latency: '500' })
 * // and(inList(<model>, param(['gpt-4o', 'gpt-4o-mini'], 'string[]')), compare('gte', <latency>, param(500, 'double')))
 */
export function traceQueryStringFilters(
  view: SemanticView,
  query: Readonly<Record<string, unknown>>,
  options: QueryStringFilterOptions = {},
): Condition {
  const errors = new FieldErrorCollector()
  const nowMs = options.nowMs ?? Date.now()
  const skip = new Set(options.skip ?? [])
  const conditions: Condition[] = []
  const bounds = new Map<string, number>()
  for (const spec of traceQueryStringParams) {
    if (skip.has(spec.param)) continue
    const given = [spec.param, ...spec.aliases].find(
      (name) => Object.hasOwn(query, name) && splitValues(query[name]).length > 0,
    )
    if (given === undefined) continue
    const values = splitValues(query[given])
    const field = spec.fields.find((name) =>
      name === 'tags' ? view.tags !== undefined : Object.hasOwn(view.dimensions, name),
    )
    if (spec.kind !== 'search' && field === undefined) {
      errors.add('ERR_QUERY_UNKNOWN_FIELD', given, `${given} is not a filter of ${view.name}`)
      continue
    }
    const leaves = toLeaves(spec, field, values, given, errors)
    for (const leaf of leaves) {
      const condition = buildFilterCondition(view, leaf, { errors, nowMs, at: () => given })
      if (condition !== null) conditions.push(condition)
    }
    if ((spec.kind === 'min' || spec.kind === 'max') && leaves.length === 1) {
      const bound = readNumber(leaves[0]!.value)
      if (bound.ok) bounds.set(spec.param, bound.value)
    }
  }
  for (const [min, max] of [
    ['min_latency', 'max_latency'],
    ['min_cost', 'max_cost'],
    ['min_tokens', 'max_tokens'],
  ] as const) {
    const low = bounds.get(min)
    const high = bounds.get(max)
    if (low !== undefined && high !== undefined && low > high) {
      errors.add('ERR_QUERY_INVALID_FILTER', min, `${min} is above ${max}`)
    }
  }
  errors.throwIfAny()
  return and(...conditions)
}

function toLeaves(
  spec: QueryStringFilterParam,
  field: string | undefined,
  values: readonly string[],
  given: string,
  errors: FieldErrorCollector,
): FilterLeaf[] {
  switch (spec.kind) {
    case 'search':
      return [{ operator: 'search', value: values.join(' ') }]
    case 'list':
      return [
        values.length === 1
          ? { field, operator: 'eq', value: values[0] }
          : { field, operator: 'in', value: values },
      ]
    case 'all_tags':
      if (values.length > maxTags) {
        errors.add('ERR_QUERY_INVALID_FILTER', given, `give at most ${maxTags} tags`)
        return []
      }
      return values.map((value) => ({ field, operator: 'eq', value }))
    case 'min':
    case 'max':
      if (values.length > 1) {
        errors.add('ERR_QUERY_INVALID_FILTER', given, 'give one number')
        return []
      }
      return [{ field, operator: spec.kind === 'min' ? 'gte' : 'lte', value: values[0] }]
  }
}

/** Values of a param: strings or arrays of them, split on commas, trimmed, empties dropped. */
function splitValues(value: unknown): string[] {
  const raw = Array.isArray(value) ? value : [value]
  const values: string[] = []
  for (const item of raw) {
    const text = typeof item === 'number' || typeof item === 'boolean' ? String(item) : item
    if (typeof text !== 'string') continue
    for (const part of text.split(',')) {
      const trimmed = part.trim()
      if (trimmed !== '') values.push(trimmed)
      // Past the list limit the filter layer reports the error; no need to split further.
      if (values.length > maxListLength) return values
    }
  }
  return values
}
