import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Validator } from '@seriousme/openapi-schema-validator'
import { encodeOtlpRequest } from '@llm-observatory/ingest'
import { randomSpanId, randomTraceId } from '@llm-observatory/testkit'
import { authHeader, startTestServer, type TestServer } from './test-server.js'

interface Operation {
  tags?: string[]
  summary?: string
  parameters?: { in: string; name: string }[]
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>
}
interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string }
  paths: Record<string, Record<string, Operation>>
  tags: { name: string }[]
}

describe('OpenAPI document and docs page', () => {
  let server: TestServer
  let spec: OpenApiDocument
  let document: Record<string, unknown>

  beforeAll(async () => {
    server = await startTestServer()
    const res = await server.app.inject({ method: 'GET', url: '/openapi.json' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    spec = res.json<OpenApiDocument>()
    document = res.json<Record<string, unknown>>()
  })
  afterAll(async () => server.close())

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(spec.openapi).toMatch(/^3\.1\.\d+$/)
    const result = await new Validator().validate(document)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
  })

  it('documents every registered /api/v1 route with a tag and a summary', () => {
    const routes = server.app.routeTable.filter(
      (r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD',
    )
    // The routes this work added or touched, so an empty route table cannot pass.
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/scores',
        'GET /api/v1/scores',
        'GET /api/v1/traces/:id',
        'POST /api/v1/ingest/llm',
      ]),
    )
    for (const route of routes) {
      const path = route.url.replace(/:([A-Za-z_]+)/g, '{$1}')
      const operation = spec.paths[path]?.[route.method.toLowerCase()]
      expect(operation, `${route.method} ${route.url}`).toBeDefined()
      expect(operation!.summary, `${route.method} ${route.url}`).toMatch(/\S/)
      expect(operation!.tags?.length, `${route.method} ${route.url}`).toBeGreaterThan(0)
      for (const tag of operation!.tags ?? []) expect(tag).toMatch(/^[a-z][a-z-]*$/)
    }
  })

  it('describes the scores routes from their schemas', () => {
    const post = spec.paths['/api/v1/scores']!['post']!
    const body = post.requestBody!.content['application/json']!.schema
    expect((body['anyOf'] as unknown[]).length).toBe(3)
    expect(Object.keys(post.responses).sort()).toEqual(['200', '201', '207'])
    const list = spec.paths['/api/v1/scores']!['get']!
    expect(list.parameters!.map((p) => p.name)).toEqual([
      'page',
      'per_page',
      'cursor',
      'trace_id',
      'span_id',
      'session_id',
      'name',
      'source',
      'from',
      'to',
    ])
    const listSchema = list.responses['200']!.content!['application/json']!.schema as {
      required: string[]
    }
    expect(listSchema.required).toContain('pagination')
    const detail = spec.paths['/api/v1/traces/{id}']!['get']!
    expect(detail.parameters).toEqual([expect.objectContaining({ in: 'path', name: 'id' })])
  })

  it('shows the OTLP receiver as the three standard paths with both encodings', () => {
    for (const signal of ['traces', 'logs', 'metrics']) {
      const operation = spec.paths[`/v1/${signal}`]?.['post']
      expect(operation?.tags).toEqual(['otlp'])
      expect(Object.keys(operation!.requestBody!.content).sort()).toEqual([
        'application/json',
        'application/x-protobuf',
      ])
    }
    expect(spec.paths['/{*}']).toBeUndefined()
  })

  it('still accepts protobuf and JSON OTLP bodies on the API port', async () => {
    const traceId = randomTraceId()
    const now = BigInt(Date.now()) * 1_000_000n
    const request = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: randomSpanId(),
                  name: 'proto-span',
                  startTimeUnixNano: String(now),
                  endTimeUnixNano: String(now + 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    }
    const proto = await server.app.inject({
      method: 'POST',
      url: '/v1/traces',
      headers: { 'content-type': 'application/x-protobuf', ...authHeader },
      payload: encodeOtlpRequest('traces', request),
    })
    expect(proto.statusCode).toBe(200)
    expect(proto.headers['content-type']).toBe('application/x-protobuf')
    const json = await server.app.inject({
      method: 'POST',
      url: '/api/public/otel/v1/traces',
      headers: { 'content-type': 'application/json', ...authHeader },
      payload: JSON.stringify({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  { ...request.resourceSpans[0]!.scopeSpans[0]!.spans[0]!, spanId: randomSpanId() },
                ],
              },
            ],
          },
        ],
      }),
    })
    expect(json.statusCode).toBe(200)
    const detail = await server.app.inject({
      method: 'GET',
      url: `/api/v1/traces/${traceId}`,
      headers: authHeader,
    })
    expect(detail.json<{ data: { spans: unknown[] } }>().data.spans).toHaveLength(2)
  })

  it('serves the docs page and its assets from the package, without network', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/docs' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.body).toContain('swagger-ui-bundle.js')
    const bundle = await server.app.inject({
      method: 'GET',
      url: '/docs/static/swagger-ui-bundle.js',
    })
    expect(bundle.statusCode).toBe(200)
    expect(bundle.headers['content-type']).toMatch(/javascript/)
    expect(bundle.body.length).toBeGreaterThan(100_000)
    const init = await server.app.inject({
      method: 'GET',
      url: '/docs/static/swagger-initializer.js',
    })
    expect(init.statusCode).toBe(200)
    // The page loads the document from ./json beside it: the same document as /openapi.json.
    expect(init.body).toContain("url: resolveUrl('./json')")
    const beside = await server.app.inject({ method: 'GET', url: '/docs/json' })
    expect(beside.json<OpenApiDocument>().paths).toEqual(spec.paths)
  })
})
