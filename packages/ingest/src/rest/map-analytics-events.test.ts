import { describe, expect, it } from 'vitest'
import { ObservatoryError, type AnalyticsEvent } from '@llm-observatory/core'
import { randomProjectId } from '@llm-observatory/testkit'
import { makeBatchResponse } from './batch-response.js'
import { mapAnalyticsEvents } from './map-analytics-events.js'

const projectId = randomProjectId()
/** 2025-06-01T12:00:00Z */
const noonUs = 1_748_779_200_000_000
const ctx = { projectId, receivedAtUs: noonUs + 1_000_000, randomHex: (n: number) => 'c'.repeat(n) }

const latencyEvent = {
  event_id: '7f0c7b1e-9a0c-4c8e-b1d2-5b6f3c2a1e00',
  timestamp: '2025-06-01T12:00:00Z',
  source_module: 'LlmObservatory',
  event_type: 'Telemetry',
  correlation_id: 'c0ffee00-0000-4000-8000-000000000001',
  schema_version: '1.0.0',
  severity: 'Info',
  environment: 'production',
  tags: { region: 'eu-west-1', canary: false },
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  payload: {
    Latency: {
      model_id: 'gpt-4',
      request_id: 'req-abc123',
      total_latency_ms: 1523.45,
      ttft_ms: 234.12,
      tokens_per_second: 45.6,
      breakdown: {
        queue_time_ms: 150,
        processing_time_ms: 1200.5,
        network_time_ms: 172.95,
        other_ms: 0,
      },
    },
  },
}

describe('mapAnalyticsEvents', () => {
  it('maps the seed latency example (serde payload form, CamelCase enums) to one event', () => {
    const expected: AnalyticsEvent = {
      projectId,
      eventId: '7f0c7b1e-9a0c-4c8e-b1d2-5b6f3c2a1e00',
      timeUs: noonUs,
      sourceModule: 'llm-observatory',
      eventType: 'telemetry',
      schemaVersion: '1.0.0',
      severity: 'info',
      environment: 'production',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: null,
      correlationId: 'c0ffee00-0000-4000-8000-000000000001',
      parentEventId: null,
      userId: null,
      sessionId: null,
      tags: { region: 'eu-west-1', canary: 'false' },
      payload: {
        type: 'latency',
        model_id: 'gpt-4',
        request_id: 'req-abc123',
        total_latency_ms: 1523.45,
        ttft_ms: 234.12,
        tokens_per_second: 45.6,
        breakdown: {
          queue_time_ms: 150,
          processing_time_ms: 1200.5,
          network_time_ms: 172.95,
          other_ms: 0,
        },
      },
    }
    const { events, items } = mapAnalyticsEvents(latencyEvent, ctx)
    expect(events).toEqual([expected])
    expect(items).toEqual([{ index: 0, id: expected.eventId, status: 'success' }])
  })

  it('accepts the nested { common, payload } form and the doubly tagged payload', () => {
    const { events } = mapAnalyticsEvents(
      {
        common: {
          source_module: 'llm_cost_ops',
          event_type: 'cost',
          severity: 'warn',
          timestamp: 1_748_779_200_000,
        },
        payload: {
          Cost: {
            TokenCost: {
              model_id: 'gpt-4',
              prompt_tokens: 500,
              completion_tokens: 300,
              total_tokens: 800,
              total_cost_usd: 0.033,
              currency: 'USD',
            },
          },
        },
      },
      ctx,
    )
    expect(events[0]).toMatchObject({
      eventId: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
      sourceModule: 'llm-cost-ops',
      eventType: 'cost',
      severity: 'warning',
      schemaVersion: '1.0.0',
      timeUs: noonUs,
      payload: {
        type: 'token_cost',
        model_id: 'gpt-4',
        total_tokens: 800,
        total_cost_usd: 0.033,
        currency: 'USD',
      },
    })
  })

  it('keeps the canonical payload form, unknown modules and merges extra fields into the payload', () => {
    const { events } = mapAnalyticsEvents(
      {
        source_module: 'my-guardrail',
        event_type: 'security',
        payload: {
          type: 'threat',
          threat_type: 'prompt_injection',
          threat_level: 'high',
          indicators_of_compromise: ['ioc1'],
        },
        detector_version: '2.1',
        threat_type: 'ignored: the payload wins',
      },
      ctx,
    )
    expect(events[0]?.sourceModule).toBe('my-guardrail')
    expect(events[0]?.payload).toEqual({
      type: 'threat',
      threat_type: 'prompt_injection',
      threat_level: 'high',
      indicators_of_compromise: ['ioc1'],
      detector_version: '2.1',
    })
  })

  it('answers a batch per event: success, schema-version failure, bad payload, duplicate', () => {
    const base = { source_module: 'llm-sentinel', event_type: 'security' }
    const { events, items } = mapAnalyticsEvents(
      {
        events: [
          { ...base, event_id: 'e-1', payload: { type: 'auth', action: 'login', success: false } },
          { ...base, event_id: 'e-2', schema_version: '2.0' },
          { ...base, event_id: 'e-3', payload: { type: 'threat', threat_level: 'low' } },
          { ...base, event_id: 'e-1' },
          { ...base, event_id: 'e-4', event_type: 'weather', severity: 'loud' },
          { event_id: 'e-5' },
        ],
      },
      ctx,
    )
    expect(events.map((e) => e.eventId)).toEqual(['e-1'])
    expect(items).toEqual([
      { index: 0, id: 'e-1', status: 'success' },
      {
        index: 1,
        id: null,
        status: 'failed',
        error: {
          code: 'validation_error',
          message: 'schema_version 2.0 is not supported; supported: 1.x',
          field_errors: [{ field: 'schema_version', message: 'supported: 1.x' }],
          details: { supported_versions: ['1.x'] },
        },
      },
      {
        index: 2,
        id: null,
        status: 'failed',
        error: {
          code: 'validation_error',
          message: 'The event is not valid: see field_errors.',
          field_errors: [{ field: 'payload.threat_type', message: 'is required' }],
        },
      },
      {
        index: 3,
        id: 'e-1',
        status: 'skipped',
        error: {
          code: 'conflict',
          message: 'Same event_id as item 0 of this batch; only the first is stored.',
          field_errors: [],
        },
      },
      {
        index: 4,
        id: null,
        status: 'failed',
        error: {
          code: 'validation_error',
          message: 'The event is not valid: see field_errors.',
          field_errors: [
            {
              field: 'event_type',
              message:
                'must be one of telemetry, security, cost, governance, lifecycle, audit, alert',
            },
            { field: 'severity', message: 'must be one of debug, info, warning, error, critical' },
          ],
        },
      },
      {
        index: 5,
        id: null,
        status: 'failed',
        error: {
          code: 'validation_error',
          message: 'The event is not valid: see field_errors.',
          field_errors: [
            { field: 'source_module', message: 'is required' },
            { field: 'event_type', message: 'is required' },
          ],
        },
      },
    ])
    expect(makeBatchResponse('b', items)).toMatchObject({
      status: 'partial_success',
      success_count: 1,
      failure_count: 4,
      skipped_count: 1,
    })
  })

  it('fails a single event with an unsupported schema version through its item', () => {
    const { items } = mapAnalyticsEvents({ ...latencyEvent, schema_version: '3.1.0' }, ctx)
    expect(items[0]?.error?.message).toBe('schema_version 3.1.0 is not supported; supported: 1.x')
  })

  it('accepts a bare array of events', () => {
    const base = { source_module: 'llm-registry', event_type: 'lifecycle' }
    const { events } = mapAnalyticsEvents(
      [
        { ...base, event_id: 'a' },
        { ...base, event_id: 'b' },
      ],
      ctx,
    )
    expect(events.map((e) => [e.eventId, e.sourceModule, e.payload])).toEqual([
      ['a', 'llm-registry', {}],
      ['b', 'llm-registry', {}],
    ])
  })

  it.each([{ events: [] }, { events: 'x' }, [], 42])('rejects the body %j as a whole', (body) => {
    expect(() => mapAnalyticsEvents(body as never, ctx)).toThrow(ObservatoryError)
  })
})
