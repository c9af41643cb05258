import type { FieldError, ObservatoryError } from '@llm-observatory/core'
import type { BatchItemResult, BatchResponse } from '@llm-observatory/contracts'

/** A failed item's result from the error that failed it (its details too, e.g. supported versions). */
export function failedItem(index: number, err: ObservatoryError): BatchItemResult {
  const error: NonNullable<BatchItemResult['error']> = {
    code: err.apiCode,
    message: err.message,
    field_errors: toFieldErrorJson(err.fieldErrors),
  }
  if (err.details) error.details = err.details
  return { index, id: null, status: 'failed', error }
}

/** A skipped item's result: the same id as an earlier item of the batch, which was kept. */
export function skippedItem(
  index: number,
  id: string,
  firstIndex: number,
  what: string,
): BatchItemResult {
  return {
    index,
    id,
    status: 'skipped',
    error: {
      code: 'conflict',
      message: `Same ${what} as item ${firstIndex} of this batch; only the first is stored.`,
      field_errors: [],
    },
  }
}

function toFieldErrorJson(errors: FieldError[] | undefined): { field: string; message: string }[] {
  return (errors ?? []).map((e) => ({ field: e.field, message: e.message }))
}

/**
 * The `data` of a batch write answer (seed 001 `BatchResponse`) from per-item results.
 * `status`: `all_failed` when nothing succeeded and something failed, `partial_success` when
 * some items failed, else `all_success` (skipped duplicates are not failures).
 * @example makeBatchResponse('3f2c…', items).failure_count
 */
export function makeBatchResponse(batchId: string, results: BatchItemResult[]): BatchResponse {
  let success = 0
  let failed = 0
  let skipped = 0
  for (const r of results) {
    if (r.status === 'success') success++
    else if (r.status === 'failed') failed++
    else skipped++
  }
  return {
    batch_id: batchId,
    status: failed === 0 ? 'all_success' : success === 0 ? 'all_failed' : 'partial_success',
    total_items: results.length,
    success_count: success,
    failure_count: failed,
    skipped_count: skipped,
    results,
  }
}
