import {
  compare,
  inList,
  isNull,
  json,
  jsonListHas,
  listHas,
  not,
  or,
  and,
  param,
  regex,
  textMatch,
  type Condition,
  type Expr,
  type ParamType,
  type ValueType,
} from '../query-tree.js'
import type { SemanticView } from '../semantic-view.js'
import { checkRegexSyntax } from './check-regex-syntax.js'
import type { FieldErrorCollector } from './field-error-collector.js'
import { readList, readNumber, readScalar, readText, type ReadResult } from './read-filter-value.js'
import { resolveFilterField, type FilterField } from './resolve-filter-field.js'

/** The operators of the filter language (seed 002), in the order the docs list them. */
export const filterOperators = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'not_contains',
  'starts_with',
  'ends_with',
  'regex',
  'search',
] as const

export type FilterOperator = (typeof filterOperators)[number]

type RangeOp = 'gt' | 'gte' | 'lt' | 'lte'
type TextOp = 'contains' | 'not_contains' | 'starts_with' | 'ends_with'

const operatorsByType: Readonly<Record<ValueType | 'json' | 'tags', readonly FilterOperator[]>> = {
  string: [
    'eq',
    'ne',
    'in',
    'not_in',
    'contains',
    'not_contains',
    'starts_with',
    'ends_with',
    'regex',
  ],
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in'],
  boolean: ['eq', 'ne'],
  timestamp: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
  json: filterOperators.filter((op) => op !== 'search'),
  tags: ['eq', 'ne', 'in', 'not_in', 'contains'],
}

const paramTypes: Readonly<Record<ValueType, ParamType>> = {
  string: 'string',
  number: 'double',
  boolean: 'boolean',
  timestamp: 'timestamp',
}

/** Field names that mean "all searchable fields" for `search`. */
const searchAllFields = new Set(['q', '*'])
/** Most words (or quoted phrases) one search value may hold. */
const maxSearchTerms = 16

/** Where one leaf's parts are reported, and what it is checked with. */
export interface LeafContext {
  readonly errors: FieldErrorCollector
  readonly nowMs: number
  /** The error path of a part: `filters.conditions[1].value`, or a query-string param name. */
  at(part: 'field' | 'operator' | 'value'): string
}

/** One `{field, operator, value}` as given; `field` is absent when the key was. */
export interface FilterLeaf {
  readonly field?: unknown
  readonly operator?: unknown
  readonly value?: unknown
}

/**
 * Builds the condition of one `{field, operator, value}` against `view`, or returns null after
 * adding the problems to `ctx.errors`. See `parseFilter` for the language.
 */
export function buildFilterCondition(
  view: SemanticView,
  leaf: FilterLeaf,
  ctx: LeafContext,
): Condition | null {
  const operator = readOperator(leaf.operator, ctx)
  if (operator === 'search') return buildSearch(view, leaf, ctx)
  const field = readField(view, leaf.field, ctx)
  if (operator === null || field === null) return null
  const kind = field.kind === 'dimension' ? field.dimension.type : field.kind
  if (!operatorsByType[kind].includes(operator)) {
    const what =
      field.kind === 'dimension'
        ? `a ${kind} field`
        : field.kind === 'json'
          ? 'a JSON value'
          : 'the tag list'
    const allowed = [...operatorsByType[kind]]
    if (field.kind === 'dimension' && field.dimension.searchable === true) allowed.push('search')
    ctx.errors.add(
      'ERR_QUERY_INVALID_FILTER',
      ctx.at('operator'),
      `${operator} does not apply to ${field.name}, ${what}; use ${allowed.join(', ')}`,
    )
    return null
  }
  switch (field.kind) {
    case 'tags':
      return buildTagCondition(field, operator, leaf.value, ctx)
    case 'json':
      return buildJsonCondition(field, operator, leaf.value, ctx)
    case 'dimension':
      return buildDimensionCondition(
        field.dimension.expr,
        field.dimension.type,
        operator,
        leaf.value,
        ctx,
      )
  }
}

function readOperator(value: unknown, ctx: LeafContext): FilterOperator | null {
  const name = typeof value === 'string' ? value.toLowerCase() : undefined
  const operator = filterOperators.find((op) => op === name)
  if (operator !== undefined) return operator
  const message = value === undefined ? 'give an operator' : 'unknown operator'
  ctx.errors.add(
    'ERR_QUERY_INVALID_FILTER',
    ctx.at('operator'),
    `${message}; use one of ${filterOperators.join(', ')}`,
  )
  return null
}

function readField(view: SemanticView, value: unknown, ctx: LeafContext): FilterField | null {
  if (typeof value !== 'string' || value === '') {
    ctx.errors.add('ERR_QUERY_INVALID_FILTER', ctx.at('field'), 'give a field name')
    return null
  }
  const field = resolveFilterField(view, value)
  if (field.kind !== 'unknown') return field
  ctx.errors.add('ERR_QUERY_UNKNOWN_FIELD', ctx.at('field'), field.message)
  return null
}

function buildDimensionCondition(
  expr: Expr,
  type: ValueType,
  operator: Exclude<FilterOperator, 'search'>,
  value: unknown,
  ctx: LeafContext,
): Condition | null {
  if (value === null && (operator === 'eq' || operator === 'ne'))
    return isNull(expr, operator === 'ne')
  switch (operator) {
    case 'in':
    case 'not_in': {
      const list = readListValue(value, (item) => readScalar(type, item, ctx.nowMs), ctx)
      if (list === null) return null
      const values = param(
        list as readonly string[] | readonly number[],
        type === 'number' ? 'double[]' : 'string[]',
      )
      return operator === 'in' ? inList(expr, values) : orNull(expr, inList(expr, values, true))
    }
    case 'contains':
    case 'not_contains':
    case 'starts_with':
    case 'ends_with':
      return buildTextCondition(expr, operator, value, ctx)
    case 'regex':
      return buildRegexCondition(expr, value, ctx)
    default: {
      const read = readValue(readScalar(type, value, ctx.nowMs), ctx)
      if (read === null) return null
      return buildCompare(expr, operator, param(read, paramTypes[type]))
    }
  }
}

/**
 * JSON values are read as text, or as numbers when the operator is a range or the value given
 * is a number: `metadata.tier eq "gold"` compares text, `attributes.retries gt 2` numbers.
 * A boolean value compares as its JSON text (`"true"`).
 */
function buildJsonCondition(
  field: Extract<FilterField, { kind: 'json' }>,
  operator: Exclude<FilterOperator, 'search'>,
  value: unknown,
  ctx: LeafContext,
): Condition | null {
  const asText = json(field.column, field.key, 'string')
  const asNumber = json(field.column, field.key, 'number')
  switch (operator) {
    case 'eq':
    case 'ne': {
      if (value === null) return isNull(asText, operator === 'ne')
      if (typeof value === 'number' && Number.isFinite(value)) {
        return buildCompare(asNumber, operator, param(value, 'double'))
      }
      const text = typeof value === 'boolean' ? String(value) : value
      const read = readValue(readText(text), ctx)
      return read === null ? null : buildCompare(asText, operator, param(read, 'string'))
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const read = readValue(readNumber(value), ctx)
      return read === null ? null : compare(operator, asNumber, param(read, 'double'))
    }
    case 'in':
    case 'not_in': {
      const numeric = Array.isArray(value) && typeof value[0] === 'number'
      const list = readListValue(
        value,
        (item): ReadResult<string | number> =>
          numeric
            ? typeof item === 'number'
              ? readNumber(item)
              : { ok: false, message: 'give values of one type: all numbers or all strings' }
            : readText(item),
        ctx,
      )
      if (list === null) return null
      const expr = numeric ? asNumber : asText
      const values = param(
        list as readonly string[] | readonly number[],
        numeric ? 'double[]' : 'string[]',
      )
      return operator === 'in' ? inList(expr, values) : orNull(expr, inList(expr, values, true))
    }
    case 'regex':
      return buildRegexCondition(asText, value, ctx)
    default:
      return buildTextCondition(asText, operator, value, ctx)
  }
}

/** `eq`/`contains`/`in` mean "has the tag" (any of, for `in`); `ne`/`not_in` "has none of". */
function buildTagCondition(
  field: Extract<FilterField, { kind: 'tags' }>,
  operator: FilterOperator,
  value: unknown,
  ctx: LeafContext,
): Condition | null {
  const { kind, expr } = field.tags
  const has = (tag: string): Condition => {
    if (kind === 'list') return listHas(expr, tag)
    if (expr.kind !== 'column') throw new TypeError('a json_list tags expression must be a column')
    return jsonListHas(expr, tag)
  }
  const isList = operator === 'in' || operator === 'not_in'
  const tags = isList
    ? readListValue(value, (item) => readText(item, true), ctx)
    : readValue(readText(value, true), ctx)
  if (tags === null) return null
  const hasAny = or(...(Array.isArray(tags) ? tags : [tags]).map(has))
  return operator === 'ne' || operator === 'not_in' ? orNull(expr, not(hasAny)) : hasAny
}

function buildTextCondition(
  expr: Expr,
  operator: TextOp,
  value: unknown,
  ctx: LeafContext,
): Condition | null {
  const read = readValue(readText(value, true), ctx)
  if (read === null) return null
  if (operator === 'not_contains') {
    return orNull(expr, textMatch('contains', expr, read, { negated: true, caseInsensitive: true }))
  }
  return textMatch(operator, expr, read, { caseInsensitive: true })
}

function buildRegexCondition(expr: Expr, value: unknown, ctx: LeafContext): Condition | null {
  const pattern = readValue(readText(value, true), ctx)
  if (pattern === null) return null
  const problem = checkRegexSyntax(pattern)
  if (problem !== null) {
    ctx.errors.add('ERR_QUERY_INVALID_FILTER', ctx.at('value'), `invalid RE2 regex: ${problem}`)
    return null
  }
  return regex(expr, pattern)
}

/**
 * Full text: every word (or "quoted phrase") of the value must occur, case-insensitively, in
 * at least one of the fields: all searchable dimensions when the field is absent, `q` or `*`,
 * else the named searchable field.
 */
function buildSearch(view: SemanticView, leaf: FilterLeaf, ctx: LeafContext): Condition | null {
  let fields: Expr[]
  if (
    leaf.field === undefined ||
    leaf.field === null ||
    (typeof leaf.field === 'string' && searchAllFields.has(leaf.field))
  ) {
    fields = Object.values(view.dimensions)
      .filter((d) => d.searchable === true)
      .map((d) => d.expr)
    if (fields.length === 0) {
      ctx.errors.add(
        'ERR_QUERY_INVALID_FILTER',
        ctx.at('operator'),
        `${view.name} has no text to search`,
      )
      return null
    }
  } else {
    const field = readField(view, leaf.field, ctx)
    if (field === null) return null
    if (field.kind !== 'dimension' || field.dimension.searchable !== true) {
      const searchable = Object.entries(view.dimensions)
        .filter(([, d]) => d.searchable === true)
        .map(([name]) => name)
      ctx.errors.add(
        'ERR_QUERY_INVALID_FILTER',
        ctx.at('field'),
        `search does not apply to ${field.name}; search ${[...searchable, 'q (all of them)'].join(', ')}, or use contains`,
      )
      return null
    }
    fields = [field.dimension.expr]
  }
  const text = readValue(readText(leaf.value, true), ctx)
  if (text === null) return null
  const terms = splitSearchTerms(text)
  if (terms.length === 0 || terms.length > maxSearchTerms) {
    const message =
      terms.length === 0
        ? 'give at least one word to search for'
        : `a search may hold at most ${maxSearchTerms} words`
    ctx.errors.add('ERR_QUERY_INVALID_FILTER', ctx.at('value'), message)
    return null
  }
  return and(
    ...terms.map((term) =>
      or(...fields.map((expr) => textMatch('contains', expr, term, { caseInsensitive: true }))),
    ),
  )
}

/**
 * Splits search text into terms: `"quoted phrases"` stay whole, other text splits on white
 * space. An unclosed quote runs to the end.
 *
 * @example splitSearchTerms('refund "credit card"') // ['refund', 'credit card']
 */
export function splitSearchTerms(text: string): string[] {
  const terms: string[] = []
  for (const m of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim()
    if (term !== '') terms.push(term)
  }
  return terms
}

function buildCompare(left: Expr, operator: 'eq' | 'ne' | RangeOp, right: Expr): Condition {
  return operator === 'ne'
    ? orNull(left, compare('ne', left, right))
    : compare(operator, left, right)
}

/** Negative tests also match rows without a value: "model is not gpt-4o" includes rows with no model. */
function orNull(expr: Expr, condition: Condition): Condition {
  return or(isNull(expr), condition)
}

function readValue<T>(result: ReadResult<T>, ctx: LeafContext): T | null {
  if (result.ok) return result.value
  ctx.errors.add('ERR_QUERY_INVALID_FILTER', ctx.at('value'), result.message)
  return null
}

function readListValue<T>(
  value: unknown,
  readItem: (item: unknown) => ReadResult<T>,
  ctx: LeafContext,
): T[] | null {
  const result = readList(value, readItem)
  if (result.ok) return result.value
  const at = result.index === undefined ? ctx.at('value') : `${ctx.at('value')}[${result.index}]`
  ctx.errors.add('ERR_QUERY_INVALID_FILTER', at, result.message)
  return null
}
