/**
 * The query tree: what every read of the product is, before any SQL exists. Nodes are plain
 * frozen objects built with the functions below; the compiler (`compileQuery`) turns one tree
 * into SQL text plus parameters for a dialect. Nothing here holds SQL text, so user input can
 * only ever reach a query as a `param` value or as a column name taken from a view's allow-list.
 *
 * @example
 * const q = select({
 *   from: table('spans'),
 *   columns: [as('model', col('request_model')), as('cost', agg('sum', col('cost_usd')))],
 *   where: and(eq(col('project_id'), param('p1', 'string')), gte(col('start_time'), param(t0, 'timestamp'))),
 *   groupBy: [col('request_model')],
 * })
 */

/** Types of parameter values; the same names as storage's column types where they overlap. */
export type ParamType =
  | 'string'
  | 'int'
  | 'bigint'
  | 'double'
  | 'boolean'
  /** Microseconds since the epoch (UTC), as a number. */
  | 'timestamp'
  | 'string[]'
  | 'double[]'

export type ParamValue = string | number | boolean | null | readonly string[] | readonly number[]

/** The type an expression yields, where the compiler needs it (JSON access, casts). */
export type ValueType = 'string' | 'number' | 'boolean' | 'timestamp'

/**
 * Calendar-free bucket widths; a bucket starts at a multiple of the width since the epoch (UTC),
 * weeks at a multiple of 7 days since Monday 1970-01-05 (so weeks start on Monday).
 */
export type BucketUnit = 'second' | 'minute' | 'hour' | 'day' | 'week'

export interface BucketInterval {
  readonly count: number
  readonly unit: BucketUnit
}

/** The scalar functions a tree may call. Each dialect spells them; nothing else is callable. */
export type ScalarFunction =
  | 'lower'
  | 'coalesce'
  | 'length'
  /** `greatest(a, b)` ignoring nulls as far as the dialect allows. */
  | 'greatest'
  /** Epoch microseconds of a timestamp, as a number. */
  | 'epoch_us'
  /** `nullif(a, b)`. */
  | 'nullif'

export type AggregateFunction =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'count_distinct'
  /** The value at the smallest `orderBy` among non-null values (first root name, …). */
  | 'arg_min'
  | 'arg_max'
  /** The sorted, distinct union of a list column over the group (trace tags). */
  | 'union_lists'
  /** The value at the largest `orderBy`, NULL included (the latest version of a record). */
  | 'arg_max_any'
  /** Sample standard deviation (n − 1); null for fewer than two values. */
  | 'stddev'

export type Expr =
  | ColumnRef
  | Param
  | Literal
  | JsonAccess
  | FunctionCall
  | Arithmetic
  | Aggregate
  | Quantile
  | TimeBucket
  | CaseWhen
  | ConditionExpr

/** A column of the query's source, by its SQL name (snake_case); `table` qualifies it. */
export interface ColumnRef {
  readonly kind: 'column'
  readonly name: string
  readonly table?: string
}

/** A value the driver binds; it never becomes SQL text. */
export interface Param {
  readonly kind: 'param'
  readonly value: ParamValue
  readonly type: ParamType
}

/** A constant chosen by code (never by a user): small integers, fixed strings, null. */
export interface Literal {
  readonly kind: 'literal'
  readonly value: number | string | boolean | null
}

/**
 * A value inside a JSON-text column (`attributes`, `metadata`, `resource_attributes`): the key
 * is one key at the top level (our JSON maps are flat, dotted OTel keys are single keys) and is
 * bound as a parameter, never spliced. `as` says how to read it.
 */
export interface JsonAccess {
  readonly kind: 'json'
  readonly column: ColumnRef
  readonly key: string
  readonly as: 'string' | 'number'
}

export interface FunctionCall {
  readonly kind: 'call'
  readonly fn: ScalarFunction
  readonly args: readonly Expr[]
}

export interface Arithmetic {
  readonly kind: 'arith'
  readonly op: '+' | '-' | '*' | '/'
  readonly left: Expr
  readonly right: Expr
}

/**
 * An aggregate. `filter` keeps only rows where it holds (`count(*) FILTER (WHERE …)`,
 * `countIf`); `arg` is absent only for `count` (count of rows). `orderBy` is for arg_min/arg_max.
 * `sum` over no non-null value is null, as in SQL.
 */
export interface Aggregate {
  readonly kind: 'aggregate'
  readonly fn: AggregateFunction
  readonly arg?: Expr
  readonly orderBy?: Expr
  readonly filter?: Condition
}

/** An exact quantile (linear interpolation between closest ranks, as `percentile_cont`). */
export interface Quantile {
  readonly kind: 'quantile'
  /** 0..1 */
  readonly q: number
  readonly arg: Expr
  readonly filter?: Condition
}

/** The start of the time bucket holding `arg` (a timestamp expression). */
export interface TimeBucket {
  readonly kind: 'time_bucket'
  readonly interval: BucketInterval
  readonly arg: Expr
}

export interface CaseWhen {
  readonly kind: 'case'
  readonly whens: readonly { readonly when: Condition; readonly then: Expr }[]
  readonly else: Expr
}

/** A condition used as a boolean value (e.g. selected as a column). */
export interface ConditionExpr {
  readonly kind: 'condition'
  readonly condition: Condition
}

export type CompareOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'

export type Condition =
  | Compare
  | InList
  | InQuery
  | TextMatch
  | RegexMatch
  | IsNull
  | ListHas
  | JsonListHas
  | Logical
  | Not
  | TrueCondition

export interface Compare {
  readonly kind: 'compare'
  readonly op: CompareOp
  readonly left: Expr
  readonly right: Expr
}

export interface InList {
  readonly kind: 'in'
  readonly negated: boolean
  readonly left: Expr
  /** One array parameter (`= ANY(?)` / `has(?, x)`), so a list is one bound value. */
  readonly values: Param
}

/**
 * Substring tests. `caseInsensitive` folds ASCII case on both sides (search, `contains` of the
 * filter language); the pattern is the parameter's value taken literally (no wildcards).
 */
export interface TextMatch {
  readonly kind: 'text'
  readonly mode: 'contains' | 'starts_with' | 'ends_with'
  readonly negated: boolean
  readonly caseInsensitive: boolean
  readonly left: Expr
  readonly pattern: Param
}

/** RE2 semantics on both engines (DuckDB and ClickHouse both use RE2): linear time. */
export interface RegexMatch {
  readonly kind: 'regex'
  readonly left: Expr
  readonly pattern: Param
}

export interface IsNull {
  readonly kind: 'is_null'
  readonly negated: boolean
  readonly arg: Expr
}

/** A native list column (`VARCHAR[]` / `Array(String)`) holds the value. */
export interface ListHas {
  readonly kind: 'list_has'
  readonly list: Expr
  readonly value: Param
}

/** A JSON-text array column (spans.tags) holds the string value. */
export interface JsonListHas {
  readonly kind: 'json_list_has'
  readonly column: ColumnRef
  readonly value: Param
}

/**
 * `left [NOT] IN (subquery)`: a semi-join, e.g. traces that hold a span matching span filters.
 * The subquery is a planned (scoped) query of one column.
 */
export interface InQuery {
  readonly kind: 'in_query'
  readonly negated: boolean
  readonly left: Expr
  readonly query: SelectQuery
}

export interface Logical {
  readonly kind: 'and' | 'or'
  readonly conditions: readonly Condition[]
}

export interface Not {
  readonly kind: 'not'
  readonly condition: Condition
}

/** Always true; an empty AND. */
export interface TrueCondition {
  readonly kind: 'true'
}

export interface Selection {
  readonly alias: string
  readonly expr: Expr
}

export interface OrderItem {
  readonly expr: Expr
  readonly direction: 'asc' | 'desc'
  readonly nulls?: 'first' | 'last'
}

export type Source = TableSource | SubquerySource | UnnestSource

export interface TableSource {
  readonly kind: 'table'
  readonly name: string
  readonly alias?: string
}

export interface SubquerySource {
  readonly kind: 'subquery'
  readonly query: SelectQuery
  readonly alias: string
}

/**
 * The rows of `source` that satisfy `where`, each once per distinct element of its tag list
 * `list`, with every column of `source` plus the element as column `element`; a row whose list
 * is empty (or null) appears once, with a NULL element. Grouping by `element` counts a row in
 * the group of each of its tags. `where` holds before the rows are multiplied, so the scope
 * goes there.
 */
export interface UnnestSource {
  readonly kind: 'unnest'
  readonly source: Source
  readonly where: Condition
  readonly list: Expr
  /** A JSON-text array (`spans.tags`) or a native list (`traces.tags`). */
  readonly listKind: 'json_list' | 'list'
  readonly element: string
  readonly alias: string
}

export interface SelectQuery {
  readonly kind: 'select'
  readonly from: Source
  readonly columns: readonly Selection[]
  readonly where?: Condition
  readonly groupBy?: readonly Expr[]
  readonly having?: Condition
  readonly orderBy?: readonly OrderItem[]
  readonly limit?: number
  readonly offset?: number
}

function freeze<T extends object>(node: T): T {
  return Object.freeze(node)
}

export function col(name: string, tableAlias?: string): ColumnRef {
  return freeze(
    tableAlias === undefined
      ? { kind: 'column', name }
      : { kind: 'column', name, table: tableAlias },
  )
}

export function param(value: ParamValue, type: ParamType): Param {
  return freeze({ kind: 'param', value, type })
}

export function lit(value: number | string | boolean | null): Literal {
  return freeze({ kind: 'literal', value })
}

export function json(
  column: ColumnRef,
  key: string,
  as: 'string' | 'number' = 'string',
): JsonAccess {
  return freeze({ kind: 'json', column, key, as })
}

export function call(fn: ScalarFunction, ...args: Expr[]): FunctionCall {
  return freeze({ kind: 'call', fn, args: Object.freeze(args) })
}

export function arith(op: Arithmetic['op'], left: Expr, right: Expr): Arithmetic {
  return freeze({ kind: 'arith', op, left, right })
}

export function agg(
  fn: AggregateFunction,
  arg?: Expr,
  options: { filter?: Condition; orderBy?: Expr } = {},
): Aggregate {
  return freeze({
    kind: 'aggregate',
    fn,
    ...(arg !== undefined ? { arg } : {}),
    ...(options.filter !== undefined ? { filter: options.filter } : {}),
    ...(options.orderBy !== undefined ? { orderBy: options.orderBy } : {}),
  })
}

export function quantile(q: number, arg: Expr, filter?: Condition): Quantile {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within 0..1, got ${q}`)
  return freeze({ kind: 'quantile', q, arg, ...(filter !== undefined ? { filter } : {}) })
}

export function timeBucket(interval: BucketInterval, arg: Expr): TimeBucket {
  return freeze({ kind: 'time_bucket', interval: freeze({ ...interval }), arg })
}

export function caseWhen(whens: { when: Condition; then: Expr }[], otherwise: Expr): CaseWhen {
  return freeze({
    kind: 'case',
    whens: Object.freeze(whens.map((w) => freeze({ ...w }))),
    else: otherwise,
  })
}

export function compare(op: CompareOp, left: Expr, right: Expr): Compare {
  return freeze({ kind: 'compare', op, left, right })
}

export const eq = (left: Expr, right: Expr): Compare => compare('eq', left, right)
export const gte = (left: Expr, right: Expr): Compare => compare('gte', left, right)
export const lt = (left: Expr, right: Expr): Compare => compare('lt', left, right)

export function inList(left: Expr, values: Param, negated = false): InList {
  return freeze({ kind: 'in', negated, left, values })
}

export function textMatch(
  mode: TextMatch['mode'],
  left: Expr,
  pattern: string,
  options: { negated?: boolean; caseInsensitive?: boolean } = {},
): TextMatch {
  return freeze({
    kind: 'text',
    mode,
    negated: options.negated ?? false,
    caseInsensitive: options.caseInsensitive ?? false,
    left,
    pattern: param(pattern, 'string'),
  })
}

export function regex(left: Expr, pattern: string): RegexMatch {
  return freeze({ kind: 'regex', left, pattern: param(pattern, 'string') })
}

export function isNull(arg: Expr, negated = false): IsNull {
  return freeze({ kind: 'is_null', negated, arg })
}

export function listHas(list: Expr, value: string): ListHas {
  return freeze({ kind: 'list_has', list, value: param(value, 'string') })
}

export function jsonListHas(column: ColumnRef, value: string): JsonListHas {
  return freeze({ kind: 'json_list_has', column, value: param(value, 'string') })
}

/** AND of the conditions, dropping `true`s; an empty AND is `true`. */
export function and(...conditions: Condition[]): Condition {
  const kept = conditions.filter((c) => c.kind !== 'true')
  if (kept.length === 0) return alwaysTrue
  if (kept.length === 1) return kept[0]!
  return freeze({ kind: 'and', conditions: Object.freeze(kept) })
}

export function or(...conditions: Condition[]): Condition {
  if (conditions.length === 1) return conditions[0]!
  return freeze({ kind: 'or', conditions: Object.freeze(conditions) })
}

export function not(condition: Condition): Not {
  return freeze({ kind: 'not', condition })
}

export const alwaysTrue: TrueCondition = freeze({ kind: 'true' })

export function asCondition(condition: Condition): ConditionExpr {
  return freeze({ kind: 'condition', condition })
}

export function as(alias: string, expr: Expr): Selection {
  return freeze({ alias, expr })
}

export function table(name: string, alias?: string): TableSource {
  return freeze(alias === undefined ? { kind: 'table', name } : { kind: 'table', name, alias })
}

export function subquery(query: SelectQuery, alias: string): SubquerySource {
  return freeze({ kind: 'subquery', query, alias })
}

/**
 * Each row of `source` (where `where` holds) once per distinct element of `list`, named
 * `element`; rows with an empty list once with NULL. See `UnnestSource`.
 * @example
 * select({
 *   from: unnest({ source: table('spans'), where: scope, list: col('tags'), listKind: 'json_list', element: 'tag', alias: 'spans' }),
 *   columns: [as('tag', col('tag')), as('requests', agg('count'))],
 *   groupBy: [col('tag')],
 * })
 */
export function unnest(options: Omit<UnnestSource, 'kind'>): UnnestSource {
  return freeze({ kind: 'unnest', ...options })
}

export function orderBy(
  expr: Expr,
  direction: 'asc' | 'desc',
  nulls?: 'first' | 'last',
): OrderItem {
  return freeze({ expr, direction, ...(nulls !== undefined ? { nulls } : {}) })
}

export function select(query: Omit<SelectQuery, 'kind'>): SelectQuery {
  return freeze({
    kind: 'select',
    ...query,
    columns: Object.freeze([...query.columns]),
    ...(query.groupBy ? { groupBy: Object.freeze([...query.groupBy]) } : {}),
    ...(query.orderBy ? { orderBy: Object.freeze([...query.orderBy]) } : {}),
  })
}

/** `left IN (query)`; `query` must select one column and be planned (scoped) itself. */
export function inQuery(left: Expr, query: SelectQuery, negated = false): InQuery {
  if (query.columns.length !== 1) throw new Error('inQuery: the subquery must select one column')
  return freeze({ kind: 'in_query', negated, left, query })
}
