import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { ObservatoryError, can, type Permission, type Role } from '@llm-observatory/core'
import {
  and,
  compare,
  eq,
  eventsView,
  lt,
  or,
  param,
  planQuery,
  resolveField,
  type Condition,
} from '@llm-observatory/query'
import type { Backend } from '@llm-observatory/storage'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { auditEventType } from '../audit/audit-log.js'
import { successBody } from '../http/envelope.js'
import {
  buildPagination,
  decodeCursor,
  encodeCursor,
  paginationQuery,
  readPageRequest,
} from '../http/pagination.js'
import { listWindowMs, readScope, timeRangeQuery } from '../http/query-input.js'
import { rowToApi } from '../http/row-json.js'

export interface EventRouteDeps {
  backend: Backend
  projects: ProjectResolver
  /** The clock of relative times (`now-1h`); a parameter so tests can fix it. */
  now?: () => number
}

/** Columns of an event list item (public names of eventsView). */
export const eventListFields = [
  'event_id',
  'timestamp',
  'source_module',
  'event_type',
  'schema_version',
  'severity',
  'environment',
  'trace_id',
  'span_id',
  'correlation_id',
  'parent_event_id',
  'user_id',
  'session_id',
  'tags',
  'payload',
] as const

const text = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 200, description }))

const EventListQuery = Type.Object({
  ...timeRangeQuery,
  ...paginationQuery,
  event_type: text('telemetry, security, cost, governance, lifecycle, audit or alert.'),
  source_module: text('e.g. llm-observatory, llm-sentinel (any case, _ or -).'),
  severity: text('debug, info, warning, error or critical.'),
  trace_id: text('Events correlated to this trace.'),
  project: Type.Optional(
    Type.String({ maxLength: 200, description: "Project id; must be the caller's project." }),
  ),
})

/** What the caller may read: the audit trail needs `audit:read`. */
const auditPermission: Permission = 'audit:read'

/**
 * `GET /api/v1/events`: the project's analytics events (seed 001's unified event, including
 * the audit trail), newest first, filtered by type, module, severity, trace and time (default:
 * the last 30 days), paginated (page/per_page or the keyset `cursor`). Audit events
 * (`event_type=audit`) are listed only to callers with `audit:read`; for others they are left
 * out of unfiltered lists and asking for them is a 403.
 */
export async function registerEventRoutes(
  app: FastifyInstance,
  deps: EventRouteDeps,
): Promise<void> {
  const now = deps.now ?? Date.now

  app.get(
    '/api/v1/events',
    {
      schema: {
        tags: ['events'],
        summary: 'List analytics events (audit trail included with audit:read), newest first',
        querystring: EventListQuery,
      },
      config: { permission: 'traces:read' },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Static<typeof EventListQuery>
      const role: Role | 'project_key' = request.principal?.role ?? 'project_key'
      const mayReadAudit = can(role, auditPermission)
      const scope = readScope(projectId, query, now(), listWindowMs)
      const field = (name: string) => resolveField(eventsView, name).expr
      const conditions: Condition[] = []
      const eventType = query.event_type?.toLowerCase()
      if (eventType === auditEventType && !mayReadAudit)
        throw new ObservatoryError('ERR_AUTH_FORBIDDEN', {
          message: 'Reading the audit trail needs the audit:read permission (admin role).',
          fieldErrors: [{ field: 'event_type', message: 'audit needs audit:read' }],
        })
      if (eventType !== undefined)
        conditions.push(eq(field('event_type'), param(eventType, 'string')))
      else if (!mayReadAudit)
        conditions.push(compare('ne', field('event_type'), param(auditEventType, 'string')))
      if (query.source_module !== undefined) {
        const module = query.source_module.toLowerCase().replaceAll('_', '-')
        conditions.push(eq(field('source_module'), param(module, 'string')))
      }
      if (query.severity !== undefined)
        conditions.push(eq(field('severity'), param(query.severity.toLowerCase(), 'string')))
      if (query.trace_id !== undefined)
        conditions.push(
          eq(field('trace_id'), param(query.trace_id.toLowerCase().replaceAll('-', ''), 'string')),
        )
      const where = and(...conditions)
      const page = readPageRequest(query)
      let pageWhere = where
      if (page.cursor !== null) {
        const [lastUs, lastId] = decodeCursor(page.cursor, ['number', 'string'] as const)
        const time = field('timestamp')
        pageWhere = and(
          where,
          or(
            lt(time, param(lastUs, 'timestamp')),
            and(
              eq(time, param(lastUs, 'timestamp')),
              compare('lt', field('event_id'), param(lastId, 'string')),
            ),
          ),
        )
      }
      const [rows, countRows] = await Promise.all([
        deps.backend.query(
          planQuery(eventsView, {
            scope,
            where: pageWhere,
            select: [...eventListFields],
            orderBy: [
              { field: 'timestamp', direction: 'desc' },
              { field: 'event_id', direction: 'desc' },
            ],
            limit: page.perPage + 1,
            ...(page.cursor === null ? { offset: page.offset } : {}),
          }),
        ),
        deps.backend.query(planQuery(eventsView, { scope, where, measures: ['count'] })),
      ])
      const items = rows.slice(0, page.perPage)
      const last = items.at(-1)
      const nextCursor =
        rows.length > page.perPage && last !== undefined
          ? encodeCursor([Number(last['timestamp']), String(last['event_id'])])
          : null
      const total = Number(countRows[0]?.['count'] ?? 0)
      return successBody(request, items.map(rowToApi), {
        pagination: buildPagination(request.url, page.page, page.perPage, total, nextCursor),
      })
    },
  )
}
