import type { AnalyticsEvent, LogRecord, MetricPoint, Score, Span } from '@llm-observatory/core'
import {
  makeEvent,
  makeLog,
  makeMetricPoint,
  makeScore,
  makeSpan,
  randomProjectId,
} from '@llm-observatory/testkit'

/** 2025-06-01T00:00:00Z in µs: the fixture's first day. */
export const fixtureStartUs = 1_748_736_000_000_000
export const hourUs = 3_600_000_000
export const dayUs = 24 * hourUs
/** The fixture spans this many days from fixtureStartUs. */
export const fixtureDays = 5

export const fixtureModels = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4', 'gemini-2.5-pro']
export const fixtureTags = ['prod', 'beta', 'vip', 'eval']
export const fixtureTiers = ['free', 'pro', 'enterprise']

export interface QueryFixture {
  /** Three random projects; the first holds most rows. */
  projects: [string, string, string]
  /** Write batches in order: a trace's spans may be split over two batches (root last). */
  batches: Span[][]
  spans: Span[]
  logs: LogRecord[]
  metrics: MetricPoint[]
  events: AnalyticsEvent[]
  scores: Score[]
}

/** Deterministic small PRNG (mulberry32), so a failing comparison can be reproduced. */
function makeRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function hex(random: () => number, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16)
  return out
}

/**
 * Generated rows for query tests: traces of an agent root (a wrapper whose usage repeats its
 * children's, `countsUsage` false) with 1–4 children (LLM calls, some tools), over five days,
 * in three projects, with nulls in every optional dimension, ~8 % errors, tags, metadata (one
 * key starting with `$`, one with `/`), and prompt text holding LIKE wildcards (`%`, `_`).
 * Plus logs, metric points, events and scores in the same projects and days.
 */
export function makeQueryFixture(seed = 42, tracesPerProject = [500, 150, 100]): QueryFixture {
  const random = makeRandom(seed)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const maybe = <T>(p: number, value: T): T | null => (random() < p ? value : null)
  const projects: [string, string, string] = [
    randomProjectId(),
    randomProjectId(),
    randomProjectId(),
  ]
  const early: Span[] = []
  const late: Span[] = []
  const spans: Span[] = []
  projects.forEach((projectId, p) => {
    for (let t = 0; t < tracesPerProject[p]!; t++) {
      const traceId = hex(random, 32)
      const rootId = hex(random, 16)
      const rootStart = fixtureStartUs + Math.floor(random() * fixtureDays * dayUs)
      const userId = maybe(0.85, `user_${Math.floor(random() * 25)}`)
      const sessionId = maybe(0.6, `sess_${Math.floor(random() * 60)}`)
      const tags = fixtureTags.filter(() => random() < 0.3)
      const tier = maybe(0.7, pick(fixtureTiers))
      const metadata: Record<string, string> = {}
      if (tier !== null) metadata['customer_tier'] = tier
      if (random() < 0.2) metadata['$odd key'] = 'dollar'
      if (random() < 0.2) metadata['a/b'] = 'slash'
      const children: Span[] = []
      let cursor = rootStart + 1000
      const childCount = 1 + Math.floor(random() * 4)
      for (let c = 0; c < childCount; c++) {
        const isTool = random() < 0.25
        const duration = Math.floor(50_000 + random() * 4_000_000)
        const start = cursor
        cursor += duration + Math.floor(random() * 20_000)
        const model = pick(fixtureModels)
        const inputTokens = maybe(0.9, 20 + Math.floor(random() * 3000))
        const outputTokens = maybe(0.9, 5 + Math.floor(random() * 800))
        const isError = random() < 0.08
        const word = random() < 0.15 ? 'Refund' : random() < 0.1 ? '100%_sure' : 'hello'
        children.push(
          makeSpan({
            projectId,
            traceId,
            spanId: hex(random, 16),
            parentSpanId: rootId,
            name: isTool ? 'tool.search' : `chat ${model}`,
            kind: isTool ? 'tool' : 'llm',
            startTimeUs: start,
            endTimeUs: start + duration,
            durationMs: duration / 1000,
            status: isError ? 'error' : random() < 0.5 ? 'ok' : 'unset',
            errorType: isError ? pick(['RateLimitError', 'Timeout']) : null,
            errorMessage: isError ? 'upstream failed' : null,
            serviceName: maybe(0.9, pick(['checkout-api', 'support-bot'])),
            environment: maybe(0.8, pick(['production', 'staging'])),
            provider: isTool ? null : model.startsWith('gpt') ? 'openai' : 'other',
            requestModel: isTool ? null : maybe(0.9, model),
            responseModel: isTool ? null : maybe(0.7, `${model}-2025`),
            inputTokens: isTool ? null : inputTokens,
            outputTokens: isTool ? null : outputTokens,
            totalTokens:
              isTool || inputTokens === null || outputTokens === null
                ? null
                : inputTokens + outputTokens,
            cachedInputTokens: isTool ? null : maybe(0.3, 10),
            reasoningTokens: null,
            costUsd: isTool ? null : maybe(0.85, Math.round(random() * 1e7) / 1e9),
            ttftMs: isTool ? null : maybe(0.6, Math.round(random() * 900 * 1000) / 1000),
            tokensPerSecond: isTool ? null : maybe(0.6, Math.round(random() * 200 * 100) / 100),
            temperature: maybe(0.5, pick([0, 0.2, 0.7, 1])),
            userId,
            sessionId,
            tags,
            metadata,
            attributes: { 'gen_ai.system': model, 'http.status_code': pick([200, 429, 500]) },
            inputMessages: [
              { role: 'user', parts: [{ type: 'text', content: `Please ${word} order ${t}` }] },
            ],
            outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Done.' }] }],
          }),
        )
      }
      // The root wraps the calls and repeats their usage: counted for display, not in totals.
      const wrapperInput = children.reduce((s, c) => s + (c.inputTokens ?? 0), 0)
      const root = makeSpan({
        projectId,
        traceId,
        spanId: rootId,
        parentSpanId: null,
        name: pick(['agent.run', 'support.answer']),
        kind: 'agent',
        startTimeUs: rootStart,
        endTimeUs: cursor + 500,
        durationMs: (cursor + 500 - rootStart) / 1000,
        status: children.some((c) => c.status === 'error') ? 'error' : 'ok',
        errorType: null,
        errorMessage: null,
        serviceName: maybe(0.9, 'checkout-api'),
        environment: maybe(0.8, 'production'),
        provider: null,
        requestModel: null,
        responseModel: null,
        inputTokens: wrapperInput,
        outputTokens: null,
        totalTokens: null,
        costUsd: 1,
        countsUsage: false,
        ttftMs: null,
        tokensPerSecond: null,
        userId,
        sessionId,
        tags,
        metadata,
        inputMessages: null,
        outputMessages: null,
      })
      // A quarter of the traces arrive over two batches, the root in the later one.
      const isSplit = random() < 0.25
      early.push(...children)
      if (isSplit) late.push(root)
      else early.push(root)
      spans.push(root, ...children)
    }
  })
  const batches = [early.slice(0, 900), early.slice(900), late].filter((b) => b.length > 0)

  const logs: LogRecord[] = []
  const metrics: MetricPoint[] = []
  const events: AnalyticsEvent[] = []
  const scores: Score[] = []
  projects.forEach((projectId, p) => {
    const count = [120, 40, 30][p]!
    for (let i = 0; i < count; i++) {
      const timeUs = fixtureStartUs + Math.floor(random() * fixtureDays * dayUs)
      const severity = pick([9, 13, 17, 21] as const)
      logs.push(
        makeLog({
          projectId,
          timeUs,
          observedTimeUs: timeUs + 10,
          severityNumber: severity,
          severityText: ({ 9: 'INFO', 13: 'WARN', 17: 'ERROR', 21: 'CRITICAL' } as const)[severity],
          body: `request ${i} ${severity >= 17 ? 'failed' : 'served'}`,
          serviceName: maybe(0.8, pick(['checkout-api', 'support-bot'])),
          attributes: { route: pick(['/a', '/b']) },
        }),
      )
      metrics.push(
        makeMetricPoint({
          projectId,
          timeUs,
          name: pick(['gpu.util', 'queue.depth']),
          type: 'gauge',
          value: maybe(0.95, Math.round(random() * 10000) / 100),
          count: null,
          min: null,
          max: null,
          bucketCounts: null,
          explicitBounds: null,
          tags: { host: pick(['h1', 'h2']) },
        }),
      )
      events.push(
        makeEvent({
          projectId,
          timeUs,
          eventId: hex(random, 16),
          eventType: pick(['cost', 'security', 'audit'] as const),
          userId: maybe(0.7, `user_${Math.floor(random() * 25)}`),
          payload: { amount: Math.floor(random() * 100) },
        }),
      )
      const dataType = pick(['numeric', 'numeric', 'boolean', 'categorical'] as const)
      scores.push(
        makeScore({
          projectId,
          timeUs,
          scoreId: hex(random, 16),
          name: pick(['helpfulness', 'toxicity']),
          dataType,
          value:
            dataType === 'categorical'
              ? null
              : dataType === 'boolean'
                ? pick([0, 1])
                : Math.round(random() * 1000) / 1000,
          stringValue: dataType === 'categorical' ? pick(['good', 'bad']) : null,
        }),
      )
    }
  })
  return { projects, batches, spans, logs, metrics, events, scores }
}

/** Exact quantile with linear interpolation between closest ranks (percentile_cont). */
export function quantileCont(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const position = q * (sorted.length - 1)
  const lower = Math.floor(position)
  const upper = Math.ceil(position)
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower)
}
