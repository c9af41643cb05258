import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { ObservatoryError } from '@llm-observatory/core'
import {
  compareModels,
  getCosts,
  getDashboard,
  getErrorGroups,
  getPerformance,
  getProviders,
  getQuality,
  getRequestTimeseries,
  type AnalyticsRequest,
  type QueryRunner,
} from '@llm-observatory/analytics'
import {
  and,
  eq,
  inQuery,
  logsView,
  param,
  parseFilter,
  planQuery,
  resolveField,
  scoresView,
  spansView,
  type Condition,
  type QueryScope,
} from '@llm-observatory/query'
import type { Backend } from '@llm-observatory/storage'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { successBody } from '../http/envelope.js'
import {
  commonFilterQuery,
  readGroupBy,
  readInterval,
  readQueryStringCondition,
  readScope,
  timeRangeQuery,
} from '../http/query-input.js'
import { rowToApi } from '../http/row-json.js'
import { contentGuard } from '../auth/content-guard.js'

export interface AnalyticsRouteDeps {
  backend: Backend
  projects: ProjectResolver
  now?: () => number
}

const analyticsQuery = Type.Object({
  ...timeRangeQuery,
  ...commonFilterQuery,
  interval: Type.Optional(
    Type.String({ maxLength: 16, description: 'Bucket width: 1m, 5m, 1h, 1d, 1w or auto.' }),
  ),
  group_by: Type.Optional(
    Type.String({
      maxLength: 300,
      description:
        'Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>.',
    }),
  ),
  top: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
})

/** Public group-by aliases: `user`, `session` and `project` read as their fields. */
const groupByAliases: Record<string, string> = {
  user: 'user_id',
  session: 'session_id',
  project: 'project_id',
}

/** Analytics endpoints (issue 3, seeds 002/004): one result shape, see packages/analytics. */
export async function registerAnalyticsRoutes(
  app: FastifyInstance,
  deps: AnalyticsRouteDeps,
): Promise<void> {
  const now = deps.now ?? Date.now
  const run: QueryRunner = (q) => deps.backend.query(q)

  async function readRequest(
    request: FastifyRequest,
    withInterval: 'optional' | 'auto' = 'optional',
  ): Promise<AnalyticsRequest> {
    const { projectId } = await deps.projects.resolveRequired(request)
    const query = request.query as {
      from?: string
      to?: string
      interval?: string
      group_by?: string
      top?: number
    } & Record<string, unknown>
    contentGuard(request).checkFilters({
      q: query['q'],
      filters: query['filters'],
      groupBy: query.group_by,
    })
    const nowMs = now()
    const scope = readScope(projectId, query, nowMs)
    const interval = readInterval(
      query.interval ?? (withInterval === 'auto' ? 'auto' : undefined),
      scope,
    )
    const groupBy = readGroupBy(query.group_by, spansView, groupByAliases)
    return {
      scope,
      where: readQueryStringCondition(spansView, query, nowMs),
      ...(groupBy.length > 0 ? { groupBy } : {}),
      ...(interval ? { interval } : {}),
      ...(query.top !== undefined ? { top: query.top } : {}),
    }
  }

  const schema = (summary: string, tag = 'analytics') => ({
    tags: [tag],
    summary,
    querystring: analyticsQuery,
  })

  app.get(
    '/api/v1/analytics/costs',
    {
      config: { permission: 'costs:read' },
      schema: schema(
        'Cost totals, breakdown by group_by (top-N), trend per interval, cost per request',
      ),
    },
    async (request) => successBody(request, await getCosts(run, await readRequest(request))),
  )

  app.get(
    '/api/v1/analytics/performance',
    {
      config: { permission: 'traces:read' },
      schema: schema(
        'Latency and TTFT percentiles, tokens/s, requests/s, error rate and errors by type',
      ),
    },
    async (request) => successBody(request, await getPerformance(run, await readRequest(request))),
  )

  app.get(
    '/api/v1/analytics/requests/timeseries',
    {
      config: { permission: 'costs:read' },
      schema: schema('Requests, errors, tokens, cost and p95 latency per interval'),
    },
    async (request) =>
      successBody(request, await getRequestTimeseries(run, await readRequest(request, 'auto'))),
  )

  app.get(
    '/api/v1/analytics/providers',
    {
      config: { permission: 'costs:read' },
      schema: schema('Requests, cost, tokens, latency and errors per provider'),
    },
    async (request) => successBody(request, await getProviders(run, await readRequest(request))),
  )

  app.get(
    '/api/v1/analytics/dashboard',
    {
      config: { permission: 'costs:read' },
      schema: schema('Overview numbers with the change against the previous equal period'),
    },
    async (request) => successBody(request, await getDashboard(run, await readRequest(request))),
  )

  app.get(
    '/api/v1/analytics/errors',
    {
      config: { permission: 'traces:read' },
      schema: schema(
        'Error groups: type, message fingerprint, count, first/last seen, example trace',
      ),
    },
    async (request) => {
      const req = await readRequest(request)
      return successBody(request, await getErrorGroups(run, { ...req, limit: req.top ?? 50 }))
    },
  )

  app.get(
    '/api/v1/models/compare',
    {
      config: { permission: 'costs:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Models side by side: cost/request, latency, error rate, tokens, quality',
        querystring: Type.Object({
          ...timeRangeQuery,
          ...commonFilterQuery,
          models: Type.String({ minLength: 1, maxLength: 2000, description: 'Comma list.' }),
        }),
      },
    },
    async (request) => {
      const query = request.query as { models: string }
      const models = [
        ...new Set(
          query.models
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        ),
      ]
      if (models.length === 0 || models.length > 10)
        throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
          message: 'models takes 1 to 10 model names, comma-separated.',
          fieldErrors: [{ field: 'models', message: '1 to 10 names' }],
        })
      const req = await readRequest(request)
      return successBody(request, await compareModels(run, models, req))
    },
  )

  app.get(
    '/api/v1/analytics/quality',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['analytics'],
        summary: 'Scores: averages and distributions per name, per model, over time',
        querystring: Type.Object({
          ...timeRangeQuery,
          interval: Type.Optional(Type.String({ maxLength: 16 })),
          name: Type.Optional(Type.String({ maxLength: 200 })),
          source: Type.Optional(Type.String({ maxLength: 20 })),
          model: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Record<string, string | undefined>
      const nowMs = now()
      const scope = readScope(projectId, query, nowMs)
      const interval = readInterval(query.interval, scope)
      const conditions: Condition[] = []
      if (query.name)
        conditions.push(eq(resolveField(scoresView, 'name').expr, param(query.name, 'string')))
      if (query.source)
        conditions.push(eq(resolveField(scoresView, 'source').expr, param(query.source, 'string')))
      if (query.model) conditions.push(scoresOfModel(scope, query.model))
      const where = and(...conditions)
      return successBody(
        request,
        await getQuality(run, { scope, where, ...(interval ? { interval } : {}) }),
      )
    },
  )

  app.get(
    '/api/v1/analytics/logs/recent',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['analytics'],
        summary: 'The newest application and OTLP logs, with severity and trace links',
        querystring: Type.Object({
          ...timeRangeQuery,
          severity: Type.Optional(
            Type.String({ maxLength: 100, description: 'Comma list, e.g. ERROR,CRITICAL.' }),
          ),
          min_severity: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 })),
          service: Type.Optional(Type.String({ maxLength: 200 })),
          trace_id: Type.Optional(Type.String({ maxLength: 64 })),
          q: Type.Optional(Type.String({ maxLength: 1000 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Record<string, string | number | undefined>
      const guard = contentGuard(request)
      guard.checkFilters({ q: query['q'] })
      const nowMs = now()
      const scope = readScope(projectId, query, nowMs)
      const conditions: unknown[] = []
      if (typeof query['severity'] === 'string' && query['severity'] !== '')
        conditions.push({
          field: 'severity',
          operator: 'in',
          // App logs store WARNING as WARN (OTel severity text).
          value: query['severity']
            .split(',')
            .map((s) => s.trim().toUpperCase())
            .map((s) => (s === 'WARNING' ? 'WARN' : s)),
        })
      if (query['min_severity'] !== undefined)
        conditions.push({ field: 'severity_number', operator: 'gte', value: query['min_severity'] })
      if (query['service'])
        conditions.push({ field: 'service', operator: 'eq', value: query['service'] })
      if (query['trace_id'])
        conditions.push({ field: 'trace_id', operator: 'eq', value: query['trace_id'] })
      if (query['q']) conditions.push({ operator: 'search', value: query['q'] })
      const where = parseFilter(logsView, { operator: 'AND', conditions }, { nowMs })
      const rows = await deps.backend.query(
        planQuery(logsView, {
          scope,
          where,
          select: [
            'timestamp',
            'severity',
            'severity_number',
            'body',
            'service',
            'logger',
            'trace_id',
            'span_id',
            'event_name',
          ],
          orderBy: [{ field: 'timestamp', direction: 'desc' }],
          limit: Number(query['limit'] ?? 100),
        }),
      )
      return successBody(
        request,
        rows.map((row) => guard.row(rowToApi(row))),
      )
    },
  )
}

/** Scores whose trace called `model` (comma list) in the range. */
function scoresOfModel(scope: QueryScope, models: string): Condition {
  const list = models
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const traces = planQuery(spansView, {
    scope,
    where: and({
      kind: 'in',
      negated: false,
      left: resolveField(spansView, 'model').expr,
      values: param(list, 'string[]'),
    }),
    select: ['trace_id'],
    orderBy: [],
  })
  return inQuery(resolveField(scoresView, 'trace_id').expr, traces)
}
