import { stat } from 'node:fs/promises'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { App } from '../http/app-type.js'

export interface WebAppOptions {
  /** The built dashboard (`apps/web/dist`: index.html and assets/); null serves none. */
  webDir: string | null
}

/**
 * Paths the dashboard never answers: API, OTLP, docs and health keep their own routes, and an
 * unknown path under them is the API's JSON 404, not the dashboard page.
 */
const reservedPrefixes = ['/api/', '/v1/', '/docs', '/openapi.json', '/health']

/** Vite names files under assets/ by content hash, so they can be cached for good. */
const hashedAssetPrefix = '/assets/'

/**
 * Serves the web dashboard at `/` from `webDir`: files by path (hashed `/assets/*` cached for a
 * year, immutable), and `index.html` (never cached) for every other GET path without a file
 * extension, so deep links such as `/traces/abc` open the single-page app. Specific routes
 * (API, `/docs`, `/health`, `/openapi.json`) win over this wildcard; under the reserved prefixes
 * and for a missing file the answer is the usual JSON 404. When `webDir` has no index.html
 * (the build did not run), `/` answers 503 with the command that builds it. The route is
 * `public`: the page and its scripts hold no data; the API they call checks credentials.
 *
 * @example
 * await app.register(async (scope) => registerWebApp(scope, { webDir: '/srv/observatory/web' }))
 */
export async function registerWebApp(app: App, options: WebAppOptions): Promise<void> {
  const { webDir } = options
  if (webDir === null) return
  await app.register(fastifyStatic, { root: webDir, serve: false })
  app.get(
    '/*',
    { config: { permission: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const pathname = request.url.split('?')[0] ?? '/'
      if (reservedPrefixes.some((p) => pathname === p.replace(/\/$/, '') || pathname.startsWith(p)))
        return reply.callNotFound()
      const hasExtension = path.posix.extname(pathname) !== ''
      if (hasExtension) {
        // @fastify/send keeps the path inside root and answers a missing file via callNotFound.
        const isHashed = pathname.startsWith(hashedAssetPrefix)
        return reply.sendFile(
          pathname,
          isHashed ? { maxAge: 31_536_000_000, immutable: true } : { maxAge: 0 },
        )
      }
      if (!(await isFile(path.join(webDir, 'index.html'))))
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send(
            'The dashboard is not built. Run `npm run build -w apps/web` (npm install does it) and reload.\n',
          )
      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', { cacheControl: false })
    },
  )
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}
