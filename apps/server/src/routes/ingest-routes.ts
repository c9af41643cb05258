import { randomUUID } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ObservatoryError } from '@llm-observatory/core'
import type { BatchItemResult } from '@llm-observatory/contracts'
import {
  makeBatchResponse,
  mapAnalyticsEvents,
  mapAppLogs,
  mapLlmBulk,
  mapLlmLog,
  mapMetrics,
  readBatchItems,
  type IngestPipeline,
} from '@llm-observatory/ingest'
import type { ProjectResolver } from '../auth/project-resolver.js'
import { errorBody, successBody } from '../http/envelope.js'

export interface IngestRouteDeps {
  pipeline: IngestPipeline
  projects: ProjectResolver
}

/**
 * The product's own REST ingestion (seeds 001–004). Every answer is sent after the rows are
 * committed. Batch endpoints answer per item: 200 when all succeeded (or were skipped as
 * duplicates), 207 when some failed, 400 when none succeeded; the stored items are kept
 * either way.
 */
export async function registerIngestRoutes(
  app: FastifyInstance,
  deps: IngestRouteDeps,
): Promise<void> {
  // OpenAPI tags and summaries (the bodies are checked by the mappers, not by route schemas).
  const docs = (summary: string) => ({
    config: { permission: 'ingest' as const },
    schema: { tags: ['ingestion'], summary },
  })
  const context = async (request: FastifyRequest) => {
    const { projectId } = await deps.projects.resolveRequired(request)
    return { projectId, receivedAtUs: Date.now() * 1000 }
  }

  app.post('/api/v1/ingest/llm', docs('Log one LLM call'), async (request, reply) => {
    const span = mapLlmLog(request.body as never, await context(request))
    await deps.pipeline.ingestSpans([span])
    return reply.code(201).send(
      successBody(request, {
        trace_id: span.traceId,
        span_id: span.spanId,
        input_tokens: span.inputTokens,
        output_tokens: span.outputTokens,
        total_tokens: span.totalTokens,
        usage_estimated: span.usageEstimated,
        cost_usd: span.costUsd,
        cost_source: span.costSource,
      }),
    )
  })

  app.post('/api/v1/ingest/llm/bulk', docs('Log up to 1000 LLM calls'), async (request, reply) => {
    const { spans, items } = mapLlmBulk(request.body as never, await context(request))
    await deps.pipeline.ingestSpans(spans)
    return sendBatch(request, reply, items)
  })

  app.post('/api/v1/ingest/app', docs('Ingest app log records'), async (request, reply) => {
    const logs = mapAppLogs(request.body as never, await context(request))
    await deps.pipeline.ingestRecords({ logs })
    return reply.code(201).send(successBody(request, { accepted: logs.length }))
  })

  app.post('/api/v1/ingest/metrics', docs('Ingest metrics'), async (request, reply) => {
    const metrics = mapMetrics(request.body as never, await context(request))
    await deps.pipeline.ingestRecords({ metrics })
    return reply.code(201).send(successBody(request, { accepted: metrics.length }))
  })

  app.post('/api/v1/events', docs('Ingest analytics events'), async (request, reply) => {
    const body = request.body
    const { isBatch } = readBatchItems(body, 'events', (r) => 'source_module' in r || 'common' in r)
    Array.isArray((body as { events?: unknown }).events)
    const { events, items } = mapAnalyticsEvents(body as never, await context(request))
    await deps.pipeline.ingestRecords({ events })
    const [only] = items
    if (!isBatch && only) {
      // A single event is all or nothing: its error is the answer (e.g. an unknown schema major).
      if (only.status === 'failed') return sendItemError(request, reply, only)
      return reply.code(201).send(successBody(request, { event_id: only.id }))
    }
    return sendBatch(request, reply, items)
  })
}

function sendBatch(
  request: FastifyRequest,
  reply: FastifyReply,
  items: BatchItemResult[],
): FastifyReply {
  const batch = makeBatchResponse(randomUUID(), items)
  const code = batch.status === 'all_success' ? 200 : batch.status === 'partial_success' ? 207 : 400
  const status = batch.status === 'all_success' ? 'success' : 'partial'
  if (code === 400) {
    const body = errorBody(request, {
      code: 'validation_error',
      message: 'No item of the batch was valid; see data.results for each error.',
    })
    return reply.code(400).send({ ...body, data: batch })
  }
  return reply.code(code).send(successBody(request, batch, {}, status))
}

function sendItemError(
  request: FastifyRequest,
  reply: FastifyReply,
  item: BatchItemResult,
): FastifyReply {
  const error = item.error
  const err = new ObservatoryError('ERR_INGEST_VALIDATION', {
    message: error?.message ?? 'The event is not valid.',
    fieldErrors: error?.field_errors ?? [],
  })
  return reply.code(err.statusCode).send(
    errorBody(request, {
      code: (error?.code as typeof err.apiCode | undefined) ?? err.apiCode,
      message: err.message,
      fieldErrors: err.fieldErrors,
      details: error?.details ?? undefined,
    }),
  )
}
