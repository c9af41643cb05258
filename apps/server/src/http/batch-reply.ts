import { randomUUID } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { BatchItemResult } from '@llm-observatory/contracts'
import { makeBatchResponse } from '@llm-observatory/ingest'
import { errorBody, successBody } from './envelope.js'

/**
 * Answers a batch write per item (seed 001 `BatchResponse` in `data`): 200 when every item was
 * stored or skipped as a duplicate, 207 (`status: partial`) when some failed, 400
 * `validation_error` when none was stored. Items stored are kept in every case.
 * @example return sendBatchReply(request, reply, [{ index: 0, id: 'a', status: 'success' }])
 */
export function sendBatchReply(
  request: FastifyRequest,
  reply: FastifyReply,
  items: BatchItemResult[],
): FastifyReply {
  const batch = makeBatchResponse(randomUUID(), items)
  if (batch.status === 'all_failed') {
    const body = errorBody(request, {
      code: 'validation_error',
      message: 'No item of the batch was valid; see data.results for each error.',
    })
    return reply.code(400).send({ ...body, data: batch })
  }
  if (batch.status === 'partial_success')
    return reply.code(207).send(successBody(request, batch, {}, 'partial'))
  return reply.code(200).send(successBody(request, batch))
}
