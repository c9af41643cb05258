import type { Migration } from '../migration.js'
import { duckDbInit } from './0001-init.js'
import { duckDbIdentity } from './0002-identity.js'
import { duckDbProjects } from './0003-projects.js'
import { duckDbRedaction } from './0004-redaction.js'
import { duckDbTraceKey } from './0005-trace-key.js'

/** Every DuckDB migration, in version order. Append new ones; never edit a released one. */
export const duckDbMigrations: readonly Migration[] = [
  duckDbInit,
  duckDbIdentity,
  duckDbProjects,
  duckDbRedaction,
  duckDbTraceKey,
]
