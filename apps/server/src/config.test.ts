import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig({}, [])
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      otlpHttpPort: 4318,
      otlpGrpcPort: 4317,
      dataDir: path.resolve('./data'),
      store: 'duckdb',
      allowUnauthenticatedLoopback: true,
    })
  })

  it('lets CLI flags win over environment variables', () => {
    const config = loadConfig({ OBSERVATORY_PORT: '9000', OBSERVATORY_DATA_DIR: '/tmp/a' }, [
      'start',
      '--port',
      '9100',
    ])
    expect(config.port).toBe(9100)
    expect(config.dataDir).toBe('/tmp/a')
  })

  it('turns unauthenticated loopback OTLP off by default for a non-loopback bind', () => {
    expect(loadConfig({ OBSERVATORY_HOST: '0.0.0.0' }, []).allowUnauthenticatedLoopback).toBe(false)
  })

  it('stops with a message naming the variable and what it accepts', () => {
    expect(() => loadConfig({ OBSERVATORY_PORT: 'eighty' }, [])).toThrow(
      new ConfigError('OBSERVATORY_PORT is invalid: it accepts a port 0-65535 (0 disables).'),
    )
    expect(() => loadConfig({}, ['--otlp-grpc-port', '70000'])).toThrow(
      /--otlp-grpc-port is invalid/,
    )
    expect(() => loadConfig({}, ['--no-such-flag'])).toThrow(ConfigError)
  })

  it('requires both init keys together', () => {
    expect(() => loadConfig({ OBSERVATORY_INIT_PROJECT_PUBLIC_KEY: 'pk-lo-abcd' }, [])).toThrow(
      /must be set together/,
    )
  })
})
