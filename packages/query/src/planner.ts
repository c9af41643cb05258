import { ObservatoryError } from '@llm-observatory/core'
import { isSafeColumnAlias } from './compiler/sql-compiler.js'
import {
  and,
  as,
  col,
  json,
  jsonListHas,
  listHas,
  orderBy as orderItem,
  select,
  timeBucket,
  unnest,
  type BucketInterval,
  type Condition,
  type Expr,
  type OrderItem,
  type SelectQuery,
  type Selection,
  type ValueType,
} from './query-tree.js'
import type { QueryScope, SemanticView } from './semantic-view.js'

/** The column holding the bucket start when a request has an `interval`. */
export const bucketColumn = 'ts'

/**
 * The group-by name of one tag, for views that declare `tags`: a row counts once in the group
 * of each distinct tag it holds (a span tagged `[a, b]` in both), and a row without tags in the
 * null group, as rows missing any other group-by field are. Group sums therefore add up to
 * more than the totals when rows hold several tags. Only a group-by: a tag is no value of a row,
 * so `resolveField` and `select` do not take it (`select` takes the whole list, `tags`).
 */
export const tagGroupField = 'tag'

/**
 * What a caller asks of a view, in public names only. Two shapes:
 * - rows: `select` names dimensions (or `prefix.key` JSON paths, or `tags`), one row per record;
 * - aggregates: any of `measures`, `groupBy` (dimensions, JSON paths, or `tag` for views with
 *   tags: see `tagGroupField`), `interval`; one row per group (and bucket).
 */
export interface QueryRequest {
  readonly scope: QueryScope
  /** Built from view fields by the filter language; ANDed under the scope. */
  readonly where?: Condition
  readonly select?: readonly string[]
  readonly measures?: readonly string[]
  readonly groupBy?: readonly string[]
  /** Time buckets over the view's time dimension, returned as column `ts`. */
  readonly interval?: BucketInterval
  /** Fields of the result (aggregates) or of the view (rows). */
  readonly orderBy?: readonly { readonly field: string; readonly direction: 'asc' | 'desc' }[]
  readonly limit?: number
  readonly offset?: number
}

export interface ResolvedField {
  readonly expr: Expr
  readonly type: ValueType
}

/**
 * A dimension name, or `<prefix>.<key>` for a JSON map of the view (the key is all after the
 * first dot: our maps are flat with dotted OTel keys, so `attributes.gen_ai.system` is key
 * `gen_ai.system`), as an expression. JSON values are read as strings.
 * Throws ERR_QUERY_UNKNOWN_FIELD (400) naming the field otherwise.
 * @example resolveField(spansView, 'metadata.customer_tier') // { expr: json(col('metadata'), 'customer_tier'), type: 'string' }
 */
export function resolveField(view: SemanticView, name: string): ResolvedField {
  if (Object.hasOwn(view.dimensions, name)) {
    const dimension = view.dimensions[name]!
    return { expr: dimension.expr, type: dimension.type }
  }
  const dot = name.indexOf('.')
  if (dot > 0 && dot < name.length - 1 && Object.hasOwn(view.jsonMaps, name.slice(0, dot))) {
    const column = view.jsonMaps[name.slice(0, dot)]!
    if (column.kind !== 'column') throw new Error(`view ${view.name}: a JSON map must be a column`)
    return { expr: json(column, name.slice(dot + 1), 'string'), type: 'string' }
  }
  throw fieldError('ERR_QUERY_UNKNOWN_FIELD', name, `not a field of ${view.name}`)
}

/**
 * Rows whose tag list holds `tag` (`list_has` or `json_list_has`, as the view stores tags), e.g.
 * to keep the groups of a `tag` group-by. Throws ERR_QUERY_UNKNOWN_FIELD (naming `tags`) when
 * the view has no tags.
 * @example hasTag(spansView, 'vip') // jsonListHas(col('tags'), 'vip')
 */
export function hasTag(view: SemanticView, tag: string): Condition {
  const tags = view.tags
  if (tags === undefined)
    throw fieldError('ERR_QUERY_UNKNOWN_FIELD', 'tags', `${view.name} has no tags`)
  if (tags.kind === 'list') return listHas(tags.expr, tag)
  if (tags.expr.kind !== 'column')
    throw new Error(`view ${view.name}: a JSON tag list must be a column`)
  return jsonListHas(tags.expr, tag)
}

/**
 * Plans a request into a query tree. The view's `scoped()` source and condition are always
 * there: the request's `where` is ANDed under them as one node, so no condition of the
 * request can widen the project or the time range. Result columns are named after the
 * requested names (`ts` for the bucket); JSON paths used as columns must keep to letters,
 * digits and `_ . : / -`.
 *
 * Aggregates are ordered by `orderBy`, then by bucket and group columns (ascending, nulls
 * last), so equal inputs give equal row orders on every engine; rows default to newest first.
 * Grouped by `tag`, the scoped rows (scope and `where` applied first) are multiplied by their
 * tags in an `unnest` source, and the groups and measures are taken over those.
 *
 * Throws ERR_QUERY_UNKNOWN_FIELD, ERR_QUERY_INVALID_SELECTION, ERR_QUERY_INVALID_SORT or
 * ERR_QUERY_INVALID_TIME_RANGE (all 400) with `fieldErrors` naming the field.
 * @example
 * planQuery(spansView, {
 *   scope: { projectId, fromUs, toUs },
 *   groupBy: ['model'],
 *   measures: ['requests', 'cost_usd', 'latency_ms_p95'],
 *   orderBy: [{ field: 'cost_usd', direction: 'desc' }],
 *   limit: 10,
 * })
 */
export function planQuery(view: SemanticView, request: QueryRequest): SelectQuery {
  checkScope(request.scope)
  const scoped = view.scoped(request.scope)
  const where = and(scoped.where, request.where ?? { kind: 'true' })
  const measures = request.measures ?? []
  const groupBy = request.groupBy ?? []
  const isAggregate = measures.length > 0 || groupBy.length > 0 || request.interval !== undefined
  const page = {
    ...(request.limit !== undefined ? { limit: checkCount(request.limit, 'limit') } : {}),
    ...(request.offset !== undefined ? { offset: checkCount(request.offset, 'offset') } : {}),
  }
  if (!isAggregate) {
    const columns = (request.select ?? []).map((name) => as(name, selectable(view, name)))
    if (columns.length === 0)
      throw fieldError('ERR_QUERY_INVALID_SELECTION', 'select', 'name at least one field')
    checkDistinct(columns)
    const order = request.orderBy ?? [{ field: view.timeDimension, direction: 'desc' }]
    return select({
      from: scoped.from,
      columns,
      where,
      orderBy: order.map((o) => orderItem(sortable(view, o.field), o.direction, 'last')),
      ...page,
    })
  }
  if ((request.select ?? []).length > 0)
    throw fieldError(
      'ERR_QUERY_INVALID_SELECTION',
      'select',
      'with measures, group_by or interval, the columns are the group-bys and measures',
    )
  const keys: Selection[] = []
  if (request.interval !== undefined)
    keys.push(
      as(bucketColumn, timeBucket(request.interval, resolveField(view, view.timeDimension).expr)),
    )
  const tags = groupBy.includes(tagGroupField) ? view.tags : undefined
  for (const name of groupBy)
    keys.push(
      as(
        name,
        name === tagGroupField && tags !== undefined
          ? col(tagGroupField)
          : resolveField(view, name).expr,
      ),
    )
  const columns = [
    ...keys,
    ...measures.map((name) => {
      if (!Object.hasOwn(view.measures, name))
        throw fieldError('ERR_QUERY_UNKNOWN_FIELD', name, `not a measure of ${view.name}`)
      return as(name, view.measures[name]!.expr)
    }),
  ]
  checkDistinct(columns)
  const byAlias = new Map(columns.map((c) => [c.alias, c.expr]))
  const order: OrderItem[] = (request.orderBy ?? []).map((o) => {
    const expr = byAlias.get(o.field)
    if (expr === undefined)
      throw fieldError('ERR_QUERY_INVALID_SORT', o.field, 'sort by a group-by or a measure')
    return orderItem(expr, o.direction, 'last')
  })
  const sorted = new Set((request.orderBy ?? []).map((o) => o.field))
  for (const key of keys) if (!sorted.has(key.alias)) order.push(orderItem(key.expr, 'asc', 'last'))
  const source =
    tags === undefined
      ? { from: scoped.from, where }
      : {
          from: unnest({
            source: scoped.from,
            where,
            list: tags.expr,
            listKind: tags.kind,
            element: tagGroupField,
            alias: view.name,
          }),
        }
  return select({
    ...source,
    columns,
    groupBy: keys.map((k) => k.expr),
    orderBy: order,
    ...page,
  })
}

function selectable(view: SemanticView, name: string): Expr {
  if (name === 'tags' && view.tags !== undefined) return view.tags.expr
  // A whole JSON map (an event's payload, a span's attributes) as its JSON text.
  if (Object.hasOwn(view.jsonMaps, name)) return view.jsonMaps[name]!
  return resolveField(view, name).expr
}

function sortable(view: SemanticView, name: string): Expr {
  try {
    return resolveField(view, name).expr
  } catch {
    throw fieldError('ERR_QUERY_INVALID_SORT', name, `not a field of ${view.name}`)
  }
}

function checkDistinct(columns: readonly Selection[]): void {
  const seen = new Set<string>()
  for (const { alias } of columns) {
    if (!isSafeColumnAlias(alias))
      throw fieldError(
        'ERR_QUERY_INVALID_SELECTION',
        alias,
        'a JSON key used as a column may hold letters, digits and _ . : / - only',
      )
    if (seen.has(alias)) throw fieldError('ERR_QUERY_INVALID_SELECTION', alias, 'named twice')
    seen.add(alias)
  }
}

function checkScope(scope: QueryScope): void {
  if (typeof scope.projectId !== 'string' || scope.projectId === '')
    throw new Error('a query scope needs a project id')
  const { fromUs, toUs } = scope
  if (!Number.isSafeInteger(fromUs) || !Number.isSafeInteger(toUs) || fromUs > toUs)
    throw fieldError('ERR_QUERY_INVALID_TIME_RANGE', 'from', 'from must not be after to')
}

function checkCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw fieldError('ERR_QUERY_INVALID_SELECTION', field, 'must be a non-negative integer')
  return value
}

function fieldError(
  code:
    | 'ERR_QUERY_UNKNOWN_FIELD'
    | 'ERR_QUERY_INVALID_SELECTION'
    | 'ERR_QUERY_INVALID_SORT'
    | 'ERR_QUERY_INVALID_TIME_RANGE',
  field: string,
  message: string,
): ObservatoryError {
  // Echo at most 64 characters of a name the caller sent.
  const shown = field.length > 64 ? `${field.slice(0, 64)}…` : field
  return new ObservatoryError(code, { fieldErrors: [{ field: shown, message }] })
}
