import { ObservatoryError } from '@llm-observatory/core'

/** Major versions of the analytics event schema (seed 001, current 1.0.0) this server reads. */
export const supportedSchemaMajors: readonly number[] = [1]

/** The version stored when an event names none. */
export const defaultSchemaVersion = '1.0.0'

const versionPattern = /^v?(\d{1,4})(?:\.(\d{1,4}))?(?:\.(\d{1,4}))?(?:[-+][0-9A-Za-z.-]{1,64})?$/

/**
 * Checks an event's `schema_version` (semantic versioning, seed 001: a new major is a breaking
 * change, minors add optional fields). Any version of a supported major is accepted (`1`,
 * `1.0`, `1.2.3`, `v1.1`, `1.0.0-rc.1`), since minor and patch changes are readable by
 * definition. Throws `ERR_INGEST_SCHEMA_VERSION` (400 validation_error) with
 * `details.supported_versions` otherwise.
 *
 * @example checkSchemaVersion('1.4.0') // ok
 * @example checkSchemaVersion('2.0') // throws: 'schema_version 2.0 is not supported; supported: 1.x'
 */
export function checkSchemaVersion(version: string): void {
  const supported = supportedSchemaMajors.map((m) => `${m}.x`)
  const match = versionPattern.exec(version.trim())
  if (!match) {
    const message = 'schema_version must be a version such as 1.0.0'
    throw new ObservatoryError('ERR_INGEST_SCHEMA_VERSION', {
      message: `${message}; supported: ${supported.join(', ')}`,
      details: { supported_versions: supported },
      fieldErrors: [{ field: 'schema_version', message }],
    })
  }
  if (!supportedSchemaMajors.includes(Number(match[1]))) {
    const message = `schema_version ${version.trim()} is not supported; supported: ${supported.join(', ')}`
    throw new ObservatoryError('ERR_INGEST_SCHEMA_VERSION', {
      message,
      details: { supported_versions: supported },
      fieldErrors: [{ field: 'schema_version', message: `supported: ${supported.join(', ')}` }],
    })
  }
}
