import { afterEach, describe, expect, it } from 'vitest'
import { createDuckDbBackend, type Backend } from '@llm-observatory/storage'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

/** The real backend, with writes held until the test opens the gate. */
function gatedBackend(inner: Backend): { backend: Backend; open: () => void } {
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  const backend = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'write') {
        return async (batch: Parameters<Backend['write']>[0]) => {
          await gate
          return target.write(batch)
        }
      }
      const value: unknown = Reflect.get(target, prop, receiver)
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value
    },
  })
  return { backend, open }
}

function spansBody(traceHex: string, count: number): string {
  const now = BigInt(Date.now()) * 1_000_000n
  const spans = Array.from({ length: count }, (_, i) => ({
    traceId: traceHex,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `s${i}`,
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 1_000_000n),
  }))
  return JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })
}

describe('write path back-pressure and shutdown', () => {
  let server: TestServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })

  it('returns 429 with Retry-After when the ingest queue is full, and commits the queued batch later', async () => {
    let gate!: ReturnType<typeof gatedBackend>
    server = await startTestServer(
      { OBSERVATORY_MAX_PENDING_ROWS: '10' },
      {
        backend: (config) => {
          gate = gatedBackend(createDuckDbBackend({ dataDir: config.dataDir, memoryLimit: '1GB' }))
          return gate.backend
        },
      },
    )
    const first = server.otlpApp.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: spansBody('1'.repeat(32), 8),
    })
    // Let the first request reach the queue before the second arrives.
    await new Promise((r) => setTimeout(r, 100))
    const second = await server.otlpApp.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: spansBody('2'.repeat(32), 8),
    })
    expect(second.statusCode).toBe(429)
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0)
    expect(second.json<{ error: { code: string } }>().error.code).toBe('rate_limited')

    gate.open()
    expect((await first).statusCode).toBe(200)
    const read = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${'1'.repeat(32)}`,
      headers: authHeader,
    })
    expect(read.json<{ data: { spans: unknown[] } }>().data.spans).toHaveLength(8)
  })

  it('returns 503 with Retry-After while shutting down, after flushing what it acknowledged', async () => {
    server = await startTestServer()
    const accepted = await server.otlpApp.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: spansBody('3'.repeat(32), 3),
    })
    expect(accepted.statusCode).toBe(200)
    await server.services.queue.close()
    const late = await server.otlpApp.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      payload: spansBody('4'.repeat(32), 3),
    })
    expect(late.statusCode).toBe(503)
    expect(Number(late.headers['retry-after'])).toBeGreaterThan(0)
    const counts = await server.services.backend.countRows(
      server.services.bootstrap.defaultProject.id,
    )
    expect(counts.spans).toBe(3)
  })
})
