import type { Row } from '../columns.js'
import { readNumber, readString } from '../columns.js'
import type { SqlDialect } from '../sql-dialect.js'
import { SqlParams } from '../sql-dialect.js'
import type { StorageDriver } from '../storage-driver.js'
import type { StorageLogger } from '../storage-logger.js'

/**
 * One schema step of one engine. Migrations are frozen once released: their SQL is literal
 * text for that engine, never generated from the current row mappers, so an old database
 * upgrades through exactly the steps a new one was built with.
 */
export interface Migration {
  version: number
  name: string
  statements: readonly string[]
}

export interface AppliedMigration {
  version: number
  name: string
  appliedAtUs: number
}

export async function listAppliedMigrations(
  driver: StorageDriver,
  dialect: SqlDialect,
): Promise<AppliedMigration[]> {
  const q = (name: string): string => dialect.quoteIdentifier(name)
  const rows = await driver.query(
    `SELECT ${q('version')}, ${q('name')}, ${q('applied_at')} FROM ${q('schema_migrations')} ORDER BY ${q('version')}`,
    [],
  )
  return rows.map((row: Row) => ({
    version: readNumber(row, 'version'),
    name: readString(row, 'name'),
    appliedAtUs: readNumber(row, 'applied_at'),
  }))
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, each in
 * its own transaction together with its bookkeeping row. Returns the versions applied
 * (empty on a reopen of an up-to-date store).
 */
export async function applyMigrations(
  driver: StorageDriver,
  dialect: SqlDialect,
  migrations: readonly Migration[],
  logger: StorageLogger,
  nowUs: () => number = () => Date.now() * 1000,
): Promise<number[]> {
  await driver.execute(dialect.migrationsTableDdl(), [])
  const applied = new Set((await listAppliedMigrations(driver, dialect)).map((m) => m.version))
  const pending = [...migrations]
    .sort((a, b) => a.version - b.version)
    .filter((migration) => !applied.has(migration.version))
  const q = (name: string): string => dialect.quoteIdentifier(name)
  for (const migration of pending) {
    const params = new SqlParams(dialect)
    const record =
      `INSERT INTO ${q('schema_migrations')} (${q('version')}, ${q('name')}, ${q('applied_at')}) ` +
      `VALUES (${params.add(migration.version, 'int')}, ${params.add(migration.name, 'string')}, ${params.add(nowUs(), 'timestamp')})`
    await driver.transaction([
      ...migration.statements.map((sql) => ({ kind: 'sql' as const, sql, params: [] })),
      { kind: 'sql', sql: record, params: params.values },
    ])
    logger.info({ version: migration.version, name: migration.name }, 'storage migration applied')
  }
  return pending.map((migration) => migration.version)
}
