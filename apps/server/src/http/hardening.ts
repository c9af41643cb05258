import fastifyCors from '@fastify/cors'
import fastifyHelmet from '@fastify/helmet'
import { ObservatoryError } from '@llm-observatory/core'
import type { App } from './app-type.js'
import { isJsonDeeperThan } from './json-depth.js'

export interface HardeningOptions {
  /** Browser origins allowed to call the API (`['*']` for any); empty: no CORS headers. */
  corsOrigins: readonly string[]
  /** Deepest nesting of arrays and objects accepted in a JSON body (400 beyond). */
  maxJsonDepth: number
}

/**
 * The Content-Security-Policy: helmet's defaults (scripts only from this origin, no inline
 * script, no plugins, no framing by other sites) without `upgrade-insecure-requests`, which
 * would send a plain-HTTP self-hosted server's own /docs assets to https:// and break the page.
 * Swagger UI at /docs loads its scripts and styles from this origin, so it works under it.
 */
export const contentSecurityPolicy = {
  useDefaults: true,
  directives: { 'upgrade-insecure-requests': null },
} as const

/** Headers a browser script on an allowed origin may read: rate limits and retry delays. */
const exposedHeaders = [
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-reset',
  'retry-after',
]

/**
 * Security headers (helmet), CORS, and a nesting limit on JSON bodies, on the root instance
 * (register before the routes).
 *
 * - Headers: CSP as {@link contentSecurityPolicy}, `X-Content-Type-Options: nosniff`,
 *   `X-Frame-Options: SAMEORIGIN`, `Referrer-Policy: no-referrer`, `Strict-Transport-Security`
 *   (browsers honour it only over HTTPS, e.g. behind a TLS proxy), cross-origin policies.
 * - CORS: only the configured origins get `Access-Control-Allow-Origin`; credentials are not
 *   allowed (the API takes bearer tokens, not cookies); preflights are answered before auth.
 * - JSON: bodies deeper than `maxJsonDepth` are rejected with 400 `validation_error` naming
 *   `(body)`, before validation and handlers walk them. Prototype-poisoning keys stay errors
 *   (Fastify's parser).
 *
 * @example await registerHardening(app, { corsOrigins: ['https://app.example.com'], maxJsonDepth: 64 })
 */
export async function registerHardening(app: App, options: HardeningOptions): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy,
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
  })
  if (options.corsOrigins.length > 0) {
    const allowed = new Set(options.corsOrigins)
    // Its catch-all preflight route answers before authentication (denied origins: 404), so it
    // is public, as the auth hook wants every route to say.
    app.addHook('onRoute', (route) => {
      if (route.method === 'OPTIONS' && route.url === '*') {
        route.config = Object.assign({}, route.config, { permission: 'public' })
      }
    })
    await app.register(fastifyCors, {
      // A function, not a list: a list answers every preflight 204 (without the allow
      // header); a refused origin here gets no CORS handling at all (preflight: 404).
      origin:
        options.corsOrigins[0] === '*'
          ? '*'
          : (origin, done) => done(null, allowed.has(origin ?? '')),
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      exposedHeaders,
      credentials: false,
      maxAge: 600,
    })
  }
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    void parseJson(request, text, (err: Error | null, value?: unknown) => {
      if (err) {
        done(err, undefined)
        return
      }
      if (isJsonDeeperThan(value, options.maxJsonDepth)) {
        const message = `nests arrays and objects deeper than ${options.maxJsonDepth} levels`
        done(
          new ObservatoryError('ERR_REQUEST_TOO_DEEP', {
            message: `The JSON body ${message}.`,
            details: { max_depth: options.maxJsonDepth },
            fieldErrors: [{ field: '(body)', message }],
          }),
          undefined,
        )
        return
      }
      done(null, value)
    })
  })
}
