import type { App } from '../src/http/app-type.js'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import net from 'node:net'
import type { Backend } from '@llm-observatory/storage'
import { loadConfig, type Config } from '../src/config.js'
import { createLogger } from '../src/logger.js'
import { buildApp, buildOtlpApp } from '../src/app.js'
import { createServices, type Services } from '../src/server.js'

export const testPublicKey = 'pk-lo-test-public'
export const testSecretKey = 'sk-lo-test-secret-000001'
export const authHeader = { authorization: `Bearer ${testSecretKey}` }

export interface TestServer {
  app: App
  otlpApp: App
  services: Services
  config: Config
  close(): Promise<void>
}

/** An in-process server on its own temporary data dir, reached with `app.inject()`. */
export async function startTestServer(
  env: Record<string, string> = {},
  overrides: { backend?: (config: Config) => Backend } = {},
): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'observatory-test-'))
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
  const services = await createServices(
    config,
    createLogger('silent'),
    overrides.backend ? { backend: overrides.backend(config) } : {},
  )
  const app = await buildApp(services.deps)
  const otlpApp = await buildOtlpApp(services.deps)
  return {
    app,
    otlpApp,
    services,
    config,
    close: async () => {
      await app.close()
      await otlpApp.close()
      await services.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** A port free right now on loopback, for tests that need real listeners. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}
