import type { Span } from '@llm-observatory/core'
import { computeTokensPerSecond } from './map-genai-attributes.js'

const anthropicSdkScope = 'com.anthropic.sdk'

/**
 * The rules that need a span's relatives, applied to one export request's spans (parents in
 * another request are not seen; senders batch a trace's spans together in practice). Mutates the
 * spans in place:
 *
 * 1. Anthropic SDK transport spans (mapping doc rule 1): a `com.anthropic.sdk.*` span whose parent
 *    is a model-call span from another scope is the same call seen twice. It stops counting usage,
 *    and its TTFT, stream flag, `anthropic.request.id`, HTTP status, finish reason and cache-aware
 *    usage fill what the parent lacks (OpenLLMetry legacy reports neither cache nor TTFT).
 * 2. Wrappers found through their children (rule 2): a model-call span with a model-call child
 *    that still counts (AI SDK v7 outer `embeddings`, LangChain-over-OpenAI) stops counting.
 * 3. User, session and tags are inherited from the nearest ancestor that has them, else from the
 *    trace's root in this batch (rule/section 4g: OpenInference only tags spans made inside the
 *    context, AI SDK only its LLM spans).
 */
export function linkBatchSpans(spans: Span[]): void {
  if (spans.length < 2) return
  const byId = new Map<string, Span>()
  const rootByTrace = new Map<string, Span>()
  for (const s of spans) {
    if (!byId.has(s.spanId)) byId.set(s.spanId, s)
    if (s.parentSpanId === null && !rootByTrace.has(s.traceId)) rootByTrace.set(s.traceId, s)
  }
  const parentOf = (s: Span): Span | undefined => {
    if (s.parentSpanId === null) return undefined
    const p = byId.get(s.parentSpanId)
    return p !== undefined && p.traceId === s.traceId && p !== s ? p : undefined
  }

  for (const s of spans) {
    if (s.scopeName === null || !s.scopeName.startsWith(anthropicSdkScope)) continue
    const p = parentOf(s)
    if (p !== undefined && isModelCall(p) && p.scopeName !== s.scopeName) {
      mergeTransportChild(p, s)
      s.countsUsage = false
    }
  }
  for (const s of spans) {
    if (!isModelCall(s) || !s.countsUsage) continue
    const p = parentOf(s)
    if (p !== undefined && isModelCall(p)) p.countsUsage = false
  }
  inheritIdentity(spans, parentOf, rootByTrace)
}

function isModelCall(s: Span): boolean {
  return s.kind === 'llm' || s.kind === 'embedding'
}

function mergeTransportChild(parent: Span, child: Span): void {
  parent.ttftMs ??= child.ttftMs
  parent.stream ??= child.stream
  const childKnowsCache = parent.cachedInputTokens === null && child.cachedInputTokens !== null
  if (childKnowsCache || (parent.inputTokens === null && child.inputTokens !== null)) {
    parent.inputTokens = child.inputTokens
    parent.cachedInputTokens = child.cachedInputTokens
    parent.cacheWriteTokens ??= child.cacheWriteTokens
    parent.outputTokens ??= child.outputTokens
    parent.totalTokens =
      parent.inputTokens !== null && parent.outputTokens !== null
        ? parent.inputTokens + parent.outputTokens
        : child.totalTokens
  }
  parent.outputTokens ??= child.outputTokens
  parent.reasoningTokens ??= child.reasoningTokens
  parent.finishReason ??= child.finishReason
  parent.responseModel ??= child.responseModel
  parent.errorType ??= child.errorType
  for (const key of ['anthropic.request.id', 'http.response.status_code']) {
    if (child.attributes[key] !== undefined && parent.attributes[key] === undefined) {
      parent.attributes[key] = child.attributes[key]
    }
  }
  parent.tokensPerSecond = computeTokensPerSecond(parent)
}

function inheritIdentity(
  spans: Span[],
  parentOf: (s: Span) => Span | undefined,
  rootByTrace: Map<string, Span>,
): void {
  const done = new Set<Span>()
  const chain: Span[] = []
  const parents: (Span | undefined)[] = []
  const onChain = new Set<Span>()
  for (const start of spans) {
    // Walk up to a resolved ancestor (or the top), then resolve top-down: iterative, so a
    // sender's 100k-deep chain cannot overflow the stack, and cycles stop at the first repeat.
    chain.length = 0
    parents.length = 0
    onChain.clear()
    let cur: Span | undefined = start
    while (cur !== undefined && !done.has(cur) && !onChain.has(cur)) {
      chain.push(cur)
      onChain.add(cur)
      let p = parentOf(cur)
      if (p === undefined && cur.parentSpanId !== null) {
        const root = rootByTrace.get(cur.traceId)
        p = root !== cur ? root : undefined
      }
      parents.push(p)
      cur = p
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = chain[i] as Span
      const p = parents[i]
      if (p !== undefined && done.has(p)) {
        s.userId ??= p.userId
        s.sessionId ??= p.sessionId
        if (s.tags.length === 0 && p.tags.length > 0) s.tags = [...p.tags]
      }
      done.add(s)
    }
  }
}
