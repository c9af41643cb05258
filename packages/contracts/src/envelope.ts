import { Type, type Static, type TSchema } from 'typebox'
import { NullableString as NullableStringSchema, StringEnum, TypeUnion } from './type-union.js'

/** The API error codes of DESIGN.md (same set as `apiErrorStatus` in core). */
export const ApiErrorCodeSchema = StringEnum([
  'bad_request',
  'validation_error',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'service_unavailable',
])

/** One problem with one field: `field` is a dotted path into the body (`logs.3.usage.prompt_tokens`). */
export const FieldErrorSchema = Type.Object({
  field: Type.String(),
  message: Type.String(),
})
export type FieldErrorJson = Static<typeof FieldErrorSchema>

/**
 * The error object of seed 001 (`ApiError`). `field_errors` is a list of `{ field, message }`
 * rather than the seed's map of lists: it keeps the order problems were found in and needs no
 * grouping; an empty list means none.
 */
export const ApiErrorSchema = Type.Object({
  code: ApiErrorCodeSchema,
  message: Type.String({ description: 'What to change; never contains request data.' }),
  status_code: Type.Integer(),
  details: TypeUnion<Record<string, unknown> | null>(['object', 'null']),
  field_errors: Type.Array(FieldErrorSchema),
  timestamp: Type.String({ description: 'ISO-8601 UTC.' }),
})
export type ApiErrorJson = Static<typeof ApiErrorSchema>

export const ResponseStatusSchema = StringEnum(['success', 'error', 'partial'])

/** `meta` of every response (seed 001 `ResponseMetadata`). */
export const ResponseMetaSchema = Type.Object({
  request_id: Type.String(),
  timestamp: Type.String({ description: 'ISO-8601 UTC.' }),
  api_version: Type.String(),
  response_time_ms: Type.Number({ minimum: 0 }),
})

/**
 * The response envelope of seed 001 (`ApiResponse<T>`) around `data`.
 * `data` is null on errors, `error` is null otherwise.
 * @example app.get('/x', { schema: { response: { 200: Envelope(TraceSchema) } } }, handler)
 */
export function Envelope<T extends TSchema>(data: T) {
  return Type.Object({
    status: ResponseStatusSchema,
    data: Type.Union([data, Type.Null()]),
    error: Type.Union([ApiErrorSchema, Type.Null()]),
    meta: ResponseMetaSchema,
  })
}

/** `pagination` of list responses (seed 001 `PaginationMetadata`; default 50 per page, max 1000). */
export const PaginationSchema = Type.Object({
  page: Type.Integer({ minimum: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 1000 }),
  total_items: TypeUnion<number | null>(['integer', 'null'], { minimum: 0 }),
  total_pages: TypeUnion<number | null>(['integer', 'null'], { minimum: 0 }),
  has_next: Type.Boolean(),
  has_previous: Type.Boolean(),
  links: Type.Optional(
    Type.Object({
      first: Type.Optional(Type.String()),
      last: Type.Optional(Type.String()),
      next: Type.Optional(Type.String()),
      prev: Type.Optional(Type.String()),
      self: Type.Optional(Type.String()),
    }),
  ),
  next_cursor: Type.Optional(NullableStringSchema),
})

/** The envelope of a list: `data` is an array of `item`, plus `pagination`. */
export function PaginatedEnvelope<T extends TSchema>(item: T) {
  return Type.Object({
    status: ResponseStatusSchema,
    data: Type.Union([Type.Array(item), Type.Null()]),
    pagination: PaginationSchema,
    error: Type.Union([ApiErrorSchema, Type.Null()]),
    meta: ResponseMetaSchema,
  })
}

/** The envelope of an error response (`data` null). */
export const ErrorEnvelope = Envelope(Type.Null())

/** One item's outcome in a batch write (seed 001 `BatchItemResult`). */
export const BatchItemResultSchema = Type.Object({
  index: Type.Integer({ minimum: 0, description: 'Position of the item in the request.' }),
  id: TypeUnion<string | null>(['string', 'null'], {
    description: 'The id the item was stored under (span id, event id); null when it failed.',
  }),
  status: StringEnum(['success', 'failed', 'skipped']),
  error: Type.Optional(
    Type.Object({
      code: Type.String({
        description: 'validation_error for failed items, conflict for skipped.',
      }),
      message: Type.String(),
      field_errors: Type.Array(FieldErrorSchema),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
})
export type BatchItemResult = Static<typeof BatchItemResultSchema>

/** Seed 001 `BatchStatus`. */
export const BatchStatusSchema = StringEnum(['all_success', 'partial_success', 'all_failed'])

/**
 * The `data` of a batch write (seed 001 `BatchResponse`): totals and one result per item, in
 * request order. Skipped items (duplicates within the batch) count neither as successes nor as
 * failures; a batch with no failures is `all_success`.
 */
export const BatchResponseSchema = Type.Object({
  batch_id: Type.String(),
  status: BatchStatusSchema,
  total_items: Type.Integer({ minimum: 0 }),
  success_count: Type.Integer({ minimum: 0 }),
  failure_count: Type.Integer({ minimum: 0 }),
  skipped_count: Type.Integer({ minimum: 0 }),
  results: Type.Array(BatchItemResultSchema),
})
export type BatchResponse = Static<typeof BatchResponseSchema>
