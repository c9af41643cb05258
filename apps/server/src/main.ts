import { ConfigError, loadConfig } from './config.js'
import { createLogger } from './logger.js'
import { startServer } from './server.js'

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`observatory: ${err.message}\n`)
      process.exit(2)
    }
    throw err
  }
  const logger = createLogger(config.logLevel)
  const server = await startServer(config, logger)
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  const lines = [
    '',
    'LLM Observatory is running.',
    server.ports.api !== null ? `  API and dashboard   http://${host}:${server.ports.api}` : null,
    server.ports.otlpHttp !== null
      ? `  OTLP/HTTP           http://${host}:${server.ports.otlpHttp}  (POST /v1/traces, /v1/logs, /v1/metrics)`
      : null,
    server.ports.otlpGrpc !== null
      ? `  OTLP/gRPC           ${host}:${server.ports.otlpGrpc}`
      : null,
    `  Data                ${config.dataDir}`,
    config.allowUnauthenticatedLoopback
      ? '  OTLP from this machine needs no key: it lands in the default project.'
      : null,
  ]
  if (server.bootstrap.createdKey) {
    const { publicKey, secretKey } = server.bootstrap.createdKey
    lines.push(
      '',
      `Created the default project "${server.bootstrap.defaultProject.name}" and its ingestion key (shown once, stored hashed):`,
      `  public key  ${publicKey}`,
      `  secret key  ${secretKey}`,
      `  send it as  Authorization: Bearer ${secretKey}`,
      `         or   OTEL_EXPORTER_OTLP_HEADERS="Authorization=Bearer ${secretKey}"`,
    )
  }
  const admin = server.bootstrap.createdAdmin
  if (admin) {
    lines.push(
      '',
      admin.password === null
        ? `Created the first admin ${admin.email} with the password from OBSERVATORY_ADMIN_PASSWORD.`
        : `Created the first admin (password shown once, stored hashed):`,
      ...(admin.password === null
        ? []
        : [`  e-mail      ${admin.email}`, `  password    ${admin.password}`]),
      `  log in with POST /api/v1/auth/login {"email", "password"}`,
    )
  }
  process.stdout.write(lines.filter((l) => l !== null).join('\n') + '\n\n')

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down: finishing in-flight requests and flushing writes')
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
}

main().catch((err: unknown) => {
  process.stderr.write(
    `observatory: failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  )
  process.exit(1)
})
