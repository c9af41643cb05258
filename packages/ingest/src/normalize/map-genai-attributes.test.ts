import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { makeEmptySpan, type SpanEvent } from '@llm-observatory/core'
import { linkBatchSpans } from './link-batch-spans.js'
import { mapGenAiAttributes } from './map-genai-attributes.js'

// normalizeOtlpTraces rejects a span as "malformed" when mapping throws; these properties make
// sure the mapping itself never does, so that safety net never hides a mapper bug.

const keys = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.response.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.response.finish_reasons',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.prompt.0.role',
  'gen_ai.prompt.0.content',
  'gen_ai.prompt.1.tool_calls.0.arguments',
  'gen_ai.prompt.x',
  'gen_ai.completion.0.finish_reason',
  'gen_ai.completion.0.content',
  'gen_ai.prompt',
  'llm.input_messages.0.message.role',
  'llm.input_messages.0.message.content',
  'llm.input_messages.0.message.contents.0.message_content.type',
  'llm.input_messages.0.message.contents.0.message_content.image.image.url',
  'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments',
  'llm.output_messages.0.message.tool_calls.0.tool_call',
  'llm.tools.0.tool.json_schema',
  'llm.request.functions.0.name',
  'llm.invocation_parameters',
  'llm.token_count.prompt',
  'openinference.span.kind',
  'input.value',
  'output.value',
  'langfuse.observation.type',
  'langfuse.observation.usage_details',
  'langfuse.observation.cost_details',
  'langfuse.observation.input',
  'langfuse.observation.output',
  'langfuse.observation.completion_start_time',
  'langfuse.observation.level',
  'langfuse.trace.tags',
  'langfuse.trace.metadata.__proto__',
  'ai.operationId',
  'ai.prompt',
  'ai.prompt.messages',
  'ai.prompt.tools',
  'ai.response.toolCalls',
  'ai.response.text',
  'ai.telemetry.metadata.constructor',
  'traceloop.association.properties.__proto__',
  'traceloop.span.kind',
  'metadata',
  'tag.tags',
  'user.id',
  '__proto__',
]

const jsonText = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.constantFrom(
    '[{"role":"user","parts":[{"type":"tool_call","arguments":"{\\"a\\":1}"}]}]',
    '{"messages":[{"role":"assistant","tool_calls":[{"function":{"arguments":"x"}}]}],"tools":5}',
    '[{"type":"tool_use","input":null},{"type":"image","source":{"data":"xx"}}]',
    '{"choices":[{"message":{"content":[1,2]},"finish_reason":"length"}]}',
    '"\\"2026-11-23T06:22:53.067Z\\""',
    '{"input":-1,"output":"7","total":null,"input_cached_tokens":1e309}',
    'null',
  ),
)
const value = fc.oneof(jsonText, fc.anything({ maxDepth: 3, withNullPrototype: true }))
const attrs = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 12 })
const event: fc.Arbitrary<SpanEvent> = fc.record({
  name: fc.constantFrom('exception', 'ai.stream.firstChunk', 'gen_ai.content.prompt', 'x'),
  timeUs: fc.integer(),
  attributes: fc.dictionary(fc.string(), value, { maxKeys: 3 }),
})

describe('mapGenAiAttributes', () => {
  it('never throws on any attribute values, and linking the results never throws either', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(attrs, fc.array(event, { maxLength: 2 })), { maxLength: 4 }),
        (items) => {
          const spans = items.map(([a, events], i) => {
            const span = makeEmptySpan({
              projectId: 'p',
              traceId: 'ab'.repeat(16),
              spanId: String(i).padStart(16, '0'),
              name: 'n',
              startTimeUs: 1_795_413_600_000_000,
              endTimeUs: 1_795_413_601_000_000,
            })
            span.parentSpanId = i > 0 ? String(i - 1).padStart(16, '0') : null
            span.scopeName = i % 2 === 0 ? 'com.anthropic.sdk.typescript' : 'x'
            span.events = events
            mapGenAiAttributes(span, a)
            expect(span.inputTokens === null || span.inputTokens >= 0).toBe(true)
            expect(Object.getPrototypeOf(span.metadata)).toBe(Object.prototype)
            return span
          })
          linkBatchSpans(spans)
        },
      ),
      { numRuns: 300 },
    )
  })
})
