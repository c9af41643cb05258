import { Type, type Static } from 'typebox'
import {
  customRedactionPatternName,
  maxCustomRedactionPatternLength,
  redactionDetectorNames,
} from '@llm-observatory/core'
import { StringEnum } from './type-union.js'

/** `redact`: `[REDACTED:EMAIL]`; `hash`: `[EMAIL:<12 hex of HMAC-SHA256>]`, equal values stay joinable. */
export const RedactionModeSchema = StringEnum(['redact', 'hash'], {
  description:
    'redact replaces a match with [REDACTED:EMAIL]; hash with [EMAIL:<12 hex>], the start of ' +
    'an HMAC-SHA256 under a per-project key, so equal values stay joinable (default redact).',
})

/** On/off per built-in detector; a detector not named is on. */
export const RedactionDetectorsSchema = Type.Object(
  Object.fromEntries(redactionDetectorNames.map((name) => [name, Type.Optional(Type.Boolean())])),
  {
    additionalProperties: false,
    description: `On/off per detector (${redactionDetectorNames.join(', ')}); unnamed ones are on.`,
  },
)

/** A project's own pattern, RE2 syntax; its matches are labelled with the name upper-cased. */
export const CustomRedactionPatternSchema = Type.Object(
  {
    name: Type.String({
      pattern: customRedactionPatternName,
      description:
        'Lower-case snake_case; the label is the name upper-cased ([REDACTED:EMPLOYEE_ID]).',
    }),
    pattern: Type.String({
      minLength: 1,
      maxLength: maxCustomRedactionPatternLength,
      description:
        'RE2 syntax (no backreferences or lookaround), run in linear time; must not match the empty text.',
    }),
  },
  { additionalProperties: false },
)

/**
 * PII redaction rules, the API form of core's `RedactionPolicy` (snake_case): applied at
 * ingestion to prompts, responses, tool calls and results, error messages, content-bearing
 * attributes and log bodies, before anything is stored. Only `enabled` is required: `{ "enabled":
 * true }` turns every built-in detector on in `redact` mode. What a schema cannot check (custom
 * patterns compile as RE2, unique names, `*` only at the end of an attribute key) is checked by
 * `checkRedactionPolicy` in `@llm-observatory/ingest`.
 *
 * @example { "enabled": true, "mode": "hash", "detectors": { "ipv4": false },
 *   "custom_patterns": [{ "name": "employee_id", "pattern": "EMP-[0-9]{6}" }] }
 */
export const RedactionPolicySchema = Type.Object(
  {
    enabled: Type.Boolean(),
    mode: Type.Optional(RedactionModeSchema),
    detectors: Type.Optional(RedactionDetectorsSchema),
    custom_patterns: Type.Optional(Type.Array(CustomRedactionPatternSchema, { maxItems: 50 })),
    attribute_keys: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 300 }), {
        maxItems: 200,
        description:
          'Attribute keys whose values are redacted (exact, or a prefix ending in *); absent: ' +
          'the content-bearing GenAI keys of every supported instrumentation.',
      }),
    ),
  },
  { additionalProperties: false },
)
export type RedactionPolicyJson = Static<typeof RedactionPolicySchema>
