import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import {
  ObservatoryError,
  isObservatoryError,
  toSpanId,
  toTraceId,
  type FieldError,
  type Score,
  type ScoreDataType,
} from '@llm-observatory/core'
import {
  BatchResponseSchema,
  Envelope,
  PaginatedEnvelope,
  ScoreInput,
  ScoreJson,
  ScoreListQuery,
  ScoreRequest,
  contractFieldErrors,
  scoreInputFields,
  type BatchItemResult,
} from '@llm-observatory/contracts'
import { parseTimeInput, readBatchItems, type IngestPipeline } from '@llm-observatory/ingest'
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

export interface ScoreRouteDeps {
  backend: Backend
  pipeline: IngestPipeline
  projects: ProjectResolver
}

const ScoreListQuerystring = Type.Object({ ...paginationQuery, ...ScoreListQuery.properties })

/** Longest categorical value, in characters. */
const maxCategoryLength = 1000

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
      const receivedAtUs = Date.now() * 1000
      const { items: inputs, isBatch } = readBatchItems(
        request.body,
        'scores',
        (r) => 'name' in r || 'value' in r,
      )
      const scores: Score[] = []
      const items: BatchItemResult[] = []
      const firstIndexById = new Map<string, number>()
      inputs.forEach((input, index) => {
        let score: Score
        try {
          score = mapScore(input, projectId, receivedAtUs)
        } catch (err) {
          if (!isObservatoryError(err)) throw err
          items.push({
            index,
            id: null,
            status: 'failed',
            error: { code: err.apiCode, message: err.message, field_errors: err.fieldErrors ?? [] },
          })
          return
        }
        const first = firstIndexById.get(score.scoreId)
        if (first !== undefined) {
          items.push({
            index,
            id: score.scoreId,
            status: 'skipped',
            error: {
              code: 'conflict',
              message: `Same id as item ${first} of this batch; only the first is stored.`,
              field_errors: [],
            },
          })
          return
        }
        firstIndexById.set(score.scoreId, index)
        scores.push(score)
        items.push({ index, id: score.scoreId, status: 'success' })
      })
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

function invalidScore(fieldErrors: FieldError[]): ObservatoryError {
  return new ObservatoryError('ERR_REQUEST_VALIDATION', {
    message: 'The score is not valid: see field_errors.',
    fieldErrors,
  })
}

/** One score of the request, or a validation error whose fields are relative to it. */
function mapScore(input: unknown, projectId: string, receivedAtUs: number): Score {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalidScore([{ field: '(item)', message: 'must be an object' }])
  const unknown = Object.keys(input).filter((key) => !scoreInputFields.has(key))
  const schemaErrors = contractFieldErrors(ScoreInput, input)
  if (unknown.length > 0 || schemaErrors.length > 0) {
    throw invalidScore([
      ...unknown.map((field) => ({ field, message: 'is not a score field' })),
      ...schemaErrors,
    ])
  }
  const score = input as ScoreInput
  const errors: FieldError[] = []
  const text = (value: string | null | undefined): string | null => {
    const trimmed = value?.trim()
    return trimmed ? trimmed : null
  }
  const name = text(score.name)
  if (name === null) errors.push({ field: 'name', message: 'must not be blank' })
  const traceId = text(score.trace_id)
  const spanId = text(score.span_id)
  const sessionId = text(score.session_id)
  if (traceId === null && spanId === null && sessionId === null)
    errors.push({
      field: 'trace_id',
      message: 'one of trace_id, span_id or session_id is required',
    })
  const { dataType, value, stringValue, error } = readScoreValue(score)
  if (error !== null) errors.push({ field: 'value', message: error })
  let timeUs = receivedAtUs
  if (score.timestamp !== undefined) {
    try {
      timeUs = parseTimeInput(score.timestamp, 'timestamp')
    } catch (err) {
      if (!isObservatoryError(err)) throw err
      errors.push(...(err.fieldErrors ?? []))
    }
  }
  if (errors.length > 0) throw invalidScore(errors)
  return {
    projectId,
    scoreId: text(score.id) ?? randomUUID(),
    timeUs,
    traceId: traceId === null ? null : toTraceId(traceId),
    spanId: spanId === null ? null : toSpanId(spanId),
    sessionId,
    name: name ?? '',
    dataType,
    value,
    stringValue,
    comment: score.comment ?? null,
    source: score.source ?? 'api',
  }
}

/** The stored form of `value`: numbers and booleans (as 0/1) in `value`, categories in `stringValue`. */
function readScoreValue(score: ScoreInput): {
  dataType: ScoreDataType
  value: number | null
  stringValue: string | null
  error: string | null
} {
  const v = score.value
  const dataType: ScoreDataType =
    (score.data_type?.toLowerCase() as ScoreDataType | undefined) ??
    (typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'numeric' : 'categorical')
  const fail = (error: string) => ({ dataType, value: null, stringValue: null, error })
  switch (dataType) {
    case 'numeric':
      if (typeof v !== 'number' || !Number.isFinite(v))
        return fail('must be a number for a numeric score')
      return { dataType, value: v, stringValue: null, error: null }
    case 'boolean':
      if (typeof v === 'boolean')
        return { dataType, value: v ? 1 : 0, stringValue: null, error: null }
      if (v === 0 || v === 1) return { dataType, value: v, stringValue: null, error: null }
      return fail('must be true or false (or 0/1) for a boolean score')
    case 'categorical': {
      const category = typeof v === 'string' ? v.trim() : ''
      if (category === '' || category.length > maxCategoryLength)
        return fail(
          `must be a non-blank string of at most ${maxCategoryLength} characters for a categorical score`,
        )
      return { dataType, value: null, stringValue: category, error: null }
    }
  }
}
