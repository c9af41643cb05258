import { ObservatoryError, isObservatoryError, type Span } from '@llm-observatory/core'
import {
  LlmBulkRequest,
  contractFieldErrors,
  type BatchItemResult,
} from '@llm-observatory/contracts'
import { failedItem, skippedItem } from './batch-response.js'
import { mapLlmLog } from './map-llm-log.js'
import type { RestMapContext } from './rest-context.js'

/**
 * Maps a `POST /api/v1/ingest/llm/bulk` body item by item with `mapLlmLog`: each item
 * succeeds or fails on its own (a failed item's result carries its field errors, relative to
 * the item), and an item whose trace and span id equal an earlier item's is `skipped` (a
 * client retrying inside one batch, or one `request_id` logged twice). Results are in
 * request order; `spans` holds the successes only. A body that is not `{ logs: [1..1000] }`
 * or an array of 1 to 1000 throws `ERR_INGEST_VALIDATION`; errors other than `ObservatoryError` are bugs and propagate.
 *
 * @example mapLlmBulk({ logs: [a, b] }, ctx).items.map((i) => i.status) // ['success', 'failed']
 */
export function mapLlmBulk(
  body: LlmBulkRequest,
  ctx: RestMapContext,
): { spans: Span[]; items: BatchItemResult[] } {
  const outer = contractFieldErrors(LlmBulkRequest, body)
  if (outer.length > 0) {
    throw new ObservatoryError('ERR_INGEST_VALIDATION', {
      message: 'Send { "logs": [ ... ] } or an array, with 1 to 1000 LLM logs.',
      fieldErrors: outer,
    })
  }
  const spans: Span[] = []
  const items: BatchItemResult[] = []
  const firstIndexById = new Map<string, number>()
  const logs = Array.isArray(body) ? body : body.logs
  logs.forEach((log, index) => {
    let span: Span
    try {
      // Items are checked one by one inside mapLlmLog; the route checked only the batch shape.
      span = mapLlmLog(log, ctx)
    } catch (err) {
      if (!isObservatoryError(err)) throw err
      items.push(failedItem(index, err))
      return
    }
    const key = `${span.traceId}:${span.spanId}`
    const first = firstIndexById.get(key)
    if (first !== undefined) {
      items.push(skippedItem(index, span.spanId, first, 'trace and span id'))
      return
    }
    firstIndexById.set(key, index)
    spans.push(span)
    items.push({ index, id: span.spanId, status: 'success' })
  })
  return { spans, items }
}
