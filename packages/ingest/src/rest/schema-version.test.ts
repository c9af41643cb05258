import { describe, expect, it } from 'vitest'
import { ObservatoryError } from '@llm-observatory/core'
import { checkSchemaVersion } from './schema-version.js'

function errorOf(version: string): ObservatoryError {
  try {
    checkSchemaVersion(version)
  } catch (err) {
    if (err instanceof ObservatoryError) return err
    throw err
  }
  throw new Error(`expected ${version} to be rejected`)
}

describe('checkSchemaVersion', () => {
  it.each(['1', '1.0', '1.0.0', '1.2.3', '1.99', 'v1.1', ' 1.0.0 ', '1.0.0-rc.1', '1.4.0+build.7'])(
    'accepts %j (major 1)',
    (version) => {
      expect(() => checkSchemaVersion(version)).not.toThrow()
    },
  )

  it.each([
    ['2.0', 'schema_version 2.0 is not supported; supported: 1.x'],
    ['2', 'schema_version 2 is not supported; supported: 1.x'],
    ['0.9.1', 'schema_version 0.9.1 is not supported; supported: 1.x'],
    ['10.0.0', 'schema_version 10.0.0 is not supported; supported: 1.x'],
  ])('rejects the unsupported major %j', (version, message) => {
    const err = errorOf(version)
    expect(err.code).toBe('ERR_INGEST_SCHEMA_VERSION')
    expect(err.apiCode).toBe('validation_error')
    expect(err.statusCode).toBe(400)
    expect(err.message).toBe(message)
    expect(err.details).toEqual({ supported_versions: ['1.x'] })
    expect(err.fieldErrors).toEqual([{ field: 'schema_version', message: 'supported: 1.x' }])
  })

  it.each(['', 'latest', '1.x', '1.0.0.0', 'one', `2.0.0-${'a'.repeat(65)}`])(
    'rejects the malformed version %j',
    (version) => {
      const err = errorOf(version)
      expect(err.code).toBe('ERR_INGEST_SCHEMA_VERSION')
      expect(err.message).toBe('schema_version must be a version such as 1.0.0; supported: 1.x')
      expect(err.details).toEqual({ supported_versions: ['1.x'] })
    },
  )
})
