import { randomBytes } from 'node:crypto'
import type {
  AnalyticsEvent,
  ApiKey,
  LogRecord,
  MetricPoint,
  Project,
  Score,
  Span,
} from '@llm-observatory/core'

/** A fresh project id, so tests sharing one database never see each other's rows. */
export function randomProjectId(): string {
  return `proj_${randomBytes(6).toString('hex')}`
}

/** A valid, random 32-hex OTLP trace id. */
export function randomTraceId(): string {
  return randomBytes(16).toString('hex')
}

/** A valid, random 16-hex OTLP span id. */
export function randomSpanId(): string {
  return randomBytes(8).toString('hex')
}

/** 2025-06-01T12:00:00Z in microseconds: a fixed, realistic default time. */
export const defaultTimeUs = 1_748_779_200_000_000

/**
 * A fully populated LLM span (every optional field set), so a round trip that drops or
 * renames a field fails. Override what the test is about:
 * @example makeSpan({ projectId, traceId, parentSpanId: null, name: 'agent.run' })
 */
export function makeSpan(overrides: Partial<Span> = {}): Span {
  const startTimeUs = overrides.startTimeUs ?? defaultTimeUs
  const endTimeUs = overrides.endTimeUs ?? startTimeUs + 1_234_567
  return {
    projectId: 'proj_testkit',
    traceId: randomTraceId(),
    spanId: randomSpanId(),
    parentSpanId: randomSpanId(),
    name: 'chat gpt-4o',
    kind: 'llm',
    otelKind: 3,
    startTimeUs,
    endTimeUs,
    durationMs: (endTimeUs - startTimeUs) / 1000,
    status: 'ok',
    errorType: 'none',
    errorMessage: 'no error',
    serviceName: 'checkout-api',
    environment: 'production',
    release: '1.4.2',
    scopeName: 'opentelemetry.instrumentation.openai',
    scopeVersion: '0.40.0',
    provider: 'openai',
    operation: 'chat',
    requestModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    inputTokens: 1200,
    cachedInputTokens: 200,
    cacheWriteTokens: 0,
    outputTokens: 300,
    reasoningTokens: 50,
    totalTokens: 1500,
    usageEstimated: false,
    countsUsage: true,
    costUsd: 0.0065,
    costInputUsd: 0.0025,
    costOutputUsd: 0.003,
    costCacheReadUsd: 0.00025,
    costCacheWriteUsd: 0,
    costSource: 'computed',
    priceSource: 'genai-prices@0.1.8',
    temperature: 0.7,
    topP: 0.95,
    maxTokens: 1024,
    stream: true,
    ttftMs: 250.5,
    tokensPerSecond: 42.25,
    finishReason: 'stop',
    inputMessages: [
      { role: 'system', parts: [{ type: 'text', content: 'You are a helpful assistant.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
    ],
    outputMessages: [
      {
        role: 'assistant',
        parts: [
          {
            type: 'tool_call',
            id: 'call_1',
            name: 'get_weather',
            arguments: { city: 'Paris' },
          },
        ],
        finishReason: 'tool_call',
      },
    ],
    toolDefinitions: [
      {
        name: 'get_weather',
        description: 'Current weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } } },
      },
    ],
    userId: 'user-42',
    sessionId: 'session-7',
    tags: ['checkout', 'beta'],
    metadata: { tenant: 'acme' },
    attributes: { 'gen_ai.system': 'openai', 'http.status_code': 200, 'app.flags': [1, 2] },
    resourceAttributes: { 'service.name': 'checkout-api', 'host.name': 'web-1' },
    events: [{ name: 'gen_ai.content.prompt', timeUs: startTimeUs + 10, attributes: { index: 0 } }],
    redactionCount: 2,
    ...overrides,
  }
}

/** An OTLP-style log record correlated to a span. */
export function makeLog(overrides: Partial<LogRecord> = {}): LogRecord {
  return {
    projectId: 'proj_testkit',
    timeUs: defaultTimeUs,
    observedTimeUs: defaultTimeUs + 5,
    traceId: randomTraceId(),
    spanId: randomSpanId(),
    severityNumber: 9,
    severityText: 'INFO',
    body: { message: 'tool call finished', durationMs: 12 },
    eventName: 'tool.finished',
    serviceName: 'checkout-api',
    logger: 'app.tools',
    attributes: { 'tool.name': 'get_weather' },
    resourceAttributes: { 'service.name': 'checkout-api' },
    ...overrides,
  }
}

/** A histogram metric point (every field set). */
export function makeMetricPoint(overrides: Partial<MetricPoint> = {}): MetricPoint {
  return {
    projectId: 'proj_testkit',
    name: 'gen_ai.client.token.usage',
    description: 'Measures number of input and output tokens used',
    unit: '{token}',
    type: 'histogram',
    timeUs: defaultTimeUs,
    startTimeUs: defaultTimeUs - 60_000_000,
    value: 1500,
    count: 3,
    min: 100,
    max: 1200,
    bucketCounts: [0, 1, 2, 0],
    explicitBounds: [1, 100, 1000],
    temporality: 2,
    serviceName: 'checkout-api',
    tags: { 'gen_ai.token.type': 'input' },
    resourceAttributes: { 'service.name': 'checkout-api' },
    ...overrides,
  }
}

/** A cost analytics event (seed 000/001 shape). */
export function makeEvent(overrides: Partial<AnalyticsEvent> = {}): AnalyticsEvent {
  return {
    projectId: 'proj_testkit',
    eventId: `evt_${randomBytes(8).toString('hex')}`,
    timeUs: defaultTimeUs,
    sourceModule: 'cost-tracker',
    eventType: 'cost',
    schemaVersion: '1.0',
    severity: 'info',
    environment: 'production',
    traceId: randomTraceId(),
    spanId: randomSpanId(),
    correlationId: 'corr-1',
    parentEventId: null,
    userId: 'user-42',
    sessionId: 'session-7',
    tags: { team: 'payments' },
    payload: { amount_usd: 0.0065, model: 'gpt-4o', breakdown: { input: 0.0025 } },
    ...overrides,
  }
}

/** A numeric evaluation score on a trace. */
export function makeScore(overrides: Partial<Score> = {}): Score {
  return {
    projectId: 'proj_testkit',
    scoreId: `score_${randomBytes(8).toString('hex')}`,
    timeUs: defaultTimeUs,
    traceId: randomTraceId(),
    spanId: null,
    sessionId: null,
    name: 'helpfulness',
    dataType: 'numeric',
    value: 0.875,
    stringValue: null,
    comment: 'judged by eval suite',
    source: 'eval',
    ...overrides,
  }
}

export function makeProject(overrides: Partial<Project> = {}): Project {
  return {
    id: randomProjectId(),
    name: 'Test project',
    createdAtUs: defaultTimeUs,
    isDefault: false,
    ...overrides,
  }
}

/** An API key row; `secretHash` is a random 64-hex stand-in for SHA-256 of a secret. */
export function makeApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  const suffix = randomBytes(8).toString('hex')
  return {
    id: `key_${suffix}`,
    projectId: 'proj_testkit',
    publicKey: `pk-lo-${suffix}`,
    secretHash: randomBytes(32).toString('hex'),
    secretPrefix: 'sk-lo-ab',
    name: 'ingest key',
    createdAtUs: defaultTimeUs,
    lastUsedAtUs: null,
    revokedAtUs: null,
    ...overrides,
  }
}
