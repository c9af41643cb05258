import type { AnalyticsEvent, LogRecord, MetricPoint, Score, Span } from '@llm-observatory/core'
import { makeWriteBatch } from '@llm-observatory/storage'
import type { OtlpEncoding, OtlpRejections, OtlpSignal } from './otlp/otlp-types.js'
import { defaultValueLimits, type ValueLimits } from './otlp/otlp-values.js'
import { decodeOtlpLogs, decodeOtlpMetrics, decodeOtlpTraces } from './otlp/otlp-decode.js'
import { normalizeOtlpLogs } from './otlp/normalize-logs.js'
import { normalizeOtlpMetrics } from './otlp/normalize-metrics.js'
import { normalizeOtlpTraces } from './normalize/normalize-traces.js'
import { enrichSpans } from './enrich/enrich-spans.js'
import type { PriceCatalog } from './enrich/price-catalog.js'
import type { TokenCounter } from './enrich/token-counter.js'
import type { WriteQueue } from './write-queue.js'
import type { ProjectRedactors } from './redact/project-redactors.js'

export interface IngestPipelineDeps {
  queue: WriteQueue
  prices: PriceCatalog
  tokens: TokenCounter
  limits?: ValueLimits
  /** Microseconds since the epoch; a parameter so tests can fix it. */
  nowUs?: () => number
  /** PII redaction of spans and log records before anything else sees them; absent: off. */
  redaction?: ProjectRedactors
}

/**
 * decode → normalize → redact → enrich → group commit. Every method resolves only after the rows
 * are durable (the write queue's commit), so a caller may acknowledge the sender then. Redaction
 * (when `deps.redaction` is given and the project's policy is on) covers every span and log
 * record, from OTLP and REST alike; metrics, events and scores carry no content.
 */
export class IngestPipeline {
  readonly #deps: IngestPipelineDeps
  readonly #limits: ValueLimits
  readonly #nowUs: () => number

  constructor(deps: IngestPipelineDeps) {
    this.#deps = deps
    this.#limits = deps.limits ?? defaultValueLimits
    this.#nowUs = deps.nowUs ?? (() => Date.now() * 1000)
  }

  /** Ingests one OTLP export request body (already un-gzipped). */
  async ingestOtlp(
    signal: OtlpSignal,
    body: Buffer,
    encoding: OtlpEncoding,
    projectId: string,
  ): Promise<OtlpRejections> {
    const ctx = { projectId, receivedAtUs: this.#nowUs(), limits: this.#limits }
    switch (signal) {
      case 'traces': {
        const { spans, rejected } = normalizeOtlpTraces(decodeOtlpTraces(body, encoding), ctx)
        await this.ingestSpans(spans, { estimateMissingUsage: false })
        return rejected
      }
      case 'logs': {
        const { logs, rejected } = normalizeOtlpLogs(decodeOtlpLogs(body, encoding), ctx)
        await this.#submitLogs(logs)
        return rejected
      }
      case 'metrics': {
        const { points, rejected } = normalizeOtlpMetrics(decodeOtlpMetrics(body, encoding), ctx)
        if (points.length > 0) await this.#deps.queue.submit(makeWriteBatch({ metrics: points }))
        return rejected
      }
    }
  }

  /** Ingests an already decoded request (gRPC hands us decoded messages). */
  async ingestDecoded(
    signal: OtlpSignal,
    request: unknown,
    projectId: string,
  ): Promise<OtlpRejections> {
    const ctx = { projectId, receivedAtUs: this.#nowUs(), limits: this.#limits }
    switch (signal) {
      case 'traces': {
        const { spans, rejected } = normalizeOtlpTraces(request as never, ctx)
        await this.ingestSpans(spans, { estimateMissingUsage: false })
        return rejected
      }
      case 'logs': {
        const { logs, rejected } = normalizeOtlpLogs(request as never, ctx)
        await this.#submitLogs(logs)
        return rejected
      }
      case 'metrics': {
        const { points, rejected } = normalizeOtlpMetrics(request as never, ctx)
        if (points.length > 0) await this.#deps.queue.submit(makeWriteBatch({ metrics: points }))
        return rejected
      }
    }
  }

  /**
   * Redacts, enriches (cost, and estimated tokens unless `estimateMissingUsage` is false) and
   * commits spans from any source. Token estimates count the redacted text.
   */
  async ingestSpans(
    spans: Span[],
    options: { estimateMissingUsage?: boolean } = {},
  ): Promise<void> {
    if (spans.length === 0) return
    if (this.#deps.redaction !== undefined) await this.#deps.redaction.redactSpans(spans)
    await enrichSpans(spans, {
      prices: this.#deps.prices,
      tokens: this.#deps.tokens,
      estimateMissingUsage: options.estimateMissingUsage ?? true,
    })
    await this.#deps.queue.submit(makeWriteBatch({ spans }))
  }

  async ingestRecords(records: {
    logs?: LogRecord[]
    metrics?: MetricPoint[]
    events?: AnalyticsEvent[]
    scores?: Score[]
  }): Promise<void> {
    const logs =
      records.logs !== undefined && records.logs.length > 0 && this.#deps.redaction !== undefined
        ? await this.#deps.redaction.redactLogs(records.logs)
        : records.logs
    const batch = makeWriteBatch({ ...records, logs })
    if (
      batch.logs.length + batch.metrics.length + batch.events.length + batch.scores.length ===
      0
    ) {
      return
    }
    await this.#deps.queue.submit(batch)
  }

  async #submitLogs(logs: LogRecord[]): Promise<void> {
    if (logs.length === 0) return
    const redacted =
      this.#deps.redaction !== undefined ? await this.#deps.redaction.redactLogs(logs) : logs
    await this.#deps.queue.submit(makeWriteBatch({ logs: redacted }))
  }
}
