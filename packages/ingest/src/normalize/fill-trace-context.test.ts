import { describe, expect, it } from 'vitest'
import type { TraceSummary } from '@llm-observatory/core'
import { makeSpan } from '@llm-observatory/testkit'
import { fillTraceContext } from './fill-trace-context.js'

const trace: TraceSummary = {
  projectId: 'p',
  traceId: 'a'.repeat(32),
  rootName: 'agent',
  startTimeUs: 1,
  endTimeUs: 2,
  durationMs: 0,
  spanCount: 2,
  llmCallCount: 1,
  errorCount: 0,
  hasError: false,
  inputTokens: null,
  outputTokens: null,
  totalTokens: null,
  costUsd: null,
  userId: 'user-1',
  sessionId: 'sess-1',
  serviceName: null,
  environment: null,
  tags: [],
}

describe('fillTraceContext', () => {
  it('fills a missing user and session from the trace and keeps values a span has', () => {
    const [bare, own] = fillTraceContext(
      [
        makeSpan({ userId: null, sessionId: null }),
        makeSpan({ userId: 'user-2', sessionId: null }),
      ],
      trace,
    )
    expect([bare!.userId, bare!.sessionId]).toEqual(['user-1', 'sess-1'])
    expect([own!.userId, own!.sessionId]).toEqual(['user-2', 'sess-1'])
  })

  it('leaves spans unchanged when the trace has no user or session', () => {
    const span = makeSpan({ userId: null, sessionId: null })
    const [out] = fillTraceContext([span], { ...trace, userId: null, sessionId: null })
    expect(out).toBe(span)
  })
})
