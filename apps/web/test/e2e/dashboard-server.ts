import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { build } from 'vite'
import { loadConfig, startServer, type RunningServer } from '@llm-observatory/server'

export const adminEmail = 'admin@e2e.test'
export const adminPassword = 'e2e-password-0001'
export const secretKey = 'sk-lo-e2e-secret-0000001'

export interface DashboardServer {
  /** `http://127.0.0.1:<port>`: the API and the dashboard. */
  origin: string
  /** The dashboard build the server serves (a fresh build of the current source). */
  webDir: string
  server: RunningServer
  close(): Promise<void>
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Builds the dashboard from the current source into a temporary folder (so the test never
 * runs a stale apps/web/dist) and starts the real server on a free loopback port serving it,
 * on its own data dir, with a known first admin and project key. OTLP listeners are off.
 */
export async function startDashboardServer(): Promise<DashboardServer> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'observatory-e2e-'))
  const webDir = path.join(tmp, 'web')
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    build: { outDir: webDir, emptyOutDir: true },
    logLevel: 'warn',
  })
  const port = await freePort()
  const config = loadConfig(
    {
      OBSERVATORY_HOST: '127.0.0.1',
      OBSERVATORY_PORT: String(port),
      OBSERVATORY_OTLP_HTTP_PORT: '0',
      OBSERVATORY_OTLP_GRPC_PORT: '0',
      OBSERVATORY_DATA_DIR: path.join(tmp, 'data'),
      OBSERVATORY_WEB_DIR: webDir,
      OBSERVATORY_ADMIN_EMAIL: adminEmail,
      OBSERVATORY_ADMIN_PASSWORD: adminPassword,
      OBSERVATORY_INIT_PROJECT_PUBLIC_KEY: 'pk-lo-e2e-public',
      OBSERVATORY_INIT_PROJECT_SECRET_KEY: secretKey,
      OBSERVATORY_FLUSH_INTERVAL_MS: '5',
      OBSERVATORY_DUCKDB_MEMORY_LIMIT: '1GB',
    },
    [],
  )
  const server = await startServer(config, pino({ level: 'silent' }))
  return {
    origin: `http://127.0.0.1:${server.ports.api}`,
    webDir,
    server,
    close: async () => {
      await server.close()
      await rm(tmp, { recursive: true, force: true })
    },
  }
}
