import { randomUUID } from 'node:crypto'
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
  ScoreInput,
  contractFieldErrors,
  scoreInputFields,
  type BatchItemResult,
} from '@llm-observatory/contracts'
import { parseTimeInput, readBatchItems } from '@llm-observatory/ingest'

/** Longest categorical value, in characters. */
const maxCategoryLength = 1000

/**
 * Maps a `POST /api/v1/scores` body (one score, `{ scores: [...] }` or a bare array) to scores,
 * item by item: each item succeeds or fails on its own (field errors relative to the item),
 * and an item whose `id` repeats an earlier one of the batch is `skipped`. Results are in
 * request order. A body that is not an object or array, or a batch not of 1 to 1000 items,
 * throws `ERR_INGEST_VALIDATION`.
 *
 * Per score: `data_type` from `value` when absent (boolean, number → numeric, string →
 * categorical); booleans stored as 0/1; trace and span ids through `toTraceId`/`toSpanId`;
 * `id` kept as given (else a random UUID); `timestamp` else `receivedAtUs`; `source` else api.
 *
 * @example mapScores({ name: 'ok', value: true, session_id: 's1' }, 'proj', nowUs).scores[0].value // 1
 */
export function mapScores(
  body: unknown,
  projectId: string,
  receivedAtUs: number,
): { scores: Score[]; items: BatchItemResult[]; isBatch: boolean } {
  const { items: inputs, isBatch } = readBatchItems(
    body,
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
  return { scores, items, isBatch }
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
