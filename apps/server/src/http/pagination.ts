import { Type } from 'typebox'
import { ObservatoryError } from '@llm-observatory/core'

/** Items per page when `per_page` is not given (DESIGN: API conventions). */
export const defaultPerPage = 50
/** The largest `per_page`. */
export const maxPerPage = 1000
/** The largest `page`; deeper lists are read with `cursor`. */
export const maxPage = 100_000

/**
 * The paging fields of a list route's querystring, to spread into its schema. Ajv fills the
 * defaults, so a handler always sees `page` and `per_page`.
 *
 * - `page` (1-based, default 1, at most {@link maxPage}) and `per_page` (default 50, 1 to 1000);
 * - `cursor`: `pagination.next_cursor` of the previous page, for deep paging that neither skips
 *   nor repeats items when new ones arrive. With a cursor the page starts after it, and `page`
 *   only numbers it (the `next` link carries both).
 *
 * @example
 * app.get('/api/v1/scores', {
 *   schema: { querystring: Type.Object({ ...paginationQuery, name: Type.Optional(Type.String()) }) },
 * }, handler)
 */
export const paginationQuery = {
  page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: maxPage,
      default: 1,
      description: '1-based page number.',
    }),
  ),
  per_page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: maxPerPage,
      default: defaultPerPage,
      description: `Items per page, 1 to ${maxPerPage}.`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'pagination.next_cursor of the previous page (deep paging).',
    }),
  ),
}

/** A list request's paging, read from the query validated with {@link paginationQuery}. */
export interface PageRequest {
  page: number
  perPage: number
  /** Items to skip for page/per_page paging: `(page - 1) * perPage`. Unused with a cursor. */
  offset: number
  cursor: string | null
}

/**
 * Reads `page`, `per_page` and `cursor` with their defaults.
 * @example readPageRequest({ page: 3, per_page: 20 }) // { page: 3, perPage: 20, offset: 40, cursor: null }
 */
export function readPageRequest(query: {
  page?: number | undefined
  per_page?: number | undefined
  cursor?: string | undefined
}): PageRequest {
  const page = query.page ?? 1
  const perPage = query.per_page ?? defaultPerPage
  return { page, perPage, offset: (page - 1) * perPage, cursor: query.cursor ?? null }
}

/** `pagination` of a list response (DESIGN: API conventions; contracts' `PaginationSchema`). */
export interface Pagination {
  page: number
  per_page: number
  total_items: number | null
  total_pages: number | null
  has_next: boolean
  has_previous: boolean
  /** Relative URLs (path and query) of this list; absent when there is no such page. */
  links: { self: string; first: string; next?: string; prev?: string; last?: string }
  next_cursor: string | null
}

/**
 * Builds `pagination` for a list answer.
 *
 * - `url` is the request's URL (`request.url`); links keep its other query parameters.
 * - `totalItems` is the number of matching items over all pages, or null when the route cannot
 *   count them cheaply (then `total_pages` and `links.last` are absent too).
 * - `nextCursor` is the cursor of the next page, or null when this page is the last: routes
 *   that can, pass it whenever a next page exists (fetching one item more than `per_page` tells).
 *
 * `has_next`: a next cursor was given, or (when the request did not use a cursor) the known
 * total goes beyond this page. `has_previous`: `page > 1` or the request used a cursor.
 * `links.next` carries `page + 1` and the next cursor when there is one; `prev`, `first` and
 * `last` page by number (cursors do not go backwards).
 *
 * @example
 * buildPagination('/api/v1/scores?per_page=2', 1, 2, 5, 'eyJ…')
 * // { page: 1, per_page: 2, total_items: 5, total_pages: 3, has_next: true, has_previous: false,
 * //   links: { self: '/api/v1/scores?per_page=2', first: '/api/v1/scores?per_page=2&page=1',
 * //            next: '/api/v1/scores?per_page=2&page=2&cursor=eyJ…', last: '…&page=3' },
 * //   next_cursor: 'eyJ…' }
 */
export function buildPagination(
  url: string,
  page: number,
  perPage: number,
  totalItems: number | null,
  nextCursor: string | null = null,
): Pagination {
  const parsed = new URL(url, 'http://localhost')
  const usedCursor = parsed.searchParams.has('cursor')
  const totalPages = totalItems === null ? null : Math.ceil(totalItems / perPage)
  const hasNext =
    nextCursor !== null || (!usedCursor && totalItems !== null && page * perPage < totalItems)
  const link = (target: number, cursor: string | null): string => {
    const params = new URLSearchParams(parsed.searchParams)
    params.set('page', String(target))
    if (cursor === null) params.delete('cursor')
    else params.set('cursor', cursor)
    return `${parsed.pathname}?${params.toString()}`
  }
  const links: Pagination['links'] = { self: url, first: link(1, null) }
  if (hasNext) links.next = link(page + 1, nextCursor)
  if (page > 1) links.prev = link(page - 1, null)
  if (totalPages !== null && totalPages > 0) links.last = link(totalPages, null)
  return {
    page,
    per_page: perPage,
    total_items: totalItems,
    total_pages: totalPages,
    has_next: hasNext,
    has_previous: page > 1 || usedCursor,
    links,
    next_cursor: nextCursor,
  }
}

type CursorPart = 'string' | 'number'
type CursorValues<T extends readonly CursorPart[]> = {
  -readonly [K in keyof T]: T[K] extends 'string' ? string : number
}

/**
 * An opaque cursor (base64url of a JSON array) from the sort key of a page's last item.
 * @example encodeCursor([1748779200000000, 'score-9']) // 'WzE3NDg3NzkyMDAwMDAwMDAsInNjb3JlLTkiXQ'
 */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url')
}

/**
 * Reads a cursor made by {@link encodeCursor}, checking it holds `types` in order (numbers:
 * safe integers, as the times of the lists are). A cursor that is not one (edited, from another
 * list) is a 400 `validation_error` on `cursor`.
 * @example decodeCursor(cursor, ['number', 'string'] as const) // [1748779200000000, 'score-9']
 */
export function decodeCursor<const T extends readonly CursorPart[]>(
  cursor: string,
  types: T,
): CursorValues<T> {
  let values: unknown
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    values = null
  }
  const valid =
    Array.isArray(values) &&
    values.length === types.length &&
    types.every((type, i) =>
      // Cursor numbers are microsecond times: a fraction or a number beyond 2^53 was edited,
      // and would fail the engine's timestamp conversion instead of answering a 400.
      type === 'number' ? Number.isSafeInteger(values[i]) : typeof values[i] === 'string',
    )
  if (!valid) {
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message: 'cursor is not one this list gave; pass pagination.next_cursor unchanged.',
      fieldErrors: [{ field: 'cursor', message: 'not a cursor of this list' }],
    })
  }
  return values as CursorValues<T>
}
