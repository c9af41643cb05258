import type { Migration } from '../migration.js'
import { duckDbInit } from './0001-init.js'

/** Every DuckDB migration, in version order. Append new ones; never edit a released one. */
export const duckDbMigrations: readonly Migration[] = [duckDbInit]
