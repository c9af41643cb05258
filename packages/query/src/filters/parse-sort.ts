import { col, orderBy, type OrderItem } from '../query-tree.js'
import type { SemanticView } from '../semantic-view.js'
import { FieldErrorCollector } from './field-error-collector.js'
import { describeUnknownField } from './resolve-filter-field.js'

export interface ParseSortOptions {
  /**
   * Measure names (output aliases of an aggregated query) that may be sorted by; they sort by
   * the alias and win over a dimension of the same name. Default none.
   */
  readonly measures?: readonly string[]
  /** The path of the input, for errors. Default `sort`. */
  readonly path?: string
  /** Most sort keys. Default 5. */
  readonly maxItems?: number
}

/** One validated sort key, by public name: what `planQuery`'s `orderBy` takes. */
export interface SortField {
  readonly field: string
  readonly direction: 'asc' | 'desc'
}

/**
 * Parses a sort list into validated `{ field, direction }` keys over the view's dimensions
 * (and the allowed measures), for `planQuery`'s `orderBy`; `parseSort` gives order items.
 *
 * Accepted forms:
 * - `[{ field: 'latency_ms', direction: 'desc' }, …]` (seed 002; direction asc or desc in any
 *   case, default asc), or one such object;
 * - the query-string form `-latency_ms,timestamp` (a `-` prefix is descending; `+` or none is
 *   ascending; `latency_ms:desc` also works), or an array of such strings (a repeated param).
 * - absent, null or `''`: no keys (the caller adds its default).
 *
 * A field may appear once; at most `maxItems` (5) keys. Errors: `ERR_QUERY_UNKNOWN_FIELD` /
 * `ERR_QUERY_INVALID_SORT` (400) naming `sort[i].field`, `sort[i].direction`, or `sort` for the
 * string form.
 *
 * @example parseSortFields(spansView, '-latency_ms,timestamp')
 * // [{ field: 'latency_ms', direction: 'desc' }, { field: 'timestamp', direction: 'asc' }]
 */
export function parseSortFields(
  view: SemanticView,
  input: unknown,
  options: ParseSortOptions = {},
): SortField[] {
  const path = options.path ?? 'sort'
  const maxItems = options.maxItems ?? 5
  const measures = new Set(options.measures ?? [])
  const errors = new FieldErrorCollector()
  const keys = readSortKeys(input, path, errors)
  errors.throwIfAny()
  if (keys.length > maxItems) {
    errors.add('ERR_QUERY_INVALID_SORT', path, `sort by at most ${maxItems} fields`)
    errors.throwIfAny()
  }
  const seen = new Set<string>()
  for (const key of keys) {
    if (seen.has(key.field)) {
      errors.add('ERR_QUERY_INVALID_SORT', key.fieldPath, `${key.field} is sorted by twice`)
      continue
    }
    seen.add(key.field)
    if (!measures.has(key.field) && !Object.hasOwn(view.dimensions, key.field)) {
      const sortable = [...measures].join(', ')
      const message = describeUnknownField(view, key.field)
      errors.add(
        'ERR_QUERY_UNKNOWN_FIELD',
        key.fieldPath,
        sortable === '' ? message : `${message}; measures: ${sortable}`,
      )
    }
  }
  errors.throwIfAny()
  return keys.map(({ field, direction }) => ({ field, direction }))
}

/**
 * Parses a sort list (the forms of `parseSortFields`) into order items: a dimension sorts by
 * its expression, an allowed measure by its output alias (and wins over a dimension of the
 * same name). Nulls sort last in both directions, the same on every dialect.
 *
 * @example parseSort(spansView, '-latency_ms,timestamp')
 * // [orderBy(<latency_ms expr>, 'desc', 'last'), orderBy(<timestamp expr>, 'asc', 'last')]
 */
export function parseSort(
  view: SemanticView,
  input: unknown,
  options: ParseSortOptions = {},
): OrderItem[] {
  const measures = new Set(options.measures ?? [])
  return parseSortFields(view, input, options).map(({ field, direction }) =>
    measures.has(field)
      ? orderBy(col(field), direction, 'last')
      : orderBy(view.dimensions[field]!.expr, direction, 'last'),
  )
}

interface SortKey {
  readonly field: string
  readonly direction: 'asc' | 'desc'
  readonly fieldPath: string
}

function readSortKeys(input: unknown, path: string, errors: FieldErrorCollector): SortKey[] {
  if (input === undefined || input === null || input === '') return []
  if (typeof input === 'string') return readSortText(input, path, errors)
  const items = Array.isArray(input) ? input : [input]
  if (items.length > 100) {
    errors.add('ERR_QUERY_INVALID_SORT', path, 'sort by at most a few fields')
    return []
  }
  const keys: SortKey[] = []
  items.forEach((item: unknown, i) => {
    const itemPath = Array.isArray(input) ? `${path}[${i}]` : path
    if (typeof item === 'string') {
      keys.push(...readSortText(item, itemPath, errors))
      return
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.add('ERR_QUERY_INVALID_SORT', itemPath, 'give {field, direction} or "-field"')
      return
    }
    const record = item as Record<string, unknown>
    const field = record['field']
    const direction = record['direction'] ?? 'asc'
    const name = typeof direction === 'string' ? direction.toLowerCase() : undefined
    if (typeof field !== 'string' || field === '') {
      errors.add('ERR_QUERY_INVALID_SORT', `${itemPath}.field`, 'give a field name')
    } else if (name !== 'asc' && name !== 'desc') {
      errors.add('ERR_QUERY_INVALID_SORT', `${itemPath}.direction`, 'give asc or desc')
    } else {
      keys.push({ field, direction: name, fieldPath: `${itemPath}.field` })
    }
  })
  return keys
}

function readSortText(text: string, path: string, errors: FieldErrorCollector): SortKey[] {
  if (text.length > 1000) {
    errors.add('ERR_QUERY_INVALID_SORT', path, 'sort by at most a few fields')
    return []
  }
  const keys: SortKey[] = []
  for (const raw of text.split(',')) {
    // A `+` arrives as a space when the query string was form-encoded.
    const part = raw.trim()
    if (part === '') continue
    const m = /^([+-]?)([^:+\-\s][^:\s]*)(?::(asc|desc))?$/i.exec(part)
    if (!m || (m[1] !== '' && m[3] !== undefined)) {
      errors.add('ERR_QUERY_INVALID_SORT', path, 'give fields as -field (descending) or field')
      continue
    }
    const direction = m[1] === '-' || m[3]?.toLowerCase() === 'desc' ? 'desc' : 'asc'
    keys.push({ field: m[2]!, direction, fieldPath: path })
  }
  return keys
}
