import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ObservatoryError } from '@llm-observatory/core'
import { listSessions, listUsers, llmRequests } from '@llm-observatory/analytics'
import {
  alwaysTrue,
  and,
  compare,
  eq,
  inQuery,
  isNull,
  lt,
  or,
  param,
  parseFilter,
  parseSortFields,
  parseTimeRange,
  planQuery,
  resolveField,
  spansView,
  traceQueryStringFilters,
  tracesView,
  type Condition,
  type QueryScope,
  type SemanticView,
} from '@llm-observatory/query'
import type { Backend } from '@llm-observatory/storage'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { successBody } from '../http/envelope.js'
import {
  buildPagination,
  decodeCursor,
  encodeCursor,
  paginationQuery,
  readPageRequest,
  type PageRequest,
} from '../http/pagination.js'
import {
  commonFilterQuery,
  readFiltersParam,
  readQueryStringCondition,
  listWindowMs,
  readScope,
  spanLevelParams,
  timeRangeQuery,
} from '../http/query-input.js'
import { rowToApi } from '../http/row-json.js'
import { contentGuard } from '../auth/content-guard.js'

export interface SearchRouteDeps {
  backend: Backend
  projects: ProjectResolver
  /** The clock of relative times (`now-1h`); a parameter so tests can fix it. */
  now?: () => number
}

/** Columns of a trace list item (public names of tracesView). */
export const traceListFields = [
  'trace_id',
  'timestamp',
  'end_time',
  'name',
  'status',
  'latency_ms',
  'span_count',
  'llm_call_count',
  'error_count',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost_usd',
  'user_id',
  'session_id',
  'service',
  'environment',
  'tags',
] as const

/** Columns of a span list item when `fields` is not given (public names of spansView). */
export const spanListFields = [
  'span_id',
  'trace_id',
  'parent_span_id',
  'timestamp',
  'end_time',
  'name',
  'kind',
  'status',
  'error_type',
  'error_message',
  'service',
  'environment',
  'provider',
  'model',
  'latency_ms',
  'ttft_ms',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
  'total_tokens',
  'cost_usd',
  'cost_source',
  'finish_reason',
  'user_id',
  'session_id',
  'tags',
] as const

const listQuery = Type.Object({
  ...timeRangeQuery,
  ...commonFilterQuery,
  ...paginationQuery,
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, description: 'Same as per_page (seed 002).' }),
  ),
  sort: Type.Optional(Type.String({ maxLength: 500, description: 'e.g. -latency_ms,timestamp' })),
  fields: Type.Optional(Type.String({ maxLength: 2000, description: 'Comma list of columns.' })),
})

const searchBody = Type.Object(
  {
    filters: Type.Optional(Type.Unknown({ description: 'Filter tree: {operator, conditions}.' })),
    time_range: Type.Optional(
      Type.Object({
        from: Type.Optional(Type.Union([Type.String(), Type.Number()])),
        to: Type.Optional(Type.Union([Type.String(), Type.Number()])),
      }),
    ),
    from: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Number()])),
    to: Type.Optional(Type.Union([Type.String({ maxLength: 64 }), Type.Number()])),
    sort: Type.Optional(Type.Unknown()),
    fields: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 60 })),
    pagination: Type.Optional(
      Type.Object({
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        cursor: Type.Optional(Type.String({ maxLength: 1000 })),
      }),
    ),
  },
  { additionalProperties: false },
)

interface ListSpec {
  view: SemanticView
  idField: 'trace_id' | 'span_id'
  fields: readonly string[]
  countMeasure: 'traces' | 'requests'
}

/**
 * One page of a list: rows newest first (or in the requested order), the total, and a
 * keyset cursor when the order is the default one (newest first, then id), so deep pages
 * neither skip nor repeat rows as new ones arrive.
 */
async function readList(
  backend: Backend,
  request: FastifyRequest,
  spec: ListSpec,
  scope: QueryScope,
  where: Condition,
  sort: { field: string; direction: 'asc' | 'desc' }[],
  page: PageRequest,
  fields: readonly string[] | null,
): Promise<Record<string, unknown>> {
  const select = fields ?? spec.fields
  for (const name of [spec.idField, 'timestamp'])
    if (!select.includes(name))
      throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
        message: `fields must include ${name}.`,
        fieldErrors: [{ field: 'fields', message: `include ${name}` }],
      })
  const isDefaultOrder = sort.length === 0
  const order = isDefaultOrder
    ? [
        { field: 'timestamp', direction: 'desc' as const },
        { field: spec.idField, direction: 'desc' as const },
      ]
    : sort
  let pageWhere = where
  if (page.cursor !== null) {
    if (!isDefaultOrder)
      throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
        message: 'cursor paging follows the default order (newest first); use page with sort.',
        fieldErrors: [{ field: 'cursor', message: 'not with sort' }],
      })
    const [lastUs, lastId] = decodeCursor(page.cursor, ['number', 'string'] as const)
    const time = resolveField(spec.view, 'timestamp').expr
    const id = resolveField(spec.view, spec.idField).expr
    pageWhere = and(
      where,
      or(
        lt(time, param(lastUs, 'timestamp')),
        and(eq(time, param(lastUs, 'timestamp')), compare('lt', id, param(lastId, 'string'))),
      ),
    )
  }
  const [rows, countRows] = await Promise.all([
    backend.query(
      planQuery(spec.view, {
        scope,
        where: pageWhere,
        select,
        orderBy: order,
        limit: page.perPage + 1,
        ...(page.cursor === null ? { offset: page.offset } : {}),
      }),
    ),
    backend.query(planQuery(spec.view, { scope, where, measures: [spec.countMeasure] })),
  ])
  const hasMore = rows.length > page.perPage
  const items = rows.slice(0, page.perPage)
  const last = items.at(-1)
  const nextCursor =
    hasMore && isDefaultOrder && last
      ? encodeCursor([Number(last['timestamp']), String(last[spec.idField])])
      : null
  const total = Number(countRows[0]?.[spec.countMeasure] ?? 0)
  const guard = contentGuard(request)
  return successBody(
    request,
    items.map((row) => guard.row(rowToApi(row))),
    {
      pagination: buildPagination(request.url, page.page, page.perPage, total, nextCursor),
    },
  )
}

function readFields(input: string | string[] | undefined): string[] | null {
  if (input === undefined) return null
  const list = Array.isArray(input) ? input : input.split(',')
  const names = list.map((s) => s.trim()).filter((s) => s !== '')
  return names.length === 0 ? null : names
}

/**
 * Trace filters may name span fields (model, provider, full text): a trace matches when one
 * of its spans does. Those become `trace_id IN (spans matching, same scope)`.
 */
function traceCondition(
  scope: QueryScope,
  traceWhere: Condition,
  spanWhere: Condition | null,
): Condition {
  if (spanWhere === null || spanWhere.kind === 'true') return traceWhere
  const spanTraces = planQuery(spansView, {
    scope,
    where: spanWhere,
    select: ['trace_id'],
    orderBy: [],
  })
  return and(traceWhere, inQuery(resolveField(tracesView, 'trace_id').expr, spanTraces))
}

/**
 * Splits a search body's filter tree for traces: conditions on trace fields filter the trace
 * summary; a top-level AND's conditions on span-only fields (model, provider, input_text, …)
 * filter its spans. Within an OR group all fields must belong to one view.
 */
function splitTraceFilters(
  input: unknown,
  nowMs: number,
): { trace: Condition; span: Condition | null } {
  if (input === undefined || input === null) return { trace: { kind: 'true' }, span: null }
  const node = input as { operator?: unknown; conditions?: unknown }
  const isAnd =
    typeof node === 'object' &&
    Array.isArray(node.conditions) &&
    (node.operator === undefined ||
      (typeof node.operator === 'string' && node.operator.toUpperCase() === 'AND'))
  const items: unknown[] = Array.isArray(input)
    ? input
    : isAnd
      ? (node.conditions as unknown[])
      : [input]
  const traceItems: unknown[] = []
  const spanItems: unknown[] = []
  const spanIndex: number[] = []
  items.forEach((item, i) => {
    if (isSpanOnly(item)) {
      spanItems.push(item)
      spanIndex.push(i)
    } else traceItems.push(item)
  })
  const trace = parseFilter(tracesView, { operator: 'AND', conditions: traceItems }, { nowMs })
  const span =
    spanItems.length === 0
      ? null
      : parseFilter(spansView, { operator: 'AND', conditions: spanItems }, { nowMs })
  return { trace, span }
}

/** A condition (or group of conditions) naming only fields traces lack but spans have. */
function isSpanOnly(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false
  const node = item as { field?: unknown; operator?: unknown; conditions?: unknown }
  if (Array.isArray(node.conditions))
    return node.conditions.length > 0 && node.conditions.every(isSpanOnly)
  const field = typeof node.field === 'string' ? node.field : undefined
  if (node.operator === 'search') return field === undefined || !(field in tracesView.dimensions)
  if (field === undefined) return false
  const prefix = field.split('.')[0]!
  const onTraces =
    field in tracesView.dimensions || prefix in tracesView.jsonMaps || field === 'tags'
  const onSpans = field in spansView.dimensions || prefix in spansView.jsonMaps
  return !onTraces && onSpans
}

/** Trace and span lists and search, sessions and users (issue 3, seed 002). */
export async function registerSearchRoutes(
  app: FastifyInstance,
  deps: SearchRouteDeps,
): Promise<void> {
  const now = deps.now ?? Date.now
  const traces: ListSpec = {
    view: tracesView,
    idField: 'trace_id',
    fields: traceListFields,
    countMeasure: 'traces',
  }
  const spans: ListSpec = {
    view: spansView,
    idField: 'span_id',
    fields: spanListFields,
    countMeasure: 'requests',
  }

  app.get(
    '/api/v1/traces',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['traces'],
        summary: 'List traces (filters, sort, pagination)',
        querystring: listQuery,
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Record<string, string | undefined>
      contentGuard(request).checkFilters({ q: query['q'], filters: query['filters'] })
      const nowMs = now()
      const scope = readScope(projectId, query, nowMs, listWindowMs)
      const spanParams: Record<string, unknown> = {}
      for (const name of spanLevelParams)
        if (query[name] !== undefined) spanParams[name] = query[name]
      // `filters` (JSON) splits like the search body: span-only conditions go to the spans.
      const traceWhere = readQueryStringCondition(tracesView, query, nowMs, [
        ...spanLevelParams,
        'filters',
      ])
      const tree = readFiltersParam(query['filters'])
      const split = splitTraceFilters(tree, nowMs)
      const spanConditions = [split.span ?? alwaysTrue]
      if (Object.keys(spanParams).length > 0)
        spanConditions.push(traceQueryStringFilters(spansView, spanParams, { nowMs }))
      const spanWhere = and(...spanConditions)
      return readList(
        deps.backend,
        request,
        traces,
        scope,
        traceCondition(scope, and(traceWhere, split.trace), spanWhere),
        parseSortFields(tracesView, query['sort']),
        listPage(request.query),
        readFields(query['fields']),
      )
    },
  )

  app.post(
    '/api/v1/traces/search',
    {
      config: { permission: 'traces:read' },
      schema: { tags: ['traces'], summary: 'Search traces with a filter tree', body: searchBody },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const body = request.body as SearchBody
      contentGuard(request).checkFilters({ filters: body.filters })
      const nowMs = now()
      const scope = readBodyScope(projectId, body, nowMs)
      const { trace, span } = splitTraceFilters(body.filters, nowMs)
      return readList(
        deps.backend,
        request,
        traces,
        scope,
        traceCondition(scope, trace, span),
        parseSortFields(tracesView, body.sort),
        bodyPage(body),
        body.fields ?? null,
      )
    },
  )

  app.get(
    '/api/v1/spans',
    {
      config: { permission: 'traces:read' },
      schema: { tags: ['spans'], summary: 'List spans (observations)', querystring: listQuery },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Record<string, string | undefined>
      contentGuard(request).checkFilters({ q: query['q'], filters: query['filters'] })
      const nowMs = now()
      return readList(
        deps.backend,
        request,
        spans,
        readScope(projectId, query, nowMs, listWindowMs),
        readQueryStringCondition(spansView, query, nowMs),
        parseSortFields(spansView, query['sort']),
        listPage(request.query),
        readFields(query['fields']),
      )
    },
  )

  app.post(
    '/api/v1/spans/search',
    {
      config: { permission: 'traces:read' },
      schema: { tags: ['spans'], summary: 'Search spans with a filter tree', body: searchBody },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const body = request.body as SearchBody
      contentGuard(request).checkFilters({ filters: body.filters })
      const nowMs = now()
      return readList(
        deps.backend,
        request,
        spans,
        readBodyScope(projectId, body, nowMs),
        parseFilter(spansView, body.filters, { nowMs }),
        parseSortFields(spansView, body.sort),
        bodyPage(body),
        body.fields ?? null,
      )
    },
  )

  app.get(
    '/api/v1/sessions',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['sessions'],
        summary: 'Sessions (conversations) with their trace counts, cost and time span',
        querystring: Type.Object({
          ...timeRangeQuery,
          ...paginationQuery,
          user: Type.Optional(Type.String({ maxLength: 2000 })),
          environment: Type.Optional(Type.String({ maxLength: 2000 })),
          service: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Record<string, string | undefined>
      const nowMs = now()
      const scope = readScope(projectId, query, nowMs, listWindowMs)
      const page = listPage(request.query)
      const where = readQueryStringCondition(tracesView, query, nowMs)
      const sessionExpr = resolveField(tracesView, 'session_id').expr
      const [rows, count] = await Promise.all([
        listSessions((q) => deps.backend.query(q), {
          scope,
          where,
          limit: page.perPage,
          offset: page.offset,
        }),
        deps.backend.query(
          planQuery(tracesView, {
            scope,
            where: and(where, isNull(sessionExpr, true)),
            measures: ['sessions'],
          }),
        ),
      ])
      const total = Number(count[0]?.['sessions'] ?? 0)
      return successBody(request, rows, {
        pagination: buildPagination(request.url, page.page, page.perPage, total),
      })
    },
  )

  app.get(
    '/api/v1/sessions/:id',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['sessions'],
        summary: 'One session: its traces in order and the conversation of their LLM calls',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 500 }) }),
        querystring: Type.Object({ ...timeRangeQuery }),
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const { id } = request.params as { id: string }
      const query = request.query as Record<string, string | undefined>
      const nowMs = now()
      // A session is looked up over 30 days unless a range is given.
      const scope = readScope(projectId, { from: query.from ?? 'now-30d', to: query.to }, nowMs)
      const sessionWhere = eq(resolveField(tracesView, 'session_id').expr, param(id, 'string'))
      const [traceRows, turnRows] = await Promise.all([
        deps.backend.query(
          planQuery(tracesView, {
            scope,
            where: sessionWhere,
            select: [...traceListFields],
            orderBy: [{ field: 'timestamp', direction: 'asc' }],
            limit: 1000,
          }),
        ),
        deps.backend.query(
          planQuery(spansView, {
            scope,
            where: and(
              eq(resolveField(spansView, 'session_id').expr, param(id, 'string')),
              llmRequests,
            ),
            select: [
              'trace_id',
              'span_id',
              'timestamp',
              'name',
              'model',
              'latency_ms',
              'total_tokens',
              'cost_usd',
              'status',
              'input_text',
              'output_text',
            ],
            orderBy: [{ field: 'timestamp', direction: 'asc' }],
            limit: 5000,
          }),
        ),
      ])
      if (traceRows.length === 0) throw new ObservatoryError('ERR_SESSION_NOT_FOUND')
      const guard = contentGuard(request)
      const cost = traceRows.reduce((sum, r) => sum + (Number(r['cost_usd']) || 0), 0)
      return successBody(request, {
        session_id: id,
        trace_count: traceRows.length,
        first_seen: rowToApi(traceRows[0]!)['timestamp'],
        last_seen: rowToApi(traceRows.at(-1)!)['timestamp'],
        cost_usd: cost,
        traces: traceRows.map(rowToApi),
        turns: turnRows.map((row) => guard.row(rowToApi(row))),
      })
    },
  )

  app.get(
    '/api/v1/users',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['users'],
        summary: 'Per-user usage and cost of LLM requests',
        querystring: Type.Object({ ...timeRangeQuery, ...paginationQuery, ...commonFilterQuery }),
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Record<string, string | undefined>
      contentGuard(request).checkFilters({ q: query['q'], filters: query['filters'] })
      const nowMs = now()
      const scope = readScope(projectId, query, nowMs, listWindowMs)
      const page = listPage(request.query)
      const where = readQueryStringCondition(spansView, query, nowMs)
      const userExpr = resolveField(spansView, 'user_id').expr
      const [rows, count] = await Promise.all([
        listUsers((q) => deps.backend.query(q), {
          scope,
          where,
          limit: page.perPage,
          offset: page.offset,
        }),
        deps.backend.query(
          planQuery(spansView, {
            scope,
            where: and(llmRequests, where, isNull(userExpr, true)),
            measures: ['users'],
          }),
        ),
      ])
      const total = Number(count[0]?.['users'] ?? 0)
      return successBody(request, rows, {
        pagination: buildPagination(request.url, page.page, page.perPage, total),
      })
    },
  )
}

interface SearchBody {
  filters?: unknown
  time_range?: { from?: string | number; to?: string | number }
  from?: string | number
  to?: string | number
  sort?: unknown
  fields?: string[]
  pagination?: { limit?: number; per_page?: number; page?: number; cursor?: string }
}

function readBodyScope(projectId: string, body: SearchBody, nowMs: number): QueryScope {
  const range = parseTimeRange(
    { from: body.time_range?.from ?? body.from, to: body.time_range?.to ?? body.to },
    nowMs,
    { fieldPrefix: body.time_range ? 'time_range.' : '' },
  )
  return { projectId, fromUs: range.fromUs, toUs: range.toUs }
}

function bodyPage(body: SearchBody): PageRequest {
  const perPage = body.pagination?.per_page ?? body.pagination?.limit ?? 50
  const page = body.pagination?.page ?? 1
  return { page, perPage, offset: (page - 1) * perPage, cursor: body.pagination?.cursor ?? null }
}

/** page/per_page/cursor of a list query; `limit` (seed 002) wins over per_page's default. */
function listPage(query: unknown): PageRequest {
  const q = query as { page?: number; per_page?: number; cursor?: string; limit?: number }
  return readPageRequest({ ...q, per_page: q.limit ?? q.per_page })
}
