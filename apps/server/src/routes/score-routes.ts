import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { ObservatoryError, toSpanId, toTraceId } from '@llm-observatory/core'
import {
  BatchResponseSchema,
  Envelope,
  PaginatedEnvelope,
  ScoreJson,
  ScoreListQuery,
  ScoreRequest,
} from '@llm-observatory/contracts'
import type { IngestPipeline } from '@llm-observatory/ingest'
import type { Backend, ScoreQuery } from '@llm-observatory/storage'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { sendBatchReply } from '../http/batch-reply.js'
import { successBody } from '../http/envelope.js'
import {
  buildPagination,
  decodeCursor,
  encodeCursor,
  paginationQuery,
  readPageRequest,
} from '../http/pagination.js'
import { parseQueryTime } from '../http/parse-query-time.js'
import { scoreToJson } from '../http/score-json.js'
import { mapScores } from './map-scores.js'

export interface ScoreRouteDeps {
  backend: Backend
  pipeline: IngestPipeline
  projects: ProjectResolver
}

const ScoreListQuerystring = Type.Object({ ...paginationQuery, ...ScoreListQuery.properties })

/**
 * Scores (numeric, boolean, categorical) on traces, spans and sessions: `POST /api/v1/scores`
 * writes them through the write queue (answered once durable), `GET /api/v1/scores` lists them
 * newest first. A single score is all or nothing (201 with the stored score, or 400 naming the
 * field); a batch is answered per item like the bulk ingest routes, its valid items stored.
 */
export async function registerScoreRoutes(
  app: FastifyInstance,
  deps: ScoreRouteDeps,
): Promise<void> {
  app.post(
    '/api/v1/scores',
    {
      config: { permission: 'ingest' },
      schema: {
        tags: ['scores'],
        summary: 'Create one score or a batch of up to 1000',
        body: ScoreRequest,
        response: {
          201: Envelope(ScoreJson),
          200: Envelope(BatchResponseSchema),
          207: Envelope(BatchResponseSchema),
        },
      },
      // The body schema is for the OpenAPI document: items are checked one by one below, so a
      // bad item fails alone instead of the whole batch, and values keep their JSON type
      // (Ajv's coercion would turn `"0.9"` into a number and change the inferred data type).
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const { scores, items, isBatch } = mapScores(request.body, projectId, Date.now() * 1000)
      await deps.pipeline.ingestRecords({ scores })
      const [only] = items
      if (!isBatch && only !== undefined) {
        const [stored] = scores
        if (stored === undefined) {
          throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
            message: only.error?.message ?? 'The score is not valid.',
            fieldErrors: only.error?.field_errors ?? [],
          })
        }
        return reply.code(201).send(successBody(request, scoreToJson(stored)))
      }
      return sendBatchReply(request, reply, items)
    },
  )

  app.get(
    '/api/v1/scores',
    {
      config: { permission: 'traces:read' },
      schema: {
        tags: ['scores'],
        summary: 'List scores, newest first',
        querystring: ScoreListQuerystring,
        response: { 200: PaginatedEnvelope(ScoreJson) },
      },
    },
    async (request) => {
      const { projectId } = await deps.projects.resolveRequired(request)
      const query = request.query as Static<typeof ScoreListQuerystring>
      const page = readPageRequest(query)
      const filters = readScoreFilters(query, Date.now() * 1000)
      const after =
        page.cursor === null ? undefined : decodeCursor(page.cursor, ['number', 'string'] as const)
      // One row past the page tells whether another page follows.
      const found = await deps.backend.findScores(projectId, {
        ...filters,
        limit: page.perPage + 1,
        offset: page.offset,
        ...(after ? { after: { timeUs: after[0], scoreId: after[1] } } : {}),
      })
      const scores = found.scores.slice(0, page.perPage)
      const last = scores.at(-1)
      const nextCursor =
        found.scores.length > page.perPage && last !== undefined
          ? encodeCursor([last.timeUs, last.scoreId])
          : null
      return successBody(request, scores.map(scoreToJson), {
        pagination: buildPagination(
          request.url,
          page.page,
          page.perPage,
          found.totalItems,
          nextCursor,
        ),
      })
    },
  )
}

function readScoreFilters(
  query: Static<typeof ScoreListQuery>,
  nowUs: number,
): Omit<ScoreQuery, 'limit'> {
  const filters: Omit<ScoreQuery, 'limit'> = {}
  if (query.trace_id !== undefined) filters.traceId = toTraceId(query.trace_id)
  if (query.span_id !== undefined) filters.spanId = toSpanId(query.span_id)
  if (query.session_id !== undefined) filters.sessionId = query.session_id
  if (query.name !== undefined) filters.name = query.name
  if (query.source !== undefined) filters.source = query.source
  if (query.from !== undefined) filters.fromUs = parseQueryTime(query.from, 'from', nowUs)
  if (query.to !== undefined) filters.toUs = parseQueryTime(query.to, 'to', nowUs)
  if (
    filters.fromUs !== undefined &&
    filters.toUs !== undefined &&
    filters.fromUs >= filters.toUs
  ) {
    throw new ObservatoryError('ERR_REQUEST_VALIDATION', {
      message: 'from must be before to.',
      fieldErrors: [{ field: 'from', message: 'must be before to' }],
    })
  }
  return filters
}
