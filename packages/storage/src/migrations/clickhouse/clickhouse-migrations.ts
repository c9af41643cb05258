import type { Migration } from '../migration.js'
import { clickHouseInit } from './0001-init.js'
import { clickHouseRedaction } from './0004-redaction.js'
import { clickHouseTraceKey } from './0005-trace-key.js'

/** Every ClickHouse migration, in version order. Append new ones; never edit a released one. */
export const clickHouseMigrations: readonly Migration[] = [
  clickHouseInit,
  clickHouseRedaction,
  clickHouseTraceKey,
]
