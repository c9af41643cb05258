/**
 * The normalized span: one shape for every instrumentation stack (see
 * ../shared/otel-genai-mapping.md). Unknown values are `null`, never 0.
 *
 * Token contract: `inputTokens` includes cached (read and write) tokens, `outputTokens`
 * includes reasoning tokens. Times are microseconds since the Unix epoch (UTC).
 */
export type SpanKind =
  'llm' | 'embedding' | 'tool' | 'retrieval' | 'agent' | 'chain' | 'http' | 'other'
export type SpanStatus = 'ok' | 'error' | 'unset'
export type FinishReason = 'stop' | 'length' | 'tool_call' | 'content_filter' | 'error'
export type CostSource = 'reported' | 'computed' | 'unknown'

/** One part of a message, following the GenAI semconv parts model. */
export type MessagePart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string | null; name: string; arguments: unknown }
  | { type: 'tool_result'; id: string | null; content: unknown }
  | {
      type: 'media'
      modality: string
      mimeType: string | null
      uri: string | null
      content: string | null
    }
  | { type: 'other'; value: unknown }

export interface Message {
  /** system, user, assistant, tool (or whatever role the sender used, lower-cased). */
  role: string
  parts: MessagePart[]
  name?: string
  finishReason?: FinishReason | null
}

export interface SpanEvent {
  name: string
  timeUs: number
  attributes: Record<string, unknown>
}

export interface Span {
  projectId: string
  traceId: string
  spanId: string
  parentSpanId: string | null
  name: string
  kind: SpanKind
  /** Original OTLP span kind (0..5) or null when the span did not come from OTLP. */
  otelKind: number | null
  startTimeUs: number
  endTimeUs: number
  durationMs: number
  status: SpanStatus
  errorType: string | null
  errorMessage: string | null
  serviceName: string | null
  environment: string | null
  release: string | null
  scopeName: string | null
  scopeVersion: string | null

  provider: string | null
  operation: string | null
  requestModel: string | null
  responseModel: string | null
  inputTokens: number | null
  cachedInputTokens: number | null
  cacheWriteTokens: number | null
  outputTokens: number | null
  reasoningTokens: number | null
  totalTokens: number | null
  usageEstimated: boolean
  /**
   * False for spans whose usage repeats their children's (wrappers such as AI SDK
   * `invoke_agent`, Anthropic SDK transport spans under another library's LLM span):
   * their tokens and cost are kept for display but excluded from totals.
   */
  countsUsage: boolean
  costUsd: number | null
  costInputUsd: number | null
  costOutputUsd: number | null
  costCacheReadUsd: number | null
  costCacheWriteUsd: number | null
  costSource: CostSource | null
  /** e.g. `genai-prices@0.1.8`, `custom:<id>`, `ingested`. */
  priceSource: string | null
  temperature: number | null
  topP: number | null
  maxTokens: number | null
  stream: boolean | null
  ttftMs: number | null
  tokensPerSecond: number | null
  finishReason: FinishReason | null
  inputMessages: Message[] | null
  outputMessages: Message[] | null
  toolDefinitions: unknown[] | null

  userId: string | null
  sessionId: string | null
  tags: string[]
  metadata: Record<string, string>
  attributes: Record<string, unknown>
  resourceAttributes: Record<string, unknown>
  events: SpanEvent[]
  /**
   * PII matches replaced at ingestion in this span (messages, error message, attributes,
   * events); 0 when redaction is off or found nothing.
   */
  redactionCount: number
}

/** Per-trace summary, derived from its spans. */
export interface TraceSummary {
  projectId: string
  traceId: string
  rootName: string | null
  startTimeUs: number
  endTimeUs: number
  durationMs: number
  spanCount: number
  llmCallCount: number
  errorCount: number
  hasError: boolean
  inputTokens: number | null
  outputTokens: number | null
  totalTokens: number | null
  costUsd: number | null
  userId: string | null
  sessionId: string | null
  serviceName: string | null
  environment: string | null
  tags: string[]
}
