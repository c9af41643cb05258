import { Type, type Static } from 'typebox'
import { NullableString, StringEnum, TimeInput, TypeUnion, NullableId } from './type-union.js'

/** Who produced a score: the API by default, a person (feedback), or an evaluation run. */
export const ScoreSourceSchema = StringEnum(['api', 'user', 'eval'])

/** `data_type` of a score in the input: either case is accepted (`NUMERIC` as Langfuse sends it). */
export const ScoreDataTypeInput = StringEnum([
  'numeric',
  'boolean',
  'categorical',
  'NUMERIC',
  'BOOLEAN',
  'CATEGORICAL',
])

const scoreInputProperties = {
  id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Idempotency key: the score is stored under this id, and sending the same id again ' +
        'replaces it (the latest timestamp wins) instead of adding a second score.',
    }),
  ),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  value: TypeUnion<number | boolean | string>(['number', 'boolean', 'string'], {
    description:
      'A number (numeric), true/false (boolean; 0/1 too when data_type is boolean) or a ' +
      'string (categorical).',
  }),
  data_type: Type.Optional(ScoreDataTypeInput),
  comment: Type.Optional(TypeUnion<string | null>(['string', 'null'], { maxLength: 10_000 })),
  source: Type.Optional(ScoreSourceSchema),
  trace_id: Type.Optional(NullableId),
  span_id: Type.Optional(NullableId),
  session_id: Type.Optional(TypeUnion<string | null>(['string', 'null'], { maxLength: 200 })),
  timestamp: Type.Optional(TimeInput),
}

/**
 * One score (numeric, boolean or categorical) on a trace, a span and/or a session: at least one
 * of `trace_id`, `span_id`, `session_id`. `data_type` is inferred from the type of `value` when
 * absent; `source` defaults to `api`; `timestamp` to the receive time. Trace and span ids in
 * any form (hex, UUID, other strings) are mapped as everywhere else. Unknown fields are errors.
 *
 * @example { "name": "helpfulness", "value": 0.9, "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
 *   "comment": "judged by rubric v2", "source": "eval" }
 */
export const ScoreInput = Type.Object(scoreInputProperties)
export type ScoreInput = Static<typeof ScoreInput>

/** Field names `ScoreInput` knows; any other field of an item is reported as an error. */
export const scoreInputFields: ReadonlySet<string> = new Set(Object.keys(scoreInputProperties))

/** `{ scores: [...] }` with 1 to 1000 scores. */
export const ScoreBatch = Type.Object({
  scores: Type.Array(ScoreInput, { minItems: 1, maxItems: 1000 }),
})

/**
 * `POST /api/v1/scores`: one score (answered with the stored score) or `{ scores: [...] }` /
 * a bare array of 1 to 1000 (answered per item; valid items are stored even when others fail).
 */
export const ScoreRequest = Type.Union([
  ScoreInput,
  ScoreBatch,
  Type.Array(ScoreInput, { minItems: 1, maxItems: 1000 }),
])
export type ScoreRequest = Static<typeof ScoreRequest>

/** A stored score as the API returns it; `value` has the JSON type of `data_type`. */
export const ScoreJson = Type.Object({
  id: Type.String(),
  name: Type.String(),
  data_type: StringEnum(['numeric', 'boolean', 'categorical']),
  value: TypeUnion<number | boolean | string | null>(['number', 'boolean', 'string', 'null']),
  comment: NullableString,
  source: ScoreSourceSchema,
  trace_id: NullableString,
  span_id: NullableString,
  session_id: NullableString,
  timestamp: Type.String({ description: 'ISO-8601 UTC.' }),
})
export type ScoreJson = Static<typeof ScoreJson>

/**
 * Filters of `GET /api/v1/scores` (the route adds page, per_page and cursor). `trace_id`
 * matches the trace's own scores and those on its spans; `from` is inclusive, `to` exclusive,
 * each ISO-8601, epoch milliseconds or relative to now (`now-1h`, `now-7d`).
 */
export const ScoreListQuery = Type.Object({
  trace_id: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: "The trace's own scores and those on its spans (hex, UUID or any id).",
    }),
  ),
  span_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  session_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  source: Type.Optional(ScoreSourceSchema),
  from: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'Inclusive: ISO-8601, epoch milliseconds or now-<n><s|m|h|d|w>.',
    }),
  ),
  to: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'Exclusive: ISO-8601, epoch milliseconds or now-<n><s|m|h|d|w>.',
    }),
  ),
})
