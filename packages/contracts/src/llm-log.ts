import { Type, type Static } from 'typebox'
import {
  Count,
  NonNegativeNumber,
  NullableString,
  StringEnum,
  TimeInput,
  TypeUnion,
  objectKeywords,
  OpenObject,
  NullableId,
  NullableLabel,
  NullableText,
  fieldMaxLength,
} from './type-union.js'

/**
 * One content part. Accepted shapes (mapped by the ingest REST mapper):
 * OpenAI `{type:'text', text}`, `{type:'image_url', image_url:{url}}`, `{type:'input_audio'}`;
 * Anthropic `{type:'text'|'image'|'tool_use'|'tool_result'|'thinking', …}`; the GenAI semconv
 * parts `{type:'text', content}`, `{type:'tool_call', id, name, arguments}`,
 * `{type:'tool_call_response', id, response}`. Anything else is kept as an `other` part.
 */
export const ContentPartSchema = OpenObject({
  type: Type.String({ minLength: 1, maxLength: fieldMaxLength.label }),
})

export type ContentPart = Static<typeof ContentPartSchema>

/** OpenAI `tool_calls[i]`; `arguments` is usually a JSON string. */
export const ToolCallSchema = OpenObject({
  id: Type.Optional(NullableId),
  type: Type.Optional(Type.String({ maxLength: fieldMaxLength.label })),
  function: Type.Optional(
    Type.Object({
      name: Type.String({ maxLength: fieldMaxLength.label }),
      arguments: Type.Optional(Type.Unknown()),
    }),
  ),
  /** Flattened form (`{id, name, arguments}`), as some SDKs log it. */
  name: Type.Optional(Type.String({ maxLength: fieldMaxLength.label })),
  arguments: Type.Optional(Type.Unknown()),
})

/**
 * A chat message, OpenAI style: `{ role, content, tool_calls?, tool_call_id?, name? }`, where
 * `content` is a string, a list of parts, or null (assistant turns that only call tools).
 * `parts` (the GenAI semconv model) is accepted instead of `content`.
 */
export const ChatMessageSchema = OpenObject({
  role: Type.String({ minLength: 1, maxLength: fieldMaxLength.label }),
  content: Type.Optional(
    TypeUnion<string | null | ContentPart[]>(['string', 'array', 'null'], {
      items: ContentPartSchema,
    }),
  ),
  parts: Type.Optional(Type.Array(ContentPartSchema)),
  tool_calls: Type.Optional(
    TypeUnion<Static<typeof ToolCallSchema>[] | null>(['array', 'null'], { items: ToolCallSchema }),
  ),
  function_call: Type.Optional(
    TypeUnion<{ name: string; arguments?: unknown } | null>(['object', 'null'], {
      required: ['name'],
      properties: { name: { type: 'string', maxLength: fieldMaxLength.label } },
    }),
  ),
  tool_call_id: Type.Optional(NullableId),
  name: Type.Optional(NullableLabel),
  finish_reason: Type.Optional(NullableLabel),
})
export type ChatMessage = Static<typeof ChatMessageSchema>

/**
 * Token usage under any of the names providers use; the mapper reads them into our contract
 * (input includes cached, output includes reasoning):
 * - ours: `input`, `output`, `total`, `cached`, `cache_write`, `reasoning`;
 * - OpenAI Chat Completions: `prompt_tokens` (incl. cached), `completion_tokens` (incl.
 *   reasoning), `prompt_tokens_details.cached_tokens`, `completion_tokens_details.reasoning_tokens`;
 * - OpenAI Responses: `input_tokens`, `output_tokens`, `input_tokens_details`, `output_tokens_details`;
 * - Anthropic: `input_tokens` **excluding** cache plus `cache_read_input_tokens` and
 *   `cache_creation_input_tokens` (recognised by those two names and added to input);
 * - flat: `cached_tokens`, `reasoning_tokens`, `cache_write_tokens`.
 * Unknown counts stay null, never 0.
 */
export const LlmUsageSchema = OpenObject({
  input: Type.Optional(Count),
  output: Type.Optional(Count),
  total: Type.Optional(Count),
  cached: Type.Optional(Count),
  cache_write: Type.Optional(Count),
  reasoning: Type.Optional(Count),
  prompt_tokens: Type.Optional(Count),
  completion_tokens: Type.Optional(Count),
  total_tokens: Type.Optional(Count),
  input_tokens: Type.Optional(Count),
  output_tokens: Type.Optional(Count),
  cached_tokens: Type.Optional(Count),
  reasoning_tokens: Type.Optional(Count),
  cache_write_tokens: Type.Optional(Count),
  cache_read_input_tokens: Type.Optional(Count),
  cache_creation_input_tokens: Type.Optional(Count),
  prompt_tokens_details: Type.Optional(
    TypeUnion<{ cached_tokens?: number | null } | null>(['object', 'null'], {
      properties: { cached_tokens: Count },
    }),
  ),
  completion_tokens_details: Type.Optional(
    TypeUnion<{ reasoning_tokens?: number | null } | null>(['object', 'null'], {
      properties: { reasoning_tokens: Count },
    }),
  ),
  input_tokens_details: Type.Optional(
    TypeUnion<{ cached_tokens?: number | null } | null>(['object', 'null'], {
      properties: { cached_tokens: Count },
    }),
  ),
  output_tokens_details: Type.Optional(
    TypeUnion<{ reasoning_tokens?: number | null } | null>(['object', 'null'], {
      properties: { reasoning_tokens: Count },
    }),
  ),
})
export type LlmUsage = Static<typeof LlmUsageSchema>

/**
 * A provider's response object, logged as is: an OpenAI chat completion (`choices`, `usage`,
 * `model`, `id`), an Anthropic message (`type:'message'`, `content` blocks, `stop_reason`,
 * `usage`) or a single assistant message (`role`, `content`, `tool_calls`).
 */
export const LlmResponseObjectSchema = OpenObject({
  id: Type.Optional(NullableId),
  model: Type.Optional(NullableLabel),
  type: Type.Optional(NullableLabel),
  role: Type.Optional(NullableLabel),
  content: Type.Optional(
    TypeUnion<string | null | ContentPart[]>(['string', 'array', 'null'], {
      items: ContentPartSchema,
    }),
  ),
  tool_calls: Type.Optional(
    TypeUnion<Static<typeof ToolCallSchema>[] | null>(['array', 'null'], { items: ToolCallSchema }),
  ),
  choices: Type.Optional(
    Type.Array(
      Type.Object({
        index: Type.Optional(Type.Integer({ minimum: 0 })),
        message: Type.Optional(ChatMessageSchema),
        text: Type.Optional(NullableString),
        finish_reason: Type.Optional(NullableLabel),
      }),
    ),
  ),
  stop_reason: Type.Optional(NullableLabel),
  finish_reason: Type.Optional(NullableLabel),
  usage: Type.Optional(
    TypeUnion<LlmUsage | null>(['object', 'null'], objectKeywords(LlmUsageSchema)),
  ),
})
export type LlmResponseObject = Static<typeof LlmResponseObjectSchema>

/** Request parameters; the ones not named here are kept as `gen_ai.request.<name>` attributes. */
const llmParamsProperties = {
  temperature: Type.Optional(NonNegativeNumber),
  top_p: Type.Optional(NonNegativeNumber),
  max_tokens: Type.Optional(Count),
  max_completion_tokens: Type.Optional(Count),
  max_output_tokens: Type.Optional(Count),
  stream: Type.Optional(TypeUnion<boolean | null>(['boolean', 'null'])),
}
export const LlmParamsSchema = OpenObject(llmParamsProperties)

/** Parameter names `LlmParamsSchema` reads into span fields; others become attributes. */
export const llmParamsFields: ReadonlySet<string> = new Set(Object.keys(llmParamsProperties))

/** The latency breakdown of seed 001 (`LatencyBreakdown`), milliseconds. */
export const LatencyBreakdownSchema = Type.Object({
  queue_time_ms: Type.Optional(NonNegativeNumber),
  processing_time_ms: Type.Optional(NonNegativeNumber),
  network_time_ms: Type.Optional(NonNegativeNumber),
  other_ms: Type.Optional(NonNegativeNumber),
  queue_ms: Type.Optional(NonNegativeNumber),
  processing_ms: Type.Optional(NonNegativeNumber),
  network_ms: Type.Optional(NonNegativeNumber),
})

/** A reported cost split; a bare number in `cost` is the total. */
export const LlmCostSchema = Type.Object({
  total_usd: Type.Optional(NonNegativeNumber),
  input_usd: Type.Optional(NonNegativeNumber),
  output_usd: Type.Optional(NonNegativeNumber),
  total: Type.Optional(NonNegativeNumber),
  input: Type.Optional(NonNegativeNumber),
  output: Type.Optional(NonNegativeNumber),
})

const ErrorObjectSchema = Type.Object({
  type: Type.Optional(NullableLabel),
  code: Type.Optional(
    TypeUnion<string | number | null>(['string', 'number', 'null'], {
      maxLength: fieldMaxLength.label,
    }),
  ),
  message: Type.Optional(NullableText),
})

/**
 * `POST /api/v1/ingest/llm`: one LLM call, as an application logs it (seeds 002–004). Every
 * field is optional; the aliases below are accepted because the seeds and common SDKs use
 * them. Fields not listed are accepted and kept as span attributes under their own name.
 *
 * - content: `messages` (OpenAI style), or `prompt` (text or messages) plus `system`; `input`
 *   (text or texts, embeddings); output: `response` (text or a provider response object),
 *   `completion` (text), or `output_messages`; `tools` (definitions).
 * - tokens: `usage` / `tokens` (see `LlmUsageSchema`) or flat `prompt_tokens`, `input_tokens`, …
 * - time: `start_time` / `end_time`, or `timestamp` (= when the call ended) with `latency_ms`
 *   (aliases `response_time_ms`, `total_latency_ms`, `duration_ms`); none: the receive time.
 * - status: `success: false`, `status: 'error'`, `error` (text or `{type, code, message}`),
 *   `error_type`, `error_message` mark the call failed.
 * - ids: `trace_id`, `span_id`, `parent_span_id` in any form (hex, UUID, any string, mapped
 *   deterministically); else derived from `request_id`; else random.
 *
 * @example { "provider": "openai", "model": "gpt-4o", "messages": [{ "role": "user", "content": "Hi" }],
 *   "response": "Hello!", "usage": { "prompt_tokens": 9, "completion_tokens": 3 }, "latency_ms": 812 }
 */
const llmLogProperties = {
  trace_id: Type.Optional(NullableId),
  span_id: Type.Optional(NullableId),
  parent_span_id: Type.Optional(NullableId),
  request_id: Type.Optional(NullableId),
  name: Type.Optional(NullableLabel),
  kind: Type.Optional(StringEnum(['llm', 'embedding'])),
  operation: Type.Optional(NullableLabel),

  provider: Type.Optional(NullableLabel),
  model: Type.Optional(NullableLabel),
  model_name: Type.Optional(NullableLabel),
  request_model: Type.Optional(NullableLabel),
  response_model: Type.Optional(NullableLabel),
  model_version: Type.Optional(NullableLabel),

  messages: Type.Optional(Type.Array(ChatMessageSchema)),
  prompt: Type.Optional(
    TypeUnion<string | ChatMessage[] | null>(['string', 'array', 'null'], {
      items: ChatMessageSchema,
    }),
  ),
  system: Type.Optional(NullableString),
  input: Type.Optional(
    TypeUnion<string | string[] | null>(['string', 'array', 'null'], {
      items: { type: 'string' },
    }),
  ),
  response: Type.Optional(
    TypeUnion<string | LlmResponseObject | null>(
      ['string', 'object', 'null'],
      objectKeywords(LlmResponseObjectSchema),
    ),
  ),
  completion: Type.Optional(NullableString),
  output_messages: Type.Optional(Type.Array(ChatMessageSchema)),
  tools: Type.Optional(Type.Array(Type.Unknown())),
  finish_reason: Type.Optional(NullableLabel),

  usage: Type.Optional(
    TypeUnion<LlmUsage | null>(['object', 'null'], objectKeywords(LlmUsageSchema)),
  ),
  tokens: Type.Optional(
    TypeUnion<LlmUsage | null>(['object', 'null'], objectKeywords(LlmUsageSchema)),
  ),
  prompt_tokens: Type.Optional(Count),
  completion_tokens: Type.Optional(Count),
  total_tokens: Type.Optional(Count),
  input_tokens: Type.Optional(Count),
  output_tokens: Type.Optional(Count),
  cached_tokens: Type.Optional(Count),
  reasoning_tokens: Type.Optional(Count),

  start_time: Type.Optional(TimeInput),
  end_time: Type.Optional(TimeInput),
  timestamp: Type.Optional(TimeInput),
  latency_ms: Type.Optional(NonNegativeNumber),
  response_time_ms: Type.Optional(NonNegativeNumber),
  total_latency_ms: Type.Optional(NonNegativeNumber),
  duration_ms: Type.Optional(NonNegativeNumber),
  queue_ms: Type.Optional(NonNegativeNumber),
  queue_time_ms: Type.Optional(NonNegativeNumber),
  processing_ms: Type.Optional(NonNegativeNumber),
  processing_time_ms: Type.Optional(NonNegativeNumber),
  network_ms: Type.Optional(NonNegativeNumber),
  network_time_ms: Type.Optional(NonNegativeNumber),
  breakdown: Type.Optional(LatencyBreakdownSchema),
  ttft_ms: Type.Optional(NonNegativeNumber),
  time_to_first_token_ms: Type.Optional(NonNegativeNumber),
  tokens_per_second: Type.Optional(NonNegativeNumber),

  params: Type.Optional(LlmParamsSchema),
  parameters: Type.Optional(LlmParamsSchema),
  temperature: Type.Optional(NonNegativeNumber),
  top_p: Type.Optional(NonNegativeNumber),
  max_tokens: Type.Optional(Count),
  stream: Type.Optional(TypeUnion<boolean | null>(['boolean', 'null'])),

  success: Type.Optional(TypeUnion<boolean | null>(['boolean', 'null'])),
  status: Type.Optional(NullableLabel),
  error: Type.Optional(
    TypeUnion<string | Static<typeof ErrorObjectSchema> | null>(['string', 'object', 'null'], {
      ...objectKeywords(ErrorObjectSchema),
      maxLength: fieldMaxLength.text,
    }),
  ),
  error_type: Type.Optional(NullableLabel),
  error_code: Type.Optional(
    TypeUnion<string | number | null>(['string', 'number', 'null'], {
      maxLength: fieldMaxLength.label,
    }),
  ),
  error_message: Type.Optional(NullableText),

  cost_usd: Type.Optional(NonNegativeNumber),
  total_cost_usd: Type.Optional(NonNegativeNumber),
  cost: Type.Optional(
    TypeUnion<number | Static<typeof LlmCostSchema> | null>(['number', 'object', 'null'], {
      ...objectKeywords(LlmCostSchema),
      minimum: 0,
    }),
  ),

  user_id: Type.Optional(NullableId),
  user: Type.Optional(NullableId),
  session_id: Type.Optional(NullableId),
  tags: Type.Optional(
    TypeUnion<string[] | Record<string, string | number | boolean> | null>(
      ['array', 'object', 'null'],
      {
        items: { type: 'string', maxLength: fieldMaxLength.label },
        propertyNames: { maxLength: fieldMaxLength.label },
        additionalProperties: {
          type: ['string', 'number', 'boolean'],
          maxLength: fieldMaxLength.label,
        },
      },
    ),
  ),
  metadata: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  attributes: Type.Optional(TypeUnion<Record<string, unknown> | null>(['object', 'null'])),
  service_name: Type.Optional(NullableLabel),
  service: Type.Optional(NullableLabel),
  environment: Type.Optional(NullableLabel),
  release: Type.Optional(NullableLabel),
}
export const LlmLogRequest = OpenObject(llmLogProperties)
export type LlmLogRequest = Static<typeof LlmLogRequest>

/** Field names `LlmLogRequest` knows; other fields become attributes. */
export const llmLogRequestFields: ReadonlySet<string> = new Set(Object.keys(llmLogProperties))

const bulkItem = Type.Object({}, { additionalProperties: true, description: 'An LlmLogRequest.' })

/**
 * `POST /api/v1/ingest/llm/bulk`: 1 to 1000 LLM calls, as `{ "logs": [...] }` or a bare array
 * (what a FastAPI-style `List[...]` client sends). The route checks only this outer shape;
 * each item is checked against `LlmLogRequest` on its own, so one bad item fails alone (its
 * result says why) and the others are stored.
 */
export const LlmBulkRequest = TypeUnion<
  { logs: Record<string, unknown>[] } | Record<string, unknown>[]
>(['object', 'array'], {
  required: ['logs'],
  properties: { logs: Type.Array(bulkItem, { minItems: 1, maxItems: 1000 }) },
  items: bulkItem,
  minItems: 1,
  maxItems: 1000,
})
export type LlmBulkRequest = Static<typeof LlmBulkRequest>
