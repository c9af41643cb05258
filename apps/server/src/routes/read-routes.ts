import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import { ObservatoryError } from '@llm-observatory/core'
import { fillTraceContext, joinLogContent } from '@llm-observatory/ingest'
import { eq, eventsView, param, planQuery, resolveField } from '@llm-observatory/query'
import type { Backend } from '@llm-observatory/storage'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { successBody } from '../http/envelope.js'
import { logToJson, spanToJson, traceToJson } from '../http/span-json.js'
import { scoreToJson } from '../http/score-json.js'
import { rowToApi } from '../http/row-json.js'
import { contentGuard } from '../auth/content-guard.js'

const eventFields = [
  'event_id',
  'timestamp',
  'source_module',
  'event_type',
  'severity',
  'span_id',
  'user_id',
  'session_id',
  'tags',
  'payload',
] as const

export interface ReadRouteDeps {
  backend: Backend
  projects: ProjectResolver
}

/** The full detail of one trace (the lists and search are in search-routes.ts). */
export async function registerReadRoutes(app: FastifyInstance, deps: ReadRouteDeps): Promise<void> {
  app.get(
    '/api/v1/traces/:id',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['traces'],
        summary: 'One trace with its spans, logs, scores and correlated events',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const raw = (request.params as { id: string }).id.toLowerCase()
      const traceId = raw.replaceAll('-', '')
      if (!/^[0-9a-f]{32}$/.test(traceId)) {
        throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
          message: 'A trace id is 32 hexadecimal characters (a UUID is accepted too).',
          fieldErrors: [{ field: 'id', message: 'expected 32 hex characters' }],
        })
      }
      const [detail, scores] = await Promise.all([
        deps.backend.getTrace(projectId, traceId),
        deps.backend.findScores(projectId, { traceId, limit: 1000 }),
      ])
      if (!detail) throw new ObservatoryError('ERR_TRACE_NOT_FOUND')
      // Events of neighbouring tools (security, cost, governance) correlated to the trace,
      // looked for from an hour before it started to a day after it ended.
      const events = await deps.backend.query(
        planQuery(eventsView, {
          scope: {
            projectId,
            fromUs: detail.trace.startTimeUs - 3_600_000_000,
            toUs: detail.trace.endTimeUs + 86_400_000_000,
          },
          where: eq(resolveField(eventsView, 'trace_id').expr, param(traceId, 'string')),
          select: [...eventFields],
          orderBy: [{ field: 'timestamp', direction: 'asc' }],
          limit: 1000,
        }),
      )
      const spans = fillTraceContext(joinLogContent(detail.spans, detail.logs), detail.trace)
      const guard = contentGuard(request)
      return successBody(request, {
        trace: traceToJson(detail.trace),
        spans: spans.map((span) => guard.span(spanToJson(span))),
        logs: detail.logs.map((log) => guard.log(logToJson(log))),
        scores: scores.scores.map(scoreToJson),
        events: events.map(rowToApi),
      })
    },
  )
}
