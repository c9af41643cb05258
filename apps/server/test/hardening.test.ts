import { randomUUID } from 'node:crypto'
import { Writable } from 'node:stream'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { createLogger } from '../src/logger.js'
import { authHeader, startTestServer, testSecretKey, type TestServer } from './test-server.js'

interface ErrorBody {
  status: string
  error: { code: string; field_errors: { field: string; message: string }[] }
}

/** `{ "a": { "a": … { "a": 1 } } }` with `depth` objects, built without recursion. */
function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 }
  for (let i = 1; i < depth; i++) value = { a: value }
  return value
}

function expectSecurityHeaders(res: LightMyRequestResponse): void {
  const csp = String(res.headers['content-security-policy'])
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/)
      return [name!, values.join(' ')] as const
    }),
  )
  expect(directives.get('default-src')).toBe("'self'")
  expect(directives.get('script-src')).toBe("'self'")
  expect(directives.get('object-src')).toBe("'none'")
  expect(directives.get('frame-ancestors')).toBe("'self'")
  // Plain-HTTP self-hosting must keep loading its own assets.
  expect(directives.has('upgrade-insecure-requests')).toBe(false)
  expect(res.headers['x-content-type-options']).toBe('nosniff')
  expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
  expect(res.headers['referrer-policy']).toBe('no-referrer')
  expect(res.headers['strict-transport-security']).toBe('max-age=15552000')
  expect(res.headers['cross-origin-opener-policy']).toBe('same-origin')
}

describe('security headers', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())

  it('are sent on API, error, OTLP and docs responses', async () => {
    const answers = [
      await server.app.inject({ method: 'GET', url: '/health' }),
      await server.app.inject({ method: 'GET', url: '/api/v1/traces', headers: authHeader }),
      await server.app.inject({ method: 'GET', url: '/api/v1/traces' }),
      await server.otlpApp.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { ...authHeader, 'content-type': 'application/json' },
        payload: '{}',
      }),
      await server.app.inject({ method: 'GET', url: '/docs/' }),
    ]
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 401, 200, 200])
    for (const answer of answers) expectSecurityHeaders(answer)
  })

  it('let the Swagger UI page work: every script and style it loads comes from this origin, none inline', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/docs/' })
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    const html = page.body
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    expect(scripts.length).toBeGreaterThanOrEqual(3)
    const sources: string[] = []
    for (const [, attributes, content] of scripts) {
      // script-src 'self' forbids inline code: every script must be a file.
      expect(content!.trim()).toBe('')
      const src = /\bsrc="([^"]+)"/.exec(attributes!)?.[1]
      expect(src).toBeDefined()
      sources.push(src!)
    }
    // script-src-attr 'none' forbids inline handlers.
    expect(html).not.toMatch(/\son[a-z]+\s*=/i)
    const styles = [...html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/gi)].map(
      (m) => m[1]!,
    )
    expect(styles.length).toBeGreaterThanOrEqual(1)
    for (const asset of [...sources, ...styles]) {
      // Relative to /docs/: same origin, which 'self' allows.
      expect(asset).not.toMatch(/^[a-z]+:|^\/\//i)
      const url = new URL(asset, 'http://observatory.local/docs/')
      const res = await server.app.inject({ method: 'GET', url: url.pathname })
      expect(res.statusCode, url.pathname).toBe(200)
      expect(res.headers['content-type']).toMatch(/javascript|css/)
    }
    // The initializer fetches the OpenAPI document from this origin too (connect-src 'self').
    const initializer = await server.app.inject({
      method: 'GET',
      url: '/docs/static/swagger-initializer.js',
    })
    expect(initializer.body).toContain("url: resolveUrl('./json')")
    const spec = await server.app.inject({ method: 'GET', url: '/docs/json' })
    expect(spec.statusCode).toBe(200)
  })

  it('send no CORS headers when no origin is configured: the browser keeps API calls same-origin', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/traces',
      headers: { ...authHeader, origin: 'https://evil.example' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/traces',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    })
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('CORS with configured origins', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({
      OBSERVATORY_CORS_ORIGINS: 'https://app.example.com, https://ops.example.com:8443',
    })
  })
  afterAll(async () => server.close())

  it('allows a listed origin, exposing the rate-limit headers to its scripts', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/traces',
      headers: { ...authHeader, origin: 'https://ops.example.com:8443' },
    })
    expect(res.statusCode).toBe(200)
    expect(res.headers['access-control-allow-origin']).toBe('https://ops.example.com:8443')
    expect(res.headers['access-control-allow-credentials']).toBeUndefined()
    expect(String(res.headers['vary'])).toMatch(/origin/i)
    const exposed = String(res.headers['access-control-expose-headers'])
      .split(',')
      .map((h) => h.trim())
    expect(exposed).toEqual(
      expect.arrayContaining(['x-ratelimit-remaining', 'x-ratelimit-reset', 'retry-after']),
    )
  })

  it('answers a preflight from a listed origin before authentication', async () => {
    const res = await server.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/traces/search',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })
    expect(res.statusCode).toBe(204)
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com')
    const methods = String(res.headers['access-control-allow-methods']).split(',')
    expect(methods.map((m) => m.trim())).toContain('POST')
    expect(String(res.headers['access-control-allow-headers'])).toBe('authorization, content-type')
    expect(res.headers['access-control-max-age']).toBe('600')
  })

  it('gives other origins no CORS headers, on requests and preflights', async () => {
    const res = await server.app.inject({
      method: 'GET',
      url: '/api/v1/traces',
      headers: { ...authHeader, origin: 'https://app.example.com.evil.example' },
    })
    expect(res.headers['access-control-allow-origin']).toBeUndefined()
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/traces',
      headers: { origin: 'http://app.example.com', 'access-control-request-method': 'GET' },
    })
    expect(preflight.statusCode).toBe(404)
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('hostile request bodies', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => server.close())
  afterEach(async () => {
    // Whatever came before, the server still answers.
    const health = await server.app.inject({ method: 'GET', url: '/health' })
    expect(health.statusCode).toBe(200)
  })

  const postLlm = (payload: string | Record<string, unknown>) =>
    server.app.inject({
      method: 'POST',
      url: '/api/v1/ingest/llm',
      headers: { ...authHeader, 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    })

  it('accepts JSON nested 64 levels deep and rejects 65 with 400 naming the body', async () => {
    // The body object is level 1, so metadata holds the other 63.
    const deepest = await postLlm({ model: 'gpt-4o', metadata: nested(63) })
    expect(deepest.statusCode).toBe(201)
    const tooDeep = await postLlm({ model: 'gpt-4o', metadata: nested(64) })
    expect(tooDeep.statusCode).toBe(400)
    const body = tooDeep.json<ErrorBody>()
    expect(body.error.code).toBe('validation_error')
    expect(body.error.field_errors).toEqual([
      { field: '(body)', message: 'nests arrays and objects deeper than 64 levels' },
    ])
  })

  it('rejects 100,000 levels of arrays with 400, without a stack overflow', async () => {
    const res = await postLlm('['.repeat(100_000) + ']'.repeat(100_000))
    expect(res.statusCode).toBe(400)
    expect(res.json<ErrorBody>().error.code).toBe('validation_error')
  })

  it('applies the same limit on every JSON route (scores, events)', async () => {
    for (const url of ['/api/v1/scores', '/api/v1/events']) {
      const res = await server.app.inject({
        method: 'POST',
        url,
        headers: { ...authHeader, 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x', value: 1, trace_id: 'a', metadata: nested(80) }),
      })
      expect(res.statusCode, url).toBe(400)
      expect(res.json<ErrorBody>().error.field_errors[0]!.field).toBe('(body)')
    }
  })

  it('still refuses prototype-poisoning keys', async () => {
    const res = await postLlm('{"model":"gpt-4o","__proto__":{"isAdmin":true}}')
    expect(res.statusCode).toBe(400)
  })

  it.each([
    ['/api/v1/ingest/llm', { model: 'm'.repeat(1025) }, 'model'],
    ['/api/v1/ingest/llm', { model: 'gpt-4o', trace_id: 't'.repeat(513) }, 'trace_id'],
    ['/api/v1/ingest/llm', { model: 'gpt-4o', user_id: 'u'.repeat(513) }, 'user_id'],
    ['/api/v1/ingest/llm', { model: 'gpt-4o', error_message: 'e'.repeat(65_537) }, 'error_message'],
    [
      '/api/v1/ingest/llm',
      { model: 'gpt-4o', messages: [{ role: 'r'.repeat(1025), content: 'hi' }] },
      'messages.0.role',
    ],
    ['/api/v1/ingest/llm', { model: 'gpt-4o', tags: ['t'.repeat(1025)] }, 'tags.0'],
    ['/api/v1/ingest/metrics', { name: 'x', value: 1, unit: 'u'.repeat(1025) }, 'unit'],
    ['/api/v1/ingest/metrics', { name: 'x', value: 1, tags: { k: 'v'.repeat(1025) } }, 'tags.k'],
    ['/api/v1/scores', { name: 'x', value: 1, trace_id: 'a'.repeat(513) }, 'trace_id'],
  ])('answers 400 naming the field when %s gets an over-long %#', async (url, body, field) => {
    const res = await server.app.inject({
      method: 'POST',
      url,
      headers: authHeader,
      payload: body,
    })
    expect(res.statusCode).toBe(400)
    const error = res.json<ErrorBody>().error
    expect(error.code).toBe('validation_error')
    const named = error.field_errors.find((f) => f.field === field)
    expect(named?.message).toMatch(/must not have more than \d+ characters/i)
  })

  it('keeps prompt text free of a per-field limit: a 2 MB message is stored', async () => {
    const traceId = randomUUID().replaceAll('-', '')
    const text = 'long context '.repeat(160_000)
    const res = await postLlm({
      model: 'gpt-4o',
      trace_id: traceId,
      messages: [{ role: 'user', content: text }],
      response: 'ok',
      usage: { prompt_tokens: 320_000, completion_tokens: 1 },
    })
    expect(res.statusCode).toBe(201)
  })
})

describe('logs', () => {
  function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
    const chunks: string[] = []
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'))
        done()
      },
    })
    const lines = () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    return { lines, stream }
  }

  it('redact credentials in headers and any body passed by mistake', () => {
    const { lines, stream } = capture()
    const logger = createLogger('info', stream)
    logger.info(
      {
        req: {
          headers: {
            authorization: `Bearer ${testSecretKey}`,
            'x-api-key': testSecretKey,
            cookie: 'session=abc',
          },
          body: { messages: [{ role: 'user', content: 'my card is 4111 1111 1111 1111' }] },
        },
        password: 'hunter2',
        user: { password: 'hunter3', email: 'a@b.c' },
        refresh_token: 'rt-lo-secret',
      },
      'request',
    )
    const text = JSON.stringify(lines())
    for (const secret of [testSecretKey, 'session=abc', '4111', 'hunter2', 'hunter3', 'rt-lo-']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('a@b.c')
    const line = lines()[0] as { req: { headers: Record<string, string> } }
    expect(line.req.headers['authorization']).toBe('[redacted]')
  })

  it('scrub quoted data out of logged error messages, stacks and causes', () => {
    const { lines, stream } = capture()
    const logger = createLogger('info', stream)
    const cause = new Error(
      "Conversion Error: Could not convert string 'my secret prompt' to INT32",
    )
    const err = new Error('A storage query failed.', { cause })
    logger.error({ err }, 'request failed')
    logger.error({ err: 'Unexpected token "{"prompt": "tell me"..." is not valid JSON' }, 'x')
    const text = JSON.stringify(lines())
    expect(text).not.toContain('my secret prompt')
    expect(text).not.toContain('tell me')
    const first = lines()[0] as { err: { message: string; cause: { message: string } } }
    expect(first.err.message).toBe('A storage query failed.')
    expect(first.err.cause.message).toBe("Conversion Error: Could not convert string '…' to INT32")
  })
})
