import { describe, expect, it } from 'vitest'
import { ObservatoryError, type LogRecord } from '@llm-observatory/core'
import { randomProjectId } from '@llm-observatory/testkit'
import { mapAppLogs } from './map-app-logs.js'

const projectId = randomProjectId()
/** 2025-06-01T12:00:00Z */
const noonUs = 1_748_779_200_000_000
const ctx = { projectId, receivedAtUs: noonUs + 5_000_000 }

describe('mapAppLogs', () => {
  it('maps one record with trace context, exception and extra fields', () => {
    const expected: LogRecord = {
      projectId,
      timeUs: noonUs + 250_000,
      observedTimeUs: noonUs + 5_000_000,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'retrieval failed',
      eventName: null,
      serviceName: 'support-bot',
      logger: 'rag.retriever',
      attributes: {
        index: 'kb-v2',
        attempt: 3,
        'user.id': 'u-42',
        'observatory.request_id': 'req-9',
        'exception.type': 'TimeoutError',
        'exception.message': 'vector store timed out',
        'exception.stacktrace': 'Traceback (most recent call last): ...',
      },
      resourceAttributes: { 'deployment.environment.name': 'staging' },
    }
    expect(
      mapAppLogs(
        {
          level: 'error',
          message: 'retrieval failed',
          logger: 'rag.retriever',
          service: 'support-bot',
          environment: 'staging',
          trace_id: '4BF92F3577B34DA6A3CE929D0E0E4736',
          span_id: '00f067aa0ba902b7',
          timestamp: '2025-06-01T12:00:00.250Z',
          user_id: 'u-42',
          request_id: 'req-9',
          context: { index: 'kb-v2' },
          exception: { type: 'TimeoutError', message: 'vector store timed out' },
          stack_trace: 'Traceback (most recent call last): ...',
          attempt: 3,
        },
        ctx,
      ),
    ).toEqual([expected])
  })

  it.each([
    ['DEBUG', 'DEBUG', 5],
    ['info', 'INFO', 9],
    ['WARNING', 'WARN', 13],
    ['warn', 'WARN', 13],
    ['ERROR', 'ERROR', 17],
    ['CRITICAL', 'CRITICAL', 21],
    ['fatal', 'CRITICAL', 21],
    ['Trace', 'TRACE', 1],
  ])('maps level %s to %s (severity number %d)', (level, text, number) => {
    const [log] = mapAppLogs({ level, message: 'm' }, ctx)
    expect([log?.severityText, log?.severityNumber]).toEqual([text, number])
  })

  it('defaults to INFO at the receive time and keeps structured bodies', () => {
    const [log] = mapAppLogs({ body: { event: 'cache_miss', key: 'k1' } }, ctx)
    expect(log).toMatchObject({
      severityText: 'INFO',
      severityNumber: 9,
      timeUs: ctx.receivedAtUs,
      body: { event: 'cache_miss', key: 'k1' },
      traceId: null,
      spanId: null,
    })
  })

  it('maps a batch, hashing non-hex trace ids the same way LLM logs do', () => {
    const logs = mapAppLogs(
      {
        logs: [
          { level: 'INFO', msg: 'start', trace_id: 'conversation-17' },
          { level: 'INFO', message: 'done', timestamp: 1_748_779_201 },
        ],
      },
      ctx,
    )
    expect(logs.map((l) => [l.body, l.timeUs])).toEqual([
      ['start', ctx.receivedAtUs],
      ['done', noonUs + 1_000_000],
    ])
    expect(logs[0]?.traceId).toMatch(/^[0-9a-f]{32}$/)
    expect(logs[0]?.attributes).toEqual({ 'observatory.original_trace_id': 'conversation-17' })
  })

  it('rejects the whole batch naming every bad record', () => {
    try {
      mapAppLogs(
        {
          logs: [
            { level: 'INFO', message: 'ok' },
            { level: 'LOUD', message: 'x' },
            { level: 'INFO', timestamp: '2025-02-30' },
          ],
        },
        ctx,
      )
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ObservatoryError)
      expect((err as ObservatoryError).fieldErrors).toEqual([
        { field: 'logs.1.level', message: 'must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL' },
        { field: 'logs.2.message', message: 'is required (or body)' },
        {
          field: 'logs.2.timestamp',
          message: 'must be an ISO-8601 time (2025-06-01T12:00:00Z) or epoch seconds/milliseconds',
        },
      ])
    }
  })

  it('accepts a bare array and names bad records by position', () => {
    expect(mapAppLogs([{ message: 'a' }, { message: 'b' }], ctx).map((l) => l.body)).toEqual([
      'a',
      'b',
    ])
    try {
      mapAppLogs([{ message: 'a' }, { level: 'LOUD', message: 'b' }], ctx)
      expect.unreachable()
    } catch (err) {
      expect((err as ObservatoryError).fieldErrors).toEqual([
        { field: '1.level', message: 'must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL' },
      ])
    }
  })

  it('rejects wrong types with schema field errors', () => {
    try {
      mapAppLogs({ logs: [{ message: 'a', attributes: 'nope' }] }, ctx)
      expect.unreachable()
    } catch (err) {
      expect((err as ObservatoryError).fieldErrors).toEqual([
        { field: 'logs.0.attributes', message: 'must be either object or null' },
      ])
    }
  })
})
