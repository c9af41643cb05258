import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { App } from '../http/app-type.js'
import { apiVersion } from '../http/envelope.js'

/** One registered route, as the `onRoute` hook saw it. */
export interface RouteEntry {
  method: string
  url: string
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered after {@link registerApiDocs}, in registration order. */
    readonly routeTable: readonly RouteEntry[]
  }
}

/** The tags of the OpenAPI document, in the order the docs page shows them. */
const tags = [
  { name: 'traces', description: 'Traces and their spans, logs and scores.' },
  { name: 'spans', description: 'Spans (observations) across traces.' },
  { name: 'sessions', description: 'Conversations: the traces of one session.' },
  { name: 'users', description: 'Usage and cost per end user.' },
  { name: 'analytics', description: 'Costs, performance, quality and time series.' },
  { name: 'scores', description: 'Numeric, boolean and categorical scores.' },
  {
    name: 'ingestion',
    description: 'The REST ingestion routes (LLM calls, logs, metrics, events).',
  },
  {
    name: 'otlp',
    description: 'OTLP/HTTP receivers (protobuf or JSON), per the OTLP specification.',
  },
  { name: 'projects', description: 'Projects, their settings, members and API keys.' },
  { name: 'events', description: 'Analytics events, including the audit trail.' },
  { name: 'auth', description: 'Login, token refresh, logout and the caller (me).' },
  { name: 'tokens', description: 'Personal access tokens of the logged-in user.' },
  { name: 'admin', description: 'User administration (instance administrators).' },
]

/**
 * The OpenAPI 3.1 document built from the route schemas at `GET /openapi.json`, and a browsable
 * page at `GET /docs` (Swagger UI, served from the package's own files: no network needed).
 * Register it on the root instance before any route, so every route is seen by the generator
 * and recorded in `app.routeTable`.
 *
 * @example
 * const app = Fastify()
 * await registerApiDocs(app)
 * await app.register(async (scope) => registerScoreRoutes(scope, deps))
 */
export async function registerApiDocs(app: App): Promise<void> {
  const routeTable: RouteEntry[] = []
  app.decorate('routeTable', routeTable)
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) routeTable.push({ method, url: route.url })
  })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'LLM Observatory API',
        version: apiVersion,
        description:
          'Ingestion and reads of LLM traces, logs, metrics, events and scores. Every response ' +
          'but the OTLP receivers uses the envelope { status, data, error, meta }.',
      },
      tags,
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              'A project secret key (sk-lo-…), a login access token (JWT) or a personal access token (pat-lo-…).',
          },
          basic: { type: 'http', scheme: 'basic', description: 'public key : secret key.' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
      security: [{ bearer: [] }, { basic: [] }, { apiKey: [] }],
    },
    transformObject: (document) =>
      'openapiObject' in document ? withOtlpPaths(document.openapiObject) : document.swaggerObject,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' })
  app.get('/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  )
}

const otlpMessages = { traces: 'Trace', logs: 'Logs', metrics: 'Metrics' } as const

/**
 * The OTLP receiver is one wildcard route (any path prefix); OpenAPI has no wildcard paths, so
 * the document shows it as the three standard paths, with both body encodings.
 */
function withOtlpPaths<T extends { paths?: object }>(spec: T): T {
  const paths = { ...(spec.paths as Record<string, { post?: object } | undefined> | undefined) }
  const wildcard = paths['/{*}']?.post
  if (wildcard === undefined) return spec
  delete paths['/{*}']
  for (const [signal, message] of Object.entries(otlpMessages)) {
    paths[`/v1/${signal}`] = {
      post: {
        ...wildcard,
        summary: `OTLP/HTTP ${signal} export`,
        description:
          `An Export${message}ServiceRequest as protobuf or JSON (gzip or deflate allowed), ` +
          `also under any path prefix (/api/public/otel/v1/${signal}). Answers follow the ` +
          'OTLP specification in the request encoding, not the envelope.',
        parameters: [],
        requestBody: {
          required: true,
          content: {
            'application/x-protobuf': {
              schema: { type: 'string', contentMediaType: 'application/x-protobuf' },
            },
            'application/json': { schema: { type: 'object' } },
          },
        },
        responses: {
          200: {
            description: `Export${message}ServiceResponse, with partialSuccess when items were rejected.`,
          },
        },
      },
    }
  }
  return { ...spec, paths }
}
