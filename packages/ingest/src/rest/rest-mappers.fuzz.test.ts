import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isObservatoryError, isSpanId, isTraceId, type Span } from '@llm-observatory/core'
import {
  AnalyticsEventInput,
  AppLogEntry,
  CustomMetric,
  LlmLogRequest,
  SystemMetrics,
  matchesContract,
} from '@llm-observatory/contracts'
import { randomProjectId } from '@llm-observatory/testkit'
import { mapAnalyticsEvents } from './map-analytics-events.js'
import { mapAppLogs } from './map-app-logs.js'
import { mapLlmBulk } from './map-llm-bulk.js'
import { mapLlmLog } from './map-llm-log.js'
import { mapMetrics } from './map-metrics.js'

const ctx = { projectId: randomProjectId(), receivedAtUs: 1_748_779_200_000_000 }

interface JsonSchemaLike {
  type?: string | string[]
  properties?: Record<string, JsonSchemaLike>
  items?: JsonSchemaLike
  anyOf?: JsonSchemaLike[]
  enum?: string[]
  patternProperties?: Record<string, JsonSchemaLike>
}

const json = fc.jsonValue({ maxDepth: 2 })
const plausibleStrings = fc.constantFrom(
  '',
  'user',
  'assistant',
  'tool',
  'error',
  'success',
  'openai',
  '2025-06-01T12:00:00Z',
  '2025-02-30T00:00:00Z',
  '1748779200000',
  '4bf92f3577b34da6a3ce929d0e0e4736',
  '1.0.0',
  '2.0',
  'telemetry',
  'latency',
  'threat',
  '__proto__',
  'constructor',
  'WARNING',
)

/**
 * Values shaped like `schema` most of the time, with wrong types and JSON noise mixed in, so
 * runs reach both the mapping code (schema-valid bodies) and the validation paths.
 */
function arbitraryFor(schema: JsonSchemaLike, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 4) return json
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((s) => arbitraryFor(s, depth + 1)))
  const types =
    schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type]
  if (types.length === 0) return json
  const shaped = types.map((t): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'string':
        return schema.enum
          ? fc.constantFrom(...schema.enum)
          : fc.oneof(plausibleStrings, fc.string())
      case 'integer':
        return fc.oneof(
          fc.integer({ min: -3, max: 50 }),
          fc.constantFrom(0, 1_748_779_200, 1_748_779_200_000),
        )
      case 'number':
        return fc.oneof(
          fc.double({ min: -10, max: 1e13, noNaN: true, noDefaultInfinity: true }),
          fc.constantFrom(0, 100, 1_748_779_200.5),
        )
      case 'boolean':
        return fc.boolean()
      case 'null':
        return fc.constant(null)
      case 'array':
        return fc.array(schema.items ? arbitraryFor(schema.items, depth + 1) : json, {
          maxLength: 3,
        })
      case 'object': {
        if (!schema.properties)
          return fc.dictionary(fc.oneof(plausibleStrings, fc.string()), json, { maxKeys: 3 })
        const model: Record<string, fc.Arbitrary<unknown>> = {}
        for (const [k, v] of Object.entries(schema.properties))
          model[k] = arbitraryFor(v, depth + 1)
        return fc.record(model, { requiredKeys: [] })
      }
      default:
        return json
    }
  })
  return fc.oneof({ arbitrary: fc.oneof(...shaped), weight: 6 }, { arbitrary: json, weight: 1 })
}

function expectOnlyObservatoryErrors(fn: () => unknown): unknown {
  try {
    return fn()
  } catch (err) {
    expect(isObservatoryError(err), String(err)).toBe(true)
    return undefined
  }
}

function checkSpanInvariants(span: Span): void {
  expect(isTraceId(span.traceId)).toBe(true)
  expect(isSpanId(span.spanId)).toBe(true)
  expect(span.endTimeUs).toBeGreaterThanOrEqual(span.startTimeUs)
  expect(Number.isInteger(span.startTimeUs)).toBe(true)
  for (const n of [span.inputTokens, span.outputTokens, span.totalTokens, span.cachedInputTokens]) {
    if (n !== null) expect(Number.isInteger(n) && n >= 0).toBe(true)
  }
  if (span.inputTokens !== null && span.cachedInputTokens !== null) {
    expect(span.cachedInputTokens).toBeLessThanOrEqual(span.inputTokens)
  }
  expect(Object.getPrototypeOf(span.attributes)).toBe(Object.prototype)
  expect(Object.getPrototypeOf(span.metadata)).toBe(Object.prototype)
}

const llmLogs = arbitraryFor(LlmLogRequest as JsonSchemaLike)
const appLogs = arbitraryFor(AppLogEntry as JsonSchemaLike)
const metrics = fc.oneof(
  arbitraryFor(CustomMetric as JsonSchemaLike),
  arbitraryFor(SystemMetrics as JsonSchemaLike),
)
const events = arbitraryFor(AnalyticsEventInput as JsonSchemaLike)
const anyJson = fc.jsonValue({ maxDepth: 4 })

describe('REST mappers on random input', () => {
  it('mapLlmLog maps every schema-valid log to a sane span or throws an ObservatoryError', () => {
    let valid = 0
    fc.assert(
      fc.property(fc.oneof(llmLogs, anyJson), (body) => {
        if (matchesContract(LlmLogRequest, body)) valid++
        const span = expectOnlyObservatoryErrors(() => mapLlmLog(body as LlmLogRequest, ctx))
        if (span) checkSpanInvariants(span as Span)
      }),
      { numRuns: 400 },
    )
    // The generator must reach the mapping code, not only the schema check.
    expect(valid).toBeGreaterThan(50)
  })

  it('mapLlmBulk answers one result per item and never throws for a well-formed batch', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(llmLogs, anyJson), { minLength: 1, maxLength: 5 }), (logs) => {
        const objects = logs.map((l): Record<string, unknown> =>
          typeof l === 'object' && l !== null && !Array.isArray(l)
            ? (l as Record<string, unknown>)
            : { value: l },
        )
        const { spans, items } = mapLlmBulk({ logs: objects }, ctx)
        expect(items.map((i) => i.index)).toEqual(objects.map((_, i) => i))
        expect(spans).toHaveLength(items.filter((i) => i.status === 'success').length)
      }),
      { numRuns: 200 },
    )
  })

  it('mapAppLogs, mapMetrics and mapAnalyticsEvents throw nothing but ObservatoryError', () => {
    fc.assert(
      fc.property(
        fc.oneof(appLogs, fc.record({ logs: fc.array(appLogs, { maxLength: 3 }) }), anyJson),
        fc.oneof(metrics, fc.record({ metrics: fc.array(metrics, { maxLength: 3 }) }), anyJson),
        fc.oneof(events, fc.record({ events: fc.array(events, { maxLength: 3 }) }), anyJson),
        (app, metric, event) => {
          expectOnlyObservatoryErrors(() => mapAppLogs(app as never, ctx))
          expectOnlyObservatoryErrors(() => mapMetrics(metric as never, ctx))
          expectOnlyObservatoryErrors(() => mapAnalyticsEvents(event as never, ctx))
        },
      ),
      { numRuns: 300 },
    )
  })

  it('keeps __proto__ and constructor keys as plain data', () => {
    const body = JSON.parse(
      '{"__proto__":{"polluted":1},"constructor":"x","metadata":{"__proto__":"m"},' +
        '"params":{"constructor":1,"__proto__":2},"tags":{"__proto__":"t"}}',
    ) as LlmLogRequest
    const span = mapLlmLog(body, ctx)
    expect(Object.hasOwn(span.attributes, '__proto__')).toBe(true)
    expect(span.attributes['constructor']).toBe('x')
    expect(span.attributes['gen_ai.request.constructor']).toBe(1)
    expect(span.metadata).toEqual(JSON.parse('{"__proto__":"m"}'))
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    const [log] = mapAppLogs(
      JSON.parse('{"message":"m","__proto__":{"x":1},"level":"info"}') as never,
      ctx,
    )
    expect(Object.hasOwn(log?.attributes ?? {}, '__proto__')).toBe(true)
  })
})
