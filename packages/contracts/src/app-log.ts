import { Type, type Static } from 'typebox'
import {
  OpenObject,
  TimeInput,
  TypeUnion,
  NullableId,
  NullableLabel,
  NullableLongText,
  fieldMaxLength,
} from './type-union.js'

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
  message: Type.Optional(NullableLongText),
  msg: Type.Optional(NullableLongText),
  body: Type.Optional(Type.Unknown()),
  logger: Type.Optional(NullableLabel),
  logger_name: Type.Optional(NullableLabel),
  service: Type.Optional(NullableLabel),
  service_name: Type.Optional(NullableLabel),
  environment: Type.Optional(NullableLabel),
  event_name: Type.Optional(NullableLabel),
  trace_id: Type.Optional(NullableId),
  span_id: Type.Optional(NullableId),
  timestamp: Type.Optional(TimeInput),
  user_id: Type.Optional(NullableId),
  session_id: Type.Optional(NullableId),
  request_id: Type.Optional(NullableId),
  attributes: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  context: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  extra: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  exception: Type.Optional(
    TypeUnion<
      string | { type?: string | null; message?: string | null; stacktrace?: string | null } | null
    >(['string', 'object', 'null'], {
      maxLength: fieldMaxLength.text,
      properties: {
        type: { type: ['string', 'null'], maxLength: fieldMaxLength.label },
        message: { type: ['string', 'null'], maxLength: fieldMaxLength.text },
        stacktrace: { type: ['string', 'null'], maxLength: fieldMaxLength.longText },
      },
    }),
  ),
  error_type: Type.Optional(NullableLabel),
  stack_trace: Type.Optional(NullableLongText),
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
