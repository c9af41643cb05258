import type { FinishReason, Span, SpanKind } from '@llm-observatory/core'
import { mapGenAiContent } from './map-genai-content.js'
import { normalizeFinishReason } from './normalize-finish-reason.js'
import { normalizeProvider, providerFromModel } from './normalize-provider.js'
import { setOwn } from '../otlp/otlp-values.js'
import {
  parseJsonLoose,
  parseJsonRecord,
  readBoolean,
  readCount,
  readNumber,
  readString,
  toMetadataString,
} from './read-attribute.js'
import { scanAttributeGroups } from './scan-attribute-groups.js'

interface SpanClass {
  kind: SpanKind
  operation: string | null
  /** Repeats its children's usage (AI7 invoke_agent/step, AI SDK outer spans). */
  isWrapper: boolean
}

const llmOperations = new Set([
  'chat',
  'text_completion',
  'generate_content',
  'completion',
  'completions',
  'responses',
  'create_response',
])
const embeddingOperations = new Set(['embeddings', 'embedding', 'embed'])

/**
 * Fills the GenAI fields of `span` (built by `makeEmptySpan`, with times, status, events and scope
 * already set) from its converted attributes, for every stack of the mapping doc: kind and
 * wrapper flag, provider/operation/models, usage normalized to the token contract (input includes
 * cache, output includes reasoning), reported cost, request parameters, stream and TTFT, finish
 * reason, messages and tools, error details, user/session/tags/metadata. Fields with no source
 * stay null. Mutates `span`; never throws on odd attribute types.
 *
 * Cross-span rules (Anthropic SDK child merge, wrappers detected through their children,
 * user/session inheritance) need the whole batch and live in `normalizeOtlpTraces`.
 */
export function mapGenAiAttributes(span: Span, a: Record<string, unknown>): void {
  const cls = classifySpan(a, span.name, span.scopeName)
  span.kind = cls.kind
  span.operation = cls.operation
  if (cls.isWrapper) span.countsUsage = false
  const isModelCall = cls.kind === 'llm' || cls.kind === 'embedding'
  const isGenAi = isModelCall || cls.isWrapper
  const groups = scanAttributeGroups(a)
  const params =
    parseJsonRecord(a['llm.invocation_parameters']) ??
    parseJsonRecord(a['langfuse.observation.model.parameters'])

  mapModels(span, a, params, isGenAi)
  mapUsage(span, a)
  mapReportedCost(span, a)
  mapParams(span, a, params)
  mapTiming(span, a)

  if (isGenAi || a['gen_ai.input.messages'] !== undefined) {
    const content = mapGenAiContent(a, groups, params, span.events, isModelCall)
    span.inputMessages = content.inputMessages
    span.outputMessages = content.outputMessages
    span.toolDefinitions = content.toolDefinitions
  }
  span.finishReason = mapFinishReason(a, span)
  mapError(span, a)
  if (span.status === 'error' && span.finishReason === null && cls.kind === 'llm') {
    span.finishReason = 'error'
  }
  mapIdentity(span, a, groups.metadata)
}

/** Kind by attribute signature (rule 13): span kind is not a reliable LLM test. */
export function classifySpan(
  a: Record<string, unknown>,
  name: string,
  scopeName: string | null,
): SpanClass {
  const op = readString(a['gen_ai.operation.name'])?.toLowerCase() ?? null
  if (op !== null) {
    if (llmOperations.has(op)) return { kind: 'llm', operation: op, isWrapper: false }
    if (embeddingOperations.has(op)) {
      return { kind: 'embedding', operation: 'embeddings', isWrapper: false }
    }
    if (op === 'execute_tool') return { kind: 'tool', operation: op, isWrapper: false }
    if (op === 'invoke_agent') return { kind: 'agent', operation: op, isWrapper: true }
    if (op === 'create_agent') return { kind: 'agent', operation: op, isWrapper: false }
    if (op === 'agent_step') return { kind: 'chain', operation: op, isWrapper: true }
  }
  const oi = readString(a['openinference.span.kind'])
  if (oi !== null) {
    switch (oi.toUpperCase()) {
      case 'LLM':
        return { kind: 'llm', operation: op ?? 'chat', isWrapper: false }
      case 'EMBEDDING':
        return { kind: 'embedding', operation: op ?? 'embeddings', isWrapper: false }
      case 'TOOL':
        return { kind: 'tool', operation: op ?? 'execute_tool', isWrapper: false }
      case 'RETRIEVER':
      case 'RERANKER':
        return { kind: 'retrieval', operation: op, isWrapper: false }
      case 'AGENT':
        return { kind: 'agent', operation: op, isWrapper: false }
      case 'CHAIN':
        return { kind: 'chain', operation: op, isWrapper: false }
      default:
        return { kind: 'other', operation: op, isWrapper: false }
    }
  }
  const lf = readString(a['langfuse.observation.type'])
  if (lf !== null) {
    switch (lf.toLowerCase()) {
      case 'generation': {
        const model = readString(a['langfuse.observation.model.name']) ?? ''
        return looksLikeEmbedding(name) || looksLikeEmbedding(model)
          ? { kind: 'embedding', operation: 'embeddings', isWrapper: false }
          : { kind: 'llm', operation: 'chat', isWrapper: false }
      }
      case 'embedding':
        return { kind: 'embedding', operation: 'embeddings', isWrapper: false }
      case 'tool':
        return { kind: 'tool', operation: 'execute_tool', isWrapper: false }
      case 'agent':
        return { kind: 'agent', operation: op, isWrapper: false }
      case 'chain':
        return { kind: 'chain', operation: op, isWrapper: false }
      case 'retriever':
        return { kind: 'retrieval', operation: op, isWrapper: false }
      default:
        return { kind: 'other', operation: op, isWrapper: false }
    }
  }
  const aiOp = readString(a['ai.operationId'])
  if (aiOp !== null && aiOp.startsWith('ai.')) {
    if (aiOp.endsWith('.doGenerate') || aiOp.endsWith('.doStream')) {
      return { kind: 'llm', operation: 'chat', isWrapper: false }
    }
    if (aiOp.endsWith('.doEmbed'))
      return { kind: 'embedding', operation: 'embeddings', isWrapper: false }
    if (aiOp === 'ai.toolCall') return { kind: 'tool', operation: 'execute_tool', isWrapper: false }
    return { kind: 'chain', operation: null, isWrapper: true }
  }
  const tl = readString(a['traceloop.span.kind'])
  if (tl !== null) {
    switch (tl.toLowerCase()) {
      case 'tool':
        return { kind: 'tool', operation: 'execute_tool', isWrapper: false }
      case 'agent':
        return { kind: 'agent', operation: op, isWrapper: false }
      default:
        return { kind: 'chain', operation: op, isWrapper: false }
    }
  }
  const requestType = readString(a['llm.request.type'])?.toLowerCase() ?? null
  if (requestType !== null) {
    if (requestType === 'chat') return { kind: 'llm', operation: 'chat', isWrapper: false }
    if (requestType === 'completion') {
      return { kind: 'llm', operation: 'text_completion', isWrapper: false }
    }
    if (requestType.startsWith('embedding')) {
      return { kind: 'embedding', operation: 'embeddings', isWrapper: false }
    }
    if (requestType === 'rerank') return { kind: 'retrieval', operation: op, isWrapper: false }
  }
  if (
    a['gen_ai.request.model'] !== undefined ||
    a['gen_ai.usage.input_tokens'] !== undefined ||
    a['gen_ai.usage.prompt_tokens'] !== undefined
  ) {
    return looksLikeEmbedding(name)
      ? { kind: 'embedding', operation: 'embeddings', isWrapper: false }
      : { kind: 'llm', operation: op ?? 'chat', isWrapper: false }
  }
  if (a['http.request.method'] !== undefined || a['http.method'] !== undefined) {
    return { kind: 'http', operation: op, isWrapper: false }
  }
  // AI SDK v7 names its step spans `step N` under scope `gen_ai` (no operation attribute seen).
  if (scopeName === 'gen_ai' && name.startsWith('step ')) {
    return { kind: 'chain', operation: 'agent_step', isWrapper: true }
  }
  return { kind: 'other', operation: op, isWrapper: false }
}

function looksLikeEmbedding(s: string): boolean {
  return s.toLowerCase().includes('embed')
}

function mapModels(
  span: Span,
  a: Record<string, unknown>,
  params: Record<string, unknown> | null,
  isGenAi: boolean,
): void {
  const lfModel = readString(a['langfuse.observation.model.name'])
  span.requestModel =
    readString(a['gen_ai.request.model']) ??
    readString(a['llm.request.model_name']) ??
    readString(a['ai.model.id']) ??
    readString(a['embedding.model_name']) ??
    readString(params?.model)
  // Langfuse sends one model name: the response model, or the request model on streams. It is
  // stored as what the call answered with, not as a request model nobody sent.
  span.responseModel =
    readString(a['gen_ai.response.model']) ??
    readString(a['llm.response.model_name']) ??
    readString(a['ai.response.model']) ??
    readString(a['llm.model_name']) ??
    lfModel
  span.provider =
    normalizeProvider(a['gen_ai.provider.name']) ??
    normalizeProvider(a['gen_ai.system']) ??
    normalizeProvider(a['llm.provider']) ??
    normalizeProvider(a['llm.system']) ??
    normalizeProvider(a['ai.model.provider']) ??
    (isGenAi ? providerFromModel(span.responseModel ?? span.requestModel) : null)
}

/**
 * Usage per mapping doc 4c and rules 3–4, newer keys first. Langfuse subtracts cached from input
 * and reasoning from output; OpenLLMetry and OpenLIT report Anthropic's raw input (without
 * cache); both are turned back into "input includes cache, output includes reasoning".
 */
function mapUsage(span: Span, a: Record<string, unknown>): void {
  let input =
    readCount(a['gen_ai.usage.input_tokens']) ??
    readCount(a['gen_ai.usage.prompt_tokens']) ??
    readCount(a['llm.token_count.prompt']) ??
    readCount(a['ai.usage.inputTokens']) ??
    readCount(a['ai.usage.promptTokens']) ??
    readCount(a['ai.usage.tokens'])
  let output =
    readCount(a['gen_ai.usage.output_tokens']) ??
    readCount(a['gen_ai.usage.completion_tokens']) ??
    readCount(a['llm.token_count.completion']) ??
    readCount(a['ai.usage.outputTokens']) ??
    readCount(a['ai.usage.completionTokens'])
  let cached =
    readCount(a['gen_ai.usage.cache_read.input_tokens']) ??
    readCount(a['gen_ai.usage.cache_read_input_tokens']) ??
    readCount(a['llm.token_count.prompt_details.cache_read']) ??
    readCount(a['ai.usage.cachedInputTokens']) ??
    readCount(a['ai.usage.inputTokenDetails.cacheReadTokens'])
  let cacheWrite =
    readCount(a['gen_ai.usage.cache_creation.input_tokens']) ??
    readCount(a['gen_ai.usage.cache_write.input_tokens']) ??
    readCount(a['gen_ai.usage.cache_creation_input_tokens']) ??
    readCount(a['llm.token_count.prompt_details.cache_write']) ??
    readCount(a['ai.usage.inputTokenDetails.cacheWriteTokens'])
  let reasoning =
    readCount(a['gen_ai.usage.reasoning.output_tokens']) ??
    readCount(a['gen_ai.usage.reasoning_tokens']) ??
    readCount(a['llm.token_count.completion_details.reasoning']) ??
    readCount(a['ai.usage.reasoningTokens']) ??
    readCount(a['ai.usage.outputTokenDetails.reasoningTokens'])
  let total =
    readCount(a['gen_ai.usage.total_tokens']) ??
    readCount(a['llm.usage.total_tokens']) ??
    readCount(a['llm.token_count.total']) ??
    readCount(a['ai.usage.totalTokens'])

  const lfUsage = parseJsonRecord(a['langfuse.observation.usage_details'])
  if (lfUsage !== null) {
    const lf = readLangfuseUsage(lfUsage)
    input = lf.input
    output = lf.output
    cached = lf.cached
    cacheWrite = lf.cacheWrite
    reasoning = lf.reasoning
    total = lf.total
  } else if (input !== null && (cached !== null || cacheWrite !== null)) {
    const cache = (cached ?? 0) + (cacheWrite ?? 0)
    const rawAnthropic = span.provider === 'anthropic' && reportsRawAnthropicInput(span, a)
    // `input < cache` cannot be an input that includes its cache, whoever sent it.
    if (rawAnthropic || input < cache) {
      input += cache
      if (output !== null) total = input + output
    }
  }
  if (total === null && input !== null) {
    if (output !== null) total = input + output
    else if (span.kind === 'embedding') total = input
  }
  span.inputTokens = input
  span.outputTokens = output
  span.cachedInputTokens = cached
  span.cacheWriteTokens = cacheWrite
  span.reasoningTokens = reasoning
  span.totalTokens = total
}

/** OpenLLMetry (JS) and OpenLIT put Anthropic's `input_tokens` (cache excluded) in input_tokens. */
function reportsRawAnthropicInput(span: Span, a: Record<string, unknown>): boolean {
  const scope = span.scopeName ?? ''
  return (
    scope.startsWith('@traceloop/') ||
    scope.includes('openlit') ||
    a['telemetry.sdk.name'] === 'openlit' ||
    a['llm.request.type'] !== undefined
  )
}

interface Usage {
  input: number | null
  output: number | null
  cached: number | null
  cacheWrite: number | null
  reasoning: number | null
  total: number | null
}

/**
 * Langfuse `usage_details`: keys starting with `input` are input-side and exclusive of each other
 * (`input` + `input_cached_tokens` + `input_audio_tokens`), same for `output`; Anthropic-style
 * `cache_read_input_tokens` / `cache_creation_input_tokens` from manual use are input-side too.
 */
function readLangfuseUsage(u: Record<string, unknown>): Usage {
  let input: number | null = null
  let output: number | null = null
  let cached: number | null = null
  let cacheWrite: number | null = null
  let reasoning: number | null = null
  for (const key in u) {
    const n = readCount(u[key])
    if (n === null) continue
    if (key.startsWith('input') || key === 'prompt_tokens' || key === 'promptTokens') {
      input = (input ?? 0) + n
      if (key === 'input_cached_tokens' || key === 'input_cache_read') cached = (cached ?? 0) + n
      if (key === 'input_cache_creation' || key === 'input_cache_write') {
        cacheWrite = (cacheWrite ?? 0) + n
      }
    } else if (
      key.startsWith('output') ||
      key === 'completion_tokens' ||
      key === 'completionTokens'
    ) {
      output = (output ?? 0) + n
      if (key === 'output_reasoning_tokens' || key === 'output_reasoning') {
        reasoning = (reasoning ?? 0) + n
      }
    } else if (key === 'cache_read_input_tokens') {
      input = (input ?? 0) + n
      cached = (cached ?? 0) + n
    } else if (key === 'cache_creation_input_tokens') {
      input = (input ?? 0) + n
      cacheWrite = (cacheWrite ?? 0) + n
    }
  }
  const total =
    readCount(u.total) ??
    readCount(u.totalTokens) ??
    readCount(u.total_tokens) ??
    (input !== null && output !== null ? input + output : null)
  return { input, output, cached, cacheWrite, reasoning, total }
}

/** Costs the sender computed: OpenLIT `gen_ai.usage.cost`, OpenInference `llm.cost.*`, Langfuse `cost_details`. */
function mapReportedCost(span: Span, a: Record<string, unknown>): void {
  const direct = readCount(a['gen_ai.usage.cost']) ?? readCount(a['llm.cost.total'])
  if (direct !== null) {
    span.costUsd = direct
    span.costInputUsd = readCount(a['llm.cost.prompt'])
    span.costOutputUsd = readCount(a['llm.cost.completion'])
    span.costSource = 'reported'
    span.priceSource = 'ingested'
    return
  }
  const details = parseJsonRecord(a['langfuse.observation.cost_details'])
  if (details === null) return
  let sum = 0
  let seen = false
  for (const key in details) {
    const n = readCount(details[key])
    if (n === null || key === 'total') continue
    sum += n
    seen = true
  }
  const total = readCount(details.total) ?? (seen ? sum : null)
  if (total === null) return
  // The OpenAI wrapper sends all-zero costs on errors and never computes real ones.
  // All zeros count only when the tokens are known zeros too.
  if (total === 0 && sum === 0 && !(span.inputTokens === 0 && span.outputTokens === 0)) return
  span.costUsd = total
  span.costInputUsd = readCount(details.input)
  span.costOutputUsd = readCount(details.output)
  span.costSource = 'reported'
  span.priceSource = 'ingested'
}

function mapParams(
  span: Span,
  a: Record<string, unknown>,
  p: Record<string, unknown> | null,
): void {
  span.temperature =
    readNumber(a['gen_ai.request.temperature']) ??
    readNumber(a['ai.settings.temperature']) ??
    readNumber(p?.temperature)
  span.topP =
    readNumber(a['gen_ai.request.top_p']) ??
    readNumber(a['ai.settings.topP']) ??
    readNumber(p?.top_p) ??
    readNumber(p?.topP)
  span.maxTokens =
    readNumber(a['gen_ai.request.max_tokens']) ??
    readNumber(a['ai.settings.maxOutputTokens']) ??
    readNumber(a['ai.settings.maxTokens']) ??
    readNumber(p?.max_tokens) ??
    readNumber(p?.max_completion_tokens) ??
    readNumber(p?.max_output_tokens) ??
    readNumber(p?.maxTokens)
  const aiOp = readString(a['ai.operationId'])
  span.stream =
    readBoolean(a['gen_ai.request.stream']) ??
    readBoolean(a['gen_ai.request.is_stream']) ??
    readBoolean(a['llm.is_streaming']) ??
    readBoolean(p?.stream) ??
    (aiOp === null ? null : aiSdkStream(aiOp)) ??
    (a['gen_ai.client.operation.time_to_first_chunk'] !== undefined ? true : null)
}

function aiSdkStream(aiOp: string): boolean | null {
  if (aiOp.startsWith('ai.stream')) return true
  if (aiOp.startsWith('ai.generate')) return false
  return null
}

/**
 * TTFT in ms (rule 10): AI7 and ANT send seconds, the AI SDK `ai.*` format milliseconds, Langfuse
 * an absolute time JSON-encoded twice; OpenLIT's server TTFT is used last and only above 5 ms
 * (it reported 1 ms against a real 75 ms).
 */
function mapTiming(span: Span, a: Record<string, unknown>): void {
  let ttft: number | null = null
  const chunkS =
    readNumber(a['gen_ai.client.operation.time_to_first_chunk']) ??
    readNumber(a['gen_ai.response.time_to_first_chunk'])
  if (chunkS !== null) ttft = chunkS * 1000
  if (ttft === null) ttft = readNumber(a['ai.response.msToFirstChunk'])
  if (ttft === null) {
    for (const e of span.events) {
      if (e.name === 'ai.stream.firstChunk') {
        ttft = readNumber(e.attributes['ai.response.msToFirstChunk'])
        break
      }
    }
  }
  if (ttft === null && a['langfuse.observation.completion_start_time'] !== undefined) {
    let v = parseJsonLoose(a['langfuse.observation.completion_start_time'])
    if (typeof v === 'string' && v.startsWith('"')) v = parseJsonLoose(v)
    const ms = typeof v === 'string' ? Date.parse(v) : Number.NaN
    if (Number.isFinite(ms)) ttft = ms - span.startTimeUs / 1000
  }
  if (ttft === null) {
    const ol = readNumber(a['gen_ai.server.time_to_first_token'])
    if (ol !== null && ol > 0.005) ttft = ol * 1000
  }
  span.ttftMs = ttft !== null && ttft >= 0 ? ttft : null
  span.tokensPerSecond = computeTokensPerSecond(span)
}

/** Output tokens over the generation time (duration minus TTFT); null when either is unknown. */
export function computeTokensPerSecond(span: Span): number | null {
  if (span.outputTokens === null || span.ttftMs === null) return null
  const genMs = span.durationMs - span.ttftMs
  return genMs > 0 ? span.outputTokens / (genMs / 1000) : null
}

function mapFinishReason(a: Record<string, unknown>, span: Span): FinishReason | null {
  const fromAttrs =
    normalizeFinishReason(a['gen_ai.response.finish_reasons']) ??
    normalizeFinishReason(a['llm.finish_reason']) ??
    normalizeFinishReason(a['gen_ai.completion.0.finish_reason']) ??
    normalizeFinishReason(a['ai.response.finishReason']) ??
    normalizeFinishReason(a['anthropic.message.stop_reason'])
  if (fromAttrs !== null) return fromAttrs
  for (const m of span.outputMessages ?? []) if (m.finishReason) return m.finishReason
  return null
}

/** Rule 11: Langfuse signals errors only through the observation level. */
function mapError(span: Span, a: Record<string, unknown>): void {
  const level = readString(a['langfuse.observation.level'])
  if (level !== null && level.toUpperCase() === 'ERROR') span.status = 'error'
  span.errorType = readString(a['error.type'])
  if (span.status !== 'error') return
  let exception: Record<string, unknown> | null = null
  for (const e of span.events) {
    if (e.name === 'exception') {
      exception = e.attributes
      break
    }
  }
  span.errorType ??= readString(exception?.['exception.type']) ?? readString(a['exception.type'])
  span.errorMessage ??=
    readString(exception?.['exception.message']) ??
    readString(a['exception.message']) ??
    readString(a['langfuse.observation.status_message'])
}

function mapIdentity(
  span: Span,
  a: Record<string, unknown>,
  metadata: Record<string, string> | null,
): void {
  span.userId =
    readId(a['user.id']) ??
    readId(a['langfuse.user.id']) ??
    readId(a['traceloop.association.properties.user_id']) ??
    readId(a['ai.settings.context.userId']) ??
    readId(a['ai.telemetry.metadata.userId']) ??
    readId(a['enduser.id']) ??
    readId(a['gen_ai.request.user'])
  span.sessionId =
    readId(a['session.id']) ??
    readId(a['langfuse.session.id']) ??
    readId(a['traceloop.association.properties.session_id']) ??
    readId(a['ai.settings.context.sessionId']) ??
    readId(a['ai.telemetry.metadata.sessionId']) ??
    readId(a['gen_ai.conversation.id'])
  if (a['langfuse.trace.tags'] !== undefined || a['tag.tags'] !== undefined) {
    const tags = new Set<string>()
    addTags(tags, a['langfuse.trace.tags'])
    addTags(tags, a['tag.tags'])
    span.tags = [...tags]
  }
  const json = parseJsonRecord(a.metadata)
  if (metadata !== null || json !== null) {
    const out: Record<string, string> = {}
    if (json !== null) for (const key in json) setOwn(out, key, toMetadataString(json[key]))
    if (metadata !== null) for (const key in metadata) setOwn(out, key, metadata[key])
    span.metadata = out
  }
}

function readId(value: unknown): string | null {
  if (typeof value === 'string') return value !== '' ? value : null
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return null
}

function addTags(tags: Set<string>, value: unknown): void {
  const parsed = parseJsonLoose(value)
  if (Array.isArray(parsed)) {
    for (const t of parsed) if (typeof t === 'string' && t !== '') tags.add(t)
  } else if (typeof parsed === 'string' && parsed !== '') {
    tags.add(parsed)
  }
}
