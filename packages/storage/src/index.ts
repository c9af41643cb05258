export {
  makeWriteBatch,
  countBatchRows,
  type Backend,
  type BackendCapabilities,
  type WriteBatch,
  type TraceDetail,
  type ListTracesOptions,
  type ScoreQuery,
  type ScorePage,
  type StorageHealth,
} from './backend.js'
export {
  createDuckDbBackend,
  DuckDbBackend,
  duckDbFileName,
  type DuckDbBackendOptions,
} from './duckdb/duckdb-backend.js'
export { SqlBackend, type SqlBackendParts } from './sql-backend.js'
export { SqlParams, type SqlDialect } from './sql-dialect.js'
export type { StorageDriver, TransactionStep } from './storage-driver.js'
export type { StorageLogger } from './storage-logger.js'
export type { ColumnType, ColumnSpec, Row, RowMapper, RowValue } from './columns.js'
export type { Migration, AppliedMigration } from './migrations/migration.js'
export { duckDbMigrations } from './migrations/duckdb/duckdb-migrations.js'
export { spanRowMapper } from './rows/span-row-mapper.js'
export { computeTraceParts, type TracePart } from './rows/trace-part-row-mapper.js'
export { makeDuckDbRowAppender } from './duckdb/duckdb-values.js'
export {
  ProjectRepository,
  projectDataTables,
  type ProjectSettingsRecord,
} from './repositories/project-repository.js'
export { duckDbDialect } from './duckdb/duckdb-dialect.js'
export { duckDbResultConverter, toDuckDbParams } from './duckdb/duckdb-values.js'
export { IdentityRepository, type UserChanges } from './repositories/identity-repository.js'
