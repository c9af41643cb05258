import type { Span, TraceSummary } from '@llm-observatory/core'

/**
 * Gives spans without a user or session the trace's. Ingestion propagates them from ancestors
 * within one export request; spans of the same trace exported in another request (a child
 * flushed before its parent) only meet the trace's values at read time, through the trace
 * summary. Returns new span objects; the inputs are not changed.
 * @example fillTraceContext(detail.spans, detail.trace)
 */
export function fillTraceContext(spans: readonly Span[], trace: TraceSummary): Span[] {
  return spans.map((span) =>
    (span.userId === null && trace.userId !== null) ||
    (span.sessionId === null && trace.sessionId !== null)
      ? {
          ...span,
          userId: span.userId ?? trace.userId,
          sessionId: span.sessionId ?? trace.sessionId,
        }
      : span,
  )
}
