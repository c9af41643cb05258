import { Type, type Static } from 'typebox'
import { NullableString, OpenObject, TimeInput, TypeUnion } from './type-union.js'

/**
 * One application log record (seed 004 "Application Logs"; seed 003 error tracking fields).
 *
 * - `level`: DEBUG, INFO, WARNING, ERROR, CRITICAL (any case; also TRACE, WARN, FATAL);
 *   default INFO.
 * - `message` (alias `msg`) is the text; `body` may carry structured data instead.
 * - `timestamp` as in `TimeInput`; none: the receive time.
 * - `trace_id` / `span_id` in any form (mapped like LLM logs, so a log joins its LLM span).
 * - `attributes` (aliases `context`, `extra`) and every field not listed here are kept as
 *   attributes; `exception` / `stack_trace` become `exception.*` attributes.
 *
 * @example { "level": "ERROR", "message": "retrieval failed", "logger": "rag.retriever",
 *   "service": "support-bot", "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736" }
 */
const appLogProperties = {
  level: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  message: Type.Optional(NullableString),
  msg: Type.Optional(NullableString),
  body: Type.Optional(Type.Unknown()),
  logger: Type.Optional(NullableString),
  logger_name: Type.Optional(NullableString),
  service: Type.Optional(NullableString),
  service_name: Type.Optional(NullableString),
  environment: Type.Optional(NullableString),
  event_name: Type.Optional(NullableString),
  trace_id: Type.Optional(NullableString),
  span_id: Type.Optional(NullableString),
  timestamp: Type.Optional(TimeInput),
  user_id: Type.Optional(NullableString),
  session_id: Type.Optional(NullableString),
  request_id: Type.Optional(NullableString),
  attributes: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  context: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  extra: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  exception: Type.Optional(
    TypeUnion<
      string | { type?: string | null; message?: string | null; stacktrace?: string | null } | null
    >(['string', 'object', 'null'], {
      properties: {
        type: { type: ['string', 'null'] },
        message: { type: ['string', 'null'] },
        stacktrace: { type: ['string', 'null'] },
      },
    }),
  ),
  error_type: Type.Optional(NullableString),
  stack_trace: Type.Optional(NullableString),
}
export const AppLogEntry = OpenObject(appLogProperties)
export type AppLogEntry = Static<typeof AppLogEntry>

/** Field names `AppLogEntry` knows; other fields become attributes. */
export const appLogEntryFields: ReadonlySet<string> = new Set(Object.keys(appLogProperties))

/** `{ logs: [...] }` with 1 to 1000 records. */
export const AppLogBatch = Type.Object({
  logs: Type.Array(AppLogEntry, { minItems: 1, maxItems: 1000 }),
})

/** A bare array of 1 to 1000 records. */
export const AppLogArray = Type.Array(AppLogEntry, { minItems: 1, maxItems: 1000 })

/**
 * `POST /api/v1/ingest/app`: one record, `{ logs: [...] }` or a bare array. All or nothing: a
 * bad record rejects the request with field errors naming it (`logs.3.level`, `3.level`).
 */
export const AppLogRequest = Type.Union([AppLogBatch, AppLogArray, AppLogEntry])
export type AppLogRequest = Static<typeof AppLogRequest>
