import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import { loadConfig, type Config } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { buildApp, buildOtlpApp } from '../src/app.js'
import { createServices, type Services } from '../src/server.js'
import { ApiKeyService } from '../src/auth/api-key-service.js'
import { TokenBucketRateLimiter } from '../src/limits/rate-limiter.js'
import { limitOf, type RateLimitSubject } from '../src/limits/rate-limit-hook.js'
import type { App } from '../src/http/app-type.js'
import * as grpc from '@grpc/grpc-js'
import { otlpGrpcServiceDefinitions } from '@llm-observatory/ingest'
import { closeGrpc, createGrpcServer, listenGrpc } from '../src/grpc-server.js'
import { authHeader, freePort, testPublicKey, testSecretKey } from './test-server.js'
import { adminEmail, adminPassword, authEnv, bearer, createUser, login } from './auth-helpers.js'

/** A clock the test moves by hand: buckets refill only when it says so. */
class FakeClock {
  ms = Date.UTC(2026, 0, 1)
  readonly now = (): number => this.ms
  advance(ms: number): void {
    this.ms += ms
  }
}

interface LimitedServer {
  app: App
  otlpApp: App
  services: Services
  config: Config
  clock: FakeClock
  close(): Promise<void>
}

/** A server whose limiter runs on a fake clock, with tiny limits from `env`. */
async function startLimitedServer(env: Record<string, string>): Promise<LimitedServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'observatory-ratelimit-'))
  const config = loadConfig(
    {
      OBSERVATORY_DATA_DIR: dataDir,
      OBSERVATORY_INIT_PROJECT_PUBLIC_KEY: testPublicKey,
      OBSERVATORY_INIT_PROJECT_SECRET_KEY: testSecretKey,
      OBSERVATORY_FLUSH_INTERVAL_MS: '5',
      OBSERVATORY_DUCKDB_MEMORY_LIMIT: '1GB',
      ...env,
    },
    [],
  )
  const clock = new FakeClock()
  const services = await createServices(config, createLogger('silent'), {
    rateLimiter: new TokenBucketRateLimiter({ now: clock.now }),
  })
  const app = await buildApp(services.deps)
  const otlpApp = await buildOtlpApp(services.deps)
  return {
    app,
    otlpApp,
    services,
    config,
    clock,
    close: async () => {
      await app.close()
      await otlpApp.close()
      await services.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

function limitHeaders(res: LightMyRequestResponse): {
  limit: number
  remaining: number
  reset: number
} {
  return {
    limit: Number(res.headers['x-ratelimit-limit']),
    remaining: Number(res.headers['x-ratelimit-remaining']),
    reset: Number(res.headers['x-ratelimit-reset']),
  }
}

/** Seconds until a bucket of `limit` per minute holding `tokens` is full again. */
const secondsToFull = (limit: number, tokens: number) => Math.ceil(((limit - tokens) * 60) / limit)

function otlpSpans(traceHex: string): string {
  const now = BigInt(Date.now()) * 1_000_000n
  return JSON.stringify({
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: traceHex,
                spanId: '00000000000000a1',
                name: 'chat',
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 1_000_000n),
              },
            ],
          },
        ],
      },
    ],
  })
}

const llmLog = (traceId: string) => ({
  provider: 'openai',
  model: 'gpt-4o-mini',
  trace_id: traceId,
  messages: [{ role: 'user', content: 'hello' }],
  response: 'hi',
  usage: { prompt_tokens: 3, completion_tokens: 1 },
})

const randomTraceHex = () => randomUUID().replaceAll('-', '')

/** The fields of a protobuf message: varints as numbers, length-delimited ones as bytes. */
function protoFields(bytes: Buffer): Map<number, (number | Buffer)[]> {
  const fields = new Map<number, (number | Buffer)[]>()
  let at = 0
  const varint = () => {
    let value = 0
    let shift = 0
    for (;;) {
      const b = bytes[at++]!
      value += (b & 0x7f) * 2 ** shift
      shift += 7
      if (b < 0x80) return value
    }
  }
  while (at < bytes.length) {
    const tag = varint()
    const field = tag >> 3
    let value: number | Buffer
    if ((tag & 7) === 2) {
      const length = varint()
      value = bytes.subarray(at, at + length)
      at += length
    } else {
      value = varint()
    }
    fields.set(field, [...(fields.get(field) ?? []), value])
  }
  return fields
}

const firstBytes = (fields: Map<number, (number | Buffer)[]>, field: number): Buffer => {
  const value = fields.get(field)?.[0]
  if (!Buffer.isBuffer(value)) throw new Error(`field ${field} is not length-delimited`)
  return value
}

describe('rate limiting', () => {
  let server: LimitedServer | null = null
  afterEach(async () => {
    await server?.close()
    server = null
  })

  it('puts X-RateLimit-Limit, -Remaining and -Reset on every kind of response', async () => {
    server = await startLimitedServer({
      OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '50',
      OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '30',
    })
    const { app } = server
    const responses = {
      health: await app.inject({ method: 'GET', url: '/health' }),
      read: await app.inject({ method: 'GET', url: '/api/v1/traces', headers: authHeader }),
      ingest: await app.inject({
        method: 'POST',
        url: '/api/v1/ingest/llm',
        headers: authHeader,
        payload: llmLog(randomTraceHex()),
      }),
      missingKey: await app.inject({ method: 'GET', url: '/api/v1/traces' }),
      wrongKey: await app.inject({
        method: 'GET',
        url: '/api/v1/traces',
        headers: { authorization: 'Bearer sk-lo-not-a-key-at-all' },
      }),
      unknownRoute: await app.inject({ method: 'GET', url: '/api/v1/no-such-thing' }),
      invalidBody: await app.inject({
        method: 'POST',
        url: '/api/v1/ingest/llm',
        headers: authHeader,
        payload: { kind: 'not-a-kind' },
      }),
    }
    expect(responses.health.statusCode).toBe(200)
    expect(responses.read.statusCode).toBe(200)
    expect(responses.ingest.statusCode).toBe(201)
    expect(responses.missingKey.statusCode).toBe(401)
    expect(responses.wrongKey.statusCode).toBe(401)
    expect(responses.unknownRoute.statusCode).toBe(404)
    expect(responses.invalidBody.statusCode).toBe(400)
    // The key's bucket (50/min) paid for the read, the ingest and the invalid body (limits
    // apply before the body is read); the wrong key paid into the IP's auth-failure bucket;
    // the rest came out of the client IP's anonymous bucket (30/min).
    const key = (used: number) => ({
      limit: 50,
      remaining: 50 - used,
      reset: secondsToFull(50, 50 - used),
    })
    expect(limitHeaders(responses.read)).toEqual(key(1))
    expect(limitHeaders(responses.ingest)).toEqual(key(2))
    expect(limitHeaders(responses.invalidBody)).toEqual(key(3))
    const anonymous = (used: number) => ({
      limit: 30,
      remaining: 30 - used,
      reset: secondsToFull(30, 30 - used),
    })
    expect(limitHeaders(responses.health)).toEqual(anonymous(1))
    expect(limitHeaders(responses.missingKey)).toEqual(anonymous(2))
    expect(limitHeaders(responses.unknownRoute)).toEqual(anonymous(3))
    expect(limitHeaders(responses.wrongKey)).toEqual(anonymous(1))
  })

  it('turns credentials away with 429 once their IP has failed authentication more than the anonymous limit', async () => {
    server = await startLimitedServer({ OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2' })
    const guess = () =>
      server!.app.inject({
        method: 'GET',
        url: '/api/v1/traces',
        headers: { authorization: `Bearer sk-lo-guess-${randomUUID()}` },
      })
    const answers = [await guess(), await guess(), await guess()]
    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 429])
    // 2 per minute, both spent: the next token comes in 30 s.
    expect(answers[2]!.headers['retry-after']).toBe('30')
    expect(answers[2]!.json<{ error: { code: string } }>().error.code).toBe('rate_limited')
    server.clock.advance(30_000)
    expect((await guess()).statusCode).toBe(401)
  })

  it('counts remaining down and answers 429 rate_limited with Retry-After once the bucket is empty', async () => {
    server = await startLimitedServer({ OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '5' })
    const traces = Array.from({ length: 6 }, randomTraceHex)
    const answers: LightMyRequestResponse[] = []
    for (const traceId of traces) {
      answers.push(
        await server.app.inject({
          method: 'POST',
          url: '/api/v1/ingest/llm',
          headers: authHeader,
          payload: llmLog(traceId),
        }),
      )
    }
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 429])
    expect(answers.slice(0, 5).map((a) => limitHeaders(a).remaining)).toEqual([4, 3, 2, 1, 0])
    const refused = answers[5]!
    // 5 per minute: one token every 12 s; the bucket is empty, so full again in 60 s.
    expect(refused.headers['retry-after']).toBe('12')
    expect(limitHeaders(refused)).toEqual({ limit: 5, remaining: 0, reset: 60 })
    const body = refused.json<{
      status: string
      error: { code: string; status_code: number; details: Record<string, unknown> }
    }>()
    expect(body.status).toBe('error')
    expect(body.error.code).toBe('rate_limited')
    expect(body.error.status_code).toBe(429)
    expect(body.error.details).toEqual({ limit_per_minute: 5, retry_after_seconds: 12 })

    // The refused call never reached the handler: its trace was not stored.
    const read = async (traceId: string) =>
      server!.app.inject({ method: 'GET', url: `/api/v1/traces/${traceId}`, headers: authHeader })
    server.clock.advance(60_000)
    expect((await read(traces[4]!)).statusCode).toBe(200)
    expect((await read(traces[5]!)).statusCode).toBe(404)
  })

  it('refills continuously as the clock moves: one token per 60/limit seconds, up to the limit', async () => {
    server = await startLimitedServer({ OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' })
    const health = () => server!.app.inject({ method: 'GET', url: '/health' })
    for (let i = 0; i < 3; i++) expect((await health()).statusCode).toBe(200)
    expect((await health()).statusCode).toBe(429)

    // 3 per minute: a token every 20 s. 19.999 s is not enough, 20 s is.
    server.clock.advance(19_999)
    const early = await health()
    expect(early.statusCode).toBe(429)
    expect(early.headers['retry-after']).toBe('1')
    server.clock.advance(1)
    const refilled = await health()
    expect(refilled.statusCode).toBe(200)
    expect(limitHeaders(refilled)).toEqual({ limit: 3, remaining: 0, reset: 60 })

    // A long idle time fills the bucket to its capacity, not beyond.
    server.clock.advance(10 * 60_000)
    const answers = [await health(), await health(), await health(), await health()]
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429])
    expect(limitHeaders(answers[0]!).remaining).toBe(2)
  })

  it('keeps ingestion keys in their own buckets, apart from each other and from anonymous callers', async () => {
    server = await startLimitedServer({
      OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '2',
      OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    })
    const { backend } = server.services
    const otherProject = { id: randomUUID(), name: 'other', createdAtUs: 0, isDefault: false }
    await backend.createProject(otherProject)
    const other = await new ApiKeyService(backend).createKey(otherProject.id, 'second')
    const otherHeader = { authorization: `Bearer ${other.secretKey}` }

    // The anonymous bucket of this client IP empties first...
    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(429)

    // ...while each key still has its own 2 per minute, on the API and the OTLP port alike.
    const otlp = (headers: Record<string, string>) =>
      server!.otlpApp.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { 'content-type': 'application/json', ...headers },
        payload: otlpSpans(randomTraceHex()),
      })
    const first = await server.app.inject({
      method: 'GET',
      url: '/api/v1/traces',
      headers: authHeader,
    })
    const second = await otlp(authHeader)
    const third = await otlp(authHeader)
    expect([first, second, third].map((r) => r.statusCode)).toEqual([200, 200, 429])
    expect(limitHeaders(second)).toMatchObject({ limit: 2, remaining: 0 })

    const otherAnswers = [await otlp(otherHeader), await otlp(otherHeader), await otlp(otherHeader)]
    expect(otherAnswers.map((r) => r.statusCode)).toEqual([200, 200, 429])
  })

  it('gives unauthenticated OTLP from loopback the ingestion limit, not the anonymous one', async () => {
    server = await startLimitedServer({
      OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '3',
      OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    })
    const answers: LightMyRequestResponse[] = []
    for (let i = 0; i < 4; i++) {
      answers.push(
        await server.otlpApp.inject({
          method: 'POST',
          url: '/v1/traces',
          headers: { 'content-type': 'application/json' },
          payload: otlpSpans(randomTraceHex()),
        }),
      )
    }
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429])
    expect(limitHeaders(answers[0]!)).toMatchObject({ limit: 3, remaining: 2 })
    // The anonymous bucket (1/min) was not touched by them.
    expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200)
  })

  it('answers a limited OTLP export in OTLP form: 429, Retry-After and a google.rpc.Status in the request encoding', async () => {
    server = await startLimitedServer({ OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '1' })
    const send = (contentType: string, payload: string | Buffer) =>
      server!.otlpApp.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { ...authHeader, 'content-type': contentType },
        payload,
      })
    expect((await send('application/json', otlpSpans(randomTraceHex()))).statusCode).toBe(200)

    const json = await send('application/json', otlpSpans(randomTraceHex()))
    expect(json.statusCode).toBe(429)
    expect(json.headers['retry-after']).toBe('60')
    expect(json.headers['content-type']).toMatch(/^application\/json/)
    const status = json.json<{ code: number; message: string; error: { code: string } }>()
    expect(status.code).toBe(8) // RESOURCE_EXHAUSTED
    expect(status.message).toMatch(/limit is 1 per minute/)
    expect(status.error.code).toBe('rate_limited')

    // An empty ExportTraceServiceRequest is a valid protobuf body (zero bytes).
    const proto = await send('application/x-protobuf', Buffer.alloc(0))
    expect(proto.statusCode).toBe(429)
    expect(proto.headers['retry-after']).toBe('60')
    expect(proto.headers['content-type']).toBe('application/x-protobuf')
    const raw = proto.rawPayload
    // google.rpc.Status: field 1 (code) varint 8, then field 2 (message), length-delimited.
    expect([raw[0], raw[1], raw[2]]).toEqual([0x08, 8, 0x12])
    expect(raw.subarray(4).toString('utf8')).toMatch(/limit is 1 per minute/)
  })

  it('limits users by their role in the project, each login in its own bucket', async () => {
    server = await startLimitedServer({
      ...authEnv,
      OBSERVATORY_RATE_LIMIT_ADMIN_PER_MINUTE: '10',
      OBSERVATORY_RATE_LIMIT_DEVELOPER_PER_MINUTE: '3',
      OBSERVATORY_RATE_LIMIT_VIEWER_PER_MINUTE: '2',
    })
    const projectId = server.services.bootstrap.defaultProject.id
    const admin = await login(server, adminEmail, adminPassword)
    // Each creation is one admin request.
    const developer = await createUser(server, admin.access_token, [
      { projectId, role: 'developer' },
    ])
    const viewer = await createUser(server, admin.access_token, [{ projectId, role: 'viewer' }])
    const reads = async (token: string, count: number) => {
      const answers: LightMyRequestResponse[] = []
      for (let i = 0; i < count; i++) {
        answers.push(
          await server!.app.inject({
            method: 'GET',
            url: '/api/v1/traces',
            headers: bearer(token),
          }),
        )
      }
      return answers
    }
    const developerReads = await reads(developer.tokens.access_token, 4)
    expect(developerReads.map((r) => r.statusCode)).toEqual([200, 200, 200, 429])
    expect(limitHeaders(developerReads[0]!)).toMatchObject({ limit: 3, remaining: 2 })
    const viewerReads = await reads(viewer.tokens.access_token, 3)
    expect(viewerReads.map((r) => r.statusCode)).toEqual([200, 200, 429])
    expect(limitHeaders(viewerReads[0]!)).toMatchObject({ limit: 2, remaining: 1 })
    const [adminRead] = await reads(admin.access_token, 1)
    expect(limitHeaders(adminRead!)).toMatchObject({ limit: 10, remaining: 7 })
    // The project key is not slowed down by any of them.
    const keyRead = await server.app.inject({
      method: 'GET',
      url: '/api/v1/traces',
      headers: authHeader,
    })
    expect(limitHeaders(keyRead)).toMatchObject({ limit: 600_000, remaining: 599_999 })
  })

  it("answers OTLP/gRPC over the limit with RESOURCE_EXHAUSTED and a RetryInfo, sharing the key's bucket with OTLP/HTTP", async () => {
    server = await startLimitedServer({ OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '2' })
    const grpcServer = createGrpcServer({
      pipeline: server.services.deps.pipeline,
      projects: server.services.deps.projects,
      logger: server.services.deps.logger,
      maxBodyBytes: server.config.maxBodyBytes,
      rateLimiter: server.services.deps.rateLimiter,
      rateLimit: server.config.rateLimit,
    })
    const port = await listenGrpc(grpcServer, '127.0.0.1', await freePort())
    const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure())
    const method = otlpGrpcServiceDefinitions.traces.Export
    const exportOnce = () =>
      new Promise<grpc.ServiceError | null>((resolve) => {
        const metadata = new grpc.Metadata()
        metadata.set('authorization', authHeader.authorization)
        client.makeUnaryRequest(
          method.path,
          method.requestSerialize,
          method.responseDeserialize,
          { resourceSpans: [] },
          metadata,
          (err) => resolve(err),
        )
      })
    try {
      const http = await server.otlpApp.inject({
        method: 'POST',
        url: '/v1/traces',
        headers: { ...authHeader, 'content-type': 'application/json' },
        payload: otlpSpans(randomTraceHex()),
      })
      expect(http.statusCode).toBe(200)
      expect(await exportOnce()).toBeNull()
      const refused = await exportOnce()
      expect(refused?.code).toBe(grpc.status.RESOURCE_EXHAUSTED)
      expect(refused?.details).toMatch(/limit is 2 per minute/)
      const [details] = refused!.metadata.get('grpc-status-details-bin')
      expect(Buffer.isBuffer(details)).toBe(true)
      const status = protoFields(details as Buffer)
      expect(status.get(1)).toEqual([grpc.status.RESOURCE_EXHAUSTED])
      const any = protoFields(firstBytes(status, 3))
      expect(firstBytes(any, 1).toString('utf8')).toBe('type.googleapis.com/google.rpc.RetryInfo')
      const retryDelay = protoFields(firstBytes(protoFields(firstBytes(any, 2)), 1))
      // 2 per minute, both spent: the next token in 30 s.
      expect(retryDelay.get(1)).toEqual([30])
    } finally {
      client.close()
      await closeGrpc(grpcServer)
    }
  })

  it('tells clients behind a trusted proxy apart by X-Forwarded-For, and ignores it from others', async () => {
    server = await startLimitedServer({
      OBSERVATORY_TRUST_PROXY: '127.0.0.1',
      OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    })
    const from = (client: string) =>
      server!.app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-forwarded-for': client },
      })
    expect((await from('203.0.113.7')).statusCode).toBe(200)
    expect((await from('203.0.113.7')).statusCode).toBe(429)
    expect((await from('198.51.100.20')).statusCode).toBe(200)

    const untrusting = await startLimitedServer({
      OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    })
    try {
      const answers = [
        await untrusting.app.inject({
          method: 'GET',
          url: '/health',
          headers: { 'x-forwarded-for': '203.0.113.7' },
        }),
        await untrusting.app.inject({
          method: 'GET',
          url: '/health',
          headers: { 'x-forwarded-for': '198.51.100.20' },
        }),
      ]
      // Without a trusted proxy the header is the client's word: both are the same socket.
      expect(answers.map((a) => a.statusCode)).toEqual([200, 429])
    } finally {
      await untrusting.close()
    }
  })

  it('sends no rate-limit headers and never 429s when rate limiting is off', async () => {
    server = await startLimitedServer({
      OBSERVATORY_RATE_LIMIT_ENABLED: 'false',
      OBSERVATORY_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1',
    })
    const answers = [
      await server.app.inject({ method: 'GET', url: '/health' }),
      await server.app.inject({ method: 'GET', url: '/health' }),
    ]
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200])
    expect(answers[1]!.headers['x-ratelimit-limit']).toBeUndefined()
  })
})

describe('rate limits by caller', () => {
  it('uses the documented role defaults, and the ingestion limit for project keys and loopback', () => {
    const settings = loadConfig({}, []).rateLimit
    const of = (kind: RateLimitSubject['kind'], role: RateLimitSubject['role']) =>
      limitOf({ kind, id: 'x', role }, settings)
    expect(of('user', 'admin')).toBe(100_000)
    expect(of('user', 'developer')).toBe(10_000)
    expect(of('personal_token', 'viewer')).toBe(1_000)
    expect(of('user', 'billing')).toBe(1_000)
    expect(of('project_key', 'project_key')).toBe(600_000)
    expect(of('loopback', 'project_key')).toBe(600_000)
    expect(settings.perMinute.anonymous).toBe(600)
  })

  it('reads CORS origins and trusted proxies, and rejects malformed ones naming the variable', () => {
    expect(
      loadConfig({ OBSERVATORY_CORS_ORIGINS: 'https://App.example.com, http://[::1]:3000' }, [])
        .corsOrigins,
    ).toEqual(['https://app.example.com', 'http://[::1]:3000'])
    expect(loadConfig({}, []).corsOrigins).toEqual([])
    expect(loadConfig({ OBSERVATORY_CORS_ORIGINS: '*' }, []).corsOrigins).toEqual(['*'])
    for (const bad of ['https://a.example/path', 'a.example', 'ftp://a.example', '*,https://a.b']) {
      expect(() => loadConfig({ OBSERVATORY_CORS_ORIGINS: bad }, [])).toThrow(
        /OBSERVATORY_CORS_ORIGINS is invalid/,
      )
    }
    expect(loadConfig({}, []).trustProxy).toBe(false)
    expect(loadConfig({ OBSERVATORY_TRUST_PROXY: 'true' }, []).trustProxy).toBe(true)
    expect(loadConfig({}, ['--trust-proxy', '10.0.0.0/8, ::1']).trustProxy).toEqual([
      '10.0.0.0/8',
      '::1',
    ])
    for (const bad of ['10.0.0.0/33', 'proxy.local', '2', '::1/129']) {
      expect(() => loadConfig({ OBSERVATORY_TRUST_PROXY: bad }, [])).toThrow(
        /OBSERVATORY_TRUST_PROXY is invalid/,
      )
    }
    expect(loadConfig({}, []).maxJsonDepth).toBe(64)
  })

  it('reads each limit from its variable and rejects a value that is not a positive integer', () => {
    const settings = loadConfig(
      {
        OBSERVATORY_RATE_LIMIT_ADMIN_PER_MINUTE: '7',
        OBSERVATORY_RATE_LIMIT_DEVELOPER_PER_MINUTE: '6',
        OBSERVATORY_RATE_LIMIT_VIEWER_PER_MINUTE: '5',
        OBSERVATORY_RATE_LIMIT_BILLING_PER_MINUTE: '4',
        OBSERVATORY_RATE_LIMIT_INGEST_PER_MINUTE: '3',
      },
      ['--rate-limit-anonymous-per-minute', '2'],
    ).rateLimit
    expect(settings).toEqual({
      enabled: true,
      perMinute: { admin: 7, developer: 6, viewer: 5, billing: 4, ingest: 3, anonymous: 2 },
    })
    expect(() => loadConfig({ OBSERVATORY_RATE_LIMIT_VIEWER_PER_MINUTE: '0' }, [])).toThrow(
      /OBSERVATORY_RATE_LIMIT_VIEWER_PER_MINUTE is invalid/,
    )
  })
})
