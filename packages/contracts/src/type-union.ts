import {
  Type,
  type Static,
  type TObject,
  type TProperties,
  type TSchema,
  type TUnsafe,
} from 'typebox'

type JsonTypeName = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null'

/**
 * A value of one of several JSON types, written as `{ type: [...] }` rather than `anyOf`.
 *
 * Why not `Type.Union`: Fastify's default Ajv runs with `coerceTypes`, and inside `anyOf` the
 * first branch coerces before the second is tried, so `anyOf: [number, null]` turns `null`
 * into `0` and `anyOf: [string, number]` turns `1700000000000` into a string. A type list has
 * no such order. Extra keywords (`items`, `properties`, `minimum`) apply to the matching type.
 *
 * @example TypeUnion<number | null>(['number', 'null'], { minimum: 0 })
 */
export function TypeUnion<T>(
  types: readonly JsonTypeName[],
  keywords: Record<string, unknown> = {},
): TUnsafe<T> {
  return Type.Unsafe<T>({ type: [...types], ...keywords })
}

/**
 * The object keywords (`properties`, `required`) of an object schema, to combine with other
 * types in {@link TypeUnion} without copying its `type`.
 * @example TypeUnion<Usage | null>(['object', 'null'], objectKeywords(UsageSchema))
 */
export function objectKeywords(schema: TSchema): Record<string, unknown> {
  const s = schema as { properties?: unknown; required?: unknown }
  const out: Record<string, unknown> = { properties: s.properties ?? {} }
  if (Array.isArray(s.required) && s.required.length > 0)
    out['required'] = [...(s.required as string[])]
  return out
}

/**
 * An object that accepts fields beyond `properties` (`additionalProperties: true`), typed
 * so: its static type has an index signature, so clients and tests may pass extra fields.
 * Ingestion bodies are open because senders log whatever their SDK gives them.
 */
export function OpenObject<P extends TProperties>(
  properties: P,
  options: Record<string, unknown> = {},
): TUnsafe<Static<TObject<P>> & { [key: string]: unknown }> {
  const schema = Type.Object(properties, { ...options, additionalProperties: true })
  return Type.Unsafe<Static<TObject<P>> & { [key: string]: unknown }>(schema)
}

/** A string from a fixed set, as `{ type: 'string', enum }` (one error message, not one per value). */
export function StringEnum<const V extends readonly string[]>(
  values: V,
  keywords: Record<string, unknown> = {},
): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...keywords })
}

/**
 * A point in time: an ISO-8601 string (`2025-06-01T12:00:00.123456Z`, offset or no zone =
 * UTC) or a number of epoch seconds, milliseconds, microseconds or nanoseconds (told apart by
 * magnitude; see `parseTimeInput` in `@llm-observatory/ingest`).
 */
export const TimeInput = TypeUnion<string | number>(['string', 'number'], {
  description:
    'ISO-8601 (UTC when no offset) or epoch seconds/milliseconds/microseconds/nanoseconds.',
  examples: ['2025-06-01T12:00:00.000Z', 1748779200000],
})

/** A non-negative number, or null for "unknown". */
export const NonNegativeNumber = TypeUnion<number | null>(['number', 'null'], { minimum: 0 })

/** A non-negative integer count (tokens, requests), or null for "unknown". */
export const Count = TypeUnion<number | null>(['integer', 'null'], { minimum: 0 })

/** A string, or null for "absent" (clients serialising optional fields often send null). */
export const NullableString = TypeUnion<string | null>(['string', 'null'])

/**
 * Longest accepted string, by kind of field, so an oversized value is a 400 naming the field
 * rather than a row nobody can display. Prompt and response text has no per-field limit: long
 * contexts are legitimately megabytes; the body size limit bounds it.
 */
export const fieldMaxLength = {
  /** trace, span, session, user and request ids. */
  id: 512,
  /** names, models, providers, services, environments, types, statuses. */
  label: 1024,
  /** error messages, descriptions, free-text payload fields. */
  text: 65_536,
  /** log messages and stack traces. */
  longText: 1_048_576,
} as const

/** An id (trace, span, session, user, request), or null; at most 512 characters. */
export const NullableId = TypeUnion<string | null>(['string', 'null'], {
  maxLength: fieldMaxLength.id,
})

/** A name, model, provider, type or status, or null; at most 1024 characters. */
export const NullableLabel = TypeUnion<string | null>(['string', 'null'], {
  maxLength: fieldMaxLength.label,
})

/** Free text (an error message, a description), or null; at most 65,536 characters. */
export const NullableText = TypeUnion<string | null>(['string', 'null'], {
  maxLength: fieldMaxLength.text,
})

/** A log message or stack trace, or null; at most 1,048,576 characters. */
export const NullableLongText = TypeUnion<string | null>(['string', 'null'], {
  maxLength: fieldMaxLength.longText,
})

/** Free-form key/value data. */
export const AnyRecord = Type.Record(Type.String(), Type.Unknown())

/** Tag values: strings, numbers and booleans are stored as strings. */
export const TagValues = Type.Record(
  Type.String(),
  TypeUnion<string | number | boolean>(['string', 'number', 'boolean'], {
    maxLength: fieldMaxLength.label,
  }),
  { propertyNames: { maxLength: fieldMaxLength.label } },
)

/** Re-exported so builders elsewhere in this package need one import. */
export type { TSchema }
