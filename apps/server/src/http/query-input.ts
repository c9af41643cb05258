import { Type } from 'typebox'
import { ObservatoryError } from '@llm-observatory/core'
import {
  and,
  parseFilter,
  parseInterval,
  parseTimeRange,
  resolveField,
  traceQueryStringFilters,
  type BucketInterval,
  type Condition,
  type QueryScope,
  type SemanticView,
} from '@llm-observatory/query'

/** `from`/`to` of every read: ISO-8601, epoch ms or relative (`now-1h`). */
export const timeRangeQuery = {
  from: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h.',
    }),
  ),
  to: Type.Optional(Type.String({ maxLength: 64, description: 'End (exclusive). Default now.' })),
}

/** The common query-string filters (see `traceQueryStringParams` in packages/query). */
export const commonFilterQuery = {
  project: Type.Optional(
    Type.String({
      maxLength: 200,
      description: "Project id; must be the caller's project (a key reads one project).",
    }),
  ),
  model: Type.Optional(Type.String({ maxLength: 2000 })),
  provider: Type.Optional(Type.String({ maxLength: 2000 })),
  service: Type.Optional(Type.String({ maxLength: 2000 })),
  environment: Type.Optional(Type.String({ maxLength: 2000 })),
  user: Type.Optional(Type.String({ maxLength: 2000 })),
  user_id: Type.Optional(Type.String({ maxLength: 2000 })),
  session: Type.Optional(Type.String({ maxLength: 2000 })),
  session_id: Type.Optional(Type.String({ maxLength: 2000 })),
  status: Type.Optional(Type.String({ maxLength: 100 })),
  name: Type.Optional(Type.String({ maxLength: 2000 })),
  tag: Type.Optional(
    Type.Union([
      Type.String({ maxLength: 2000 }),
      Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }),
    ]),
  ),
  min_latency: Type.Optional(Type.String({ maxLength: 32 })),
  max_latency: Type.Optional(Type.String({ maxLength: 32 })),
  min_cost: Type.Optional(Type.String({ maxLength: 32 })),
  max_cost: Type.Optional(Type.String({ maxLength: 32 })),
  min_tokens: Type.Optional(Type.String({ maxLength: 32 })),
  max_tokens: Type.Optional(Type.String({ maxLength: 32 })),
  q: Type.Optional(
    Type.String({ maxLength: 1000, description: 'Full-text search over prompts and responses.' }),
  ),
  filters: Type.Optional(
    Type.String({ maxLength: 20_000, description: 'A filter tree (seed 002 language) as JSON.' }),
  ),
}

/** The query-string params that filter spans (not the trace summary) on trace lists. */
export const spanLevelParams = ['model', 'provider', 'q'] as const

/** Lists (traces, spans, sessions, users) look back 30 days unless `from` says otherwise. */
export const listWindowMs = 30 * 86_400_000

/** The scope of a read; without `from` the range is the `defaultWindowMs` (24 h) before `to`. */
export function readScope(
  projectId: string,
  query: { from?: string | undefined; to?: string | undefined; project?: unknown },
  nowMs: number,
  defaultWindowMs?: number,
): QueryScope {
  if (typeof query.project === 'string' && query.project !== '' && query.project !== projectId)
    throw new ObservatoryError('ERR_AUTH_PROJECT_MISMATCH', {
      fieldErrors: [{ field: 'project', message: 'not the project of this key' }],
    })
  const range = parseTimeRange(
    { from: query.from, to: query.to },
    nowMs,
    defaultWindowMs === undefined ? {} : { defaultWindowMs },
  )
  return { projectId, fromUs: range.fromUs, toUs: range.toUs }
}

/** `interval` when given (`auto` picks one); undefined when absent. */
export function readInterval(
  input: string | undefined,
  scope: QueryScope,
): BucketInterval | undefined {
  if (input === undefined || input === '') return undefined
  return parseInterval(input, scope)
}

/**
 * The condition of a list or analytics request's query string: the common filters plus an
 * optional `filters` JSON tree, over `view`. Params named in `skip` are left to the caller.
 */
export function readQueryStringCondition(
  view: SemanticView,
  query: Readonly<Record<string, unknown>>,
  nowMs: number,
  skip: readonly string[] = [],
): Condition {
  const common: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(query)) if (!skip.includes(key)) common[key] = value
  const conditions = [traceQueryStringFilters(view, common, { nowMs })]
  const tree = skip.includes('filters') ? undefined : readFiltersParam(query['filters'])
  if (tree !== undefined) conditions.push(parseFilter(view, tree, { nowMs }))
  return and(...conditions)
}

/** The `filters` query parameter (a JSON filter tree), parsed; undefined when absent. */
export function readFiltersParam(filters: unknown): unknown {
  if (typeof filters !== 'string' || filters === '') return undefined
  try {
    return JSON.parse(filters)
  } catch {
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message: 'filters must be a JSON filter tree.',
      fieldErrors: [{ field: 'filters', message: 'not valid JSON' }],
    })
  }
}

/**
 * `group_by` as a list of field names (comma list), each a field of `view` (a dimension,
 * `metadata.<key>`-style path, or `tag`); 400 naming `group_by` otherwise.
 */
export function readGroupBy(
  input: string | undefined,
  view?: SemanticView,
  aliases: Readonly<Record<string, string>> = {},
): string[] {
  if (input === undefined || input === '') return []
  const names = input
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => aliases[s] ?? s)
  if (names.length > 3)
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message: 'group_by takes at most 3 fields.',
      fieldErrors: [{ field: 'group_by', message: 'at most 3 fields' }],
    })
  if (view !== undefined)
    for (const name of names) {
      if (name === 'tag') continue
      try {
        resolveField(view, name)
      } catch {
        const some = Object.keys(view.dimensions).slice(0, 12).join(', ')
        throw new ObservatoryError('ERR_QUERY_UNKNOWN_FIELD', {
          message: `group_by: ${name.slice(0, 64)} is not a field of ${view.name}; fields include ${some}, metadata.<key>, tag.`,
          fieldErrors: [{ field: 'group_by', message: `unknown field ${name.slice(0, 64)}` }],
        })
      }
    }
  return names
}
