import type { ApiKey } from '@llm-observatory/core'
import { defineRowMapper, readNumber, readString, toJsonText, type RowMapper } from '../columns.js'
import { apiKeyRowMapper } from '../rows/metadata-row-mappers.js'
import { SqlParams, type SqlDialect } from '../sql-dialect.js'
import type { StorageDriver, TransactionStep } from '../storage-driver.js'

/** A project's settings as stored: an opaque JSON object the server validates. */
export interface ProjectSettingsRecord {
  projectId: string
  settings: Record<string, unknown>
  updatedAtUs: number
}

/** `project_settings`: one row per project whose settings differ from the defaults. */
export const projectSettingsRowMapper: RowMapper<ProjectSettingsRecord> = defineRowMapper(
  'project_settings',
  [
    { name: 'project_id', type: 'string', get: (s) => s.projectId },
    { name: 'settings', type: 'json', get: (s) => toJsonText(s.settings) },
    { name: 'updated_at', type: 'timestamp', get: (s) => s.updatedAtUs },
  ],
  (row) => ({
    projectId: readString(row, 'project_id'),
    settings: readSettingsJson(readString(row, 'settings')),
    updatedAtUs: readNumber(row, 'updated_at'),
  }),
)

/**
 * Tables a project's data must be removed from; {@link ProjectRepository.deleteProject} also
 * clears every other table that has a `project_id` column (memberships, tokens, tables added
 * later), so a new table cannot keep a deleted project's rows by being forgotten here.
 */
export const projectDataTables = [
  'spans',
  'traces',
  'logs',
  'metric_points',
  'events',
  'scores',
  'api_keys',
  'project_settings',
] as const

/**
 * Project administration over a driver and a dialect: rename, settings, key rotation and
 * revocation, and deleting a project with all its data. Reached as `backend.projects`.
 * @example
 * await backend.projects.saveSettings({ projectId, settings: { retention_days: 30 }, updatedAtUs })
 * const removed = await backend.projects.deleteProject(projectId) // ['api_keys', 'events', …]
 */
export class ProjectRepository {
  readonly #driver: StorageDriver
  readonly #dialect: SqlDialect

  constructor(driver: StorageDriver, dialect: SqlDialect) {
    this.#driver = driver
    this.#dialect = dialect
  }

  async renameProject(projectId: string, name: string): Promise<void> {
    const params = new SqlParams(this.#dialect)
    await this.#driver.execute(
      `UPDATE ${this.#q('projects')} SET ${this.#q('name')} = ${params.add(name, 'string')} ` +
        `WHERE ${this.#q('id')} = ${params.add(projectId, 'string')}`,
      params.values,
    )
  }

  /** The stored settings, or null when the project has never changed them. */
  async getSettings(projectId: string): Promise<ProjectSettingsRecord | null> {
    const params = new SqlParams(this.#dialect)
    const columns = projectSettingsRowMapper.columns.map((c) => this.#q(c.name)).join(', ')
    const rows = await this.#driver.query(
      `SELECT ${columns} FROM ${this.#q('project_settings')} ` +
        `WHERE ${this.#q('project_id')} = ${params.add(projectId, 'string')}`,
      params.values,
    )
    const row = rows[0]
    return row === undefined ? null : projectSettingsRowMapper.fromRow(row)
  }

  /** Replaces the project's settings object (one transaction: the old row goes, the new comes). */
  async saveSettings(record: ProjectSettingsRecord): Promise<void> {
    const remove = new SqlParams(this.#dialect)
    const insert = new SqlParams(this.#dialect)
    const row = projectSettingsRowMapper.toRow(record)
    const placeholders = projectSettingsRowMapper.columns.map((column, i) =>
      insert.add(row[i] ?? null, column.type),
    )
    await this.#driver.transaction([
      {
        kind: 'sql',
        sql:
          `DELETE FROM ${this.#q('project_settings')} ` +
          `WHERE ${this.#q('project_id')} = ${remove.add(record.projectId, 'string')}`,
        params: remove.values,
      },
      {
        kind: 'sql',
        sql:
          `INSERT INTO ${this.#q('project_settings')} ` +
          `(${projectSettingsRowMapper.columns.map((c) => this.#q(c.name)).join(', ')}) ` +
          `VALUES (${placeholders.join(', ')})`,
        params: insert.values,
      },
    ])
  }

  async getApiKey(keyId: string): Promise<ApiKey | null> {
    const params = new SqlParams(this.#dialect)
    const columns = apiKeyRowMapper.columns.map((c) => this.#q(c.name)).join(', ')
    const rows = await this.#driver.query(
      `SELECT ${columns} FROM ${this.#q('api_keys')} ` +
        `WHERE ${this.#q('id')} = ${params.add(keyId, 'string')}`,
      params.values,
    )
    const row = rows[0]
    return row === undefined ? null : apiKeyRowMapper.fromRow(row)
  }

  /** Gives the key a new secret (hash and display prefix); the public key and id stay. */
  async replaceApiKeySecret(
    keyId: string,
    secretHash: string,
    secretPrefix: string,
  ): Promise<void> {
    const params = new SqlParams(this.#dialect)
    await this.#driver.execute(
      `UPDATE ${this.#q('api_keys')} SET ${this.#q('secret_hash')} = ${params.add(secretHash, 'string')}, ` +
        `${this.#q('secret_prefix')} = ${params.add(secretPrefix, 'string')} ` +
        `WHERE ${this.#q('id')} = ${params.add(keyId, 'string')}`,
      params.values,
    )
  }

  /** Marks the key revoked at `revokedAtUs`; a key already revoked keeps its first time. */
  async revokeApiKey(keyId: string, revokedAtUs: number): Promise<void> {
    const params = new SqlParams(this.#dialect)
    await this.#driver.execute(
      `UPDATE ${this.#q('api_keys')} SET ${this.#q('revoked_at')} = ${params.add(revokedAtUs, 'timestamp')} ` +
        `WHERE ${this.#q('id')} = ${params.add(keyId, 'string')} AND ${this.#q('revoked_at')} IS NULL`,
      params.values,
    )
  }

  /**
   * Deletes the project and every row of it, in one transaction: the tables of
   * {@link projectDataTables} and any other table with a `project_id` column, then the
   * `projects` row. Other projects' rows are untouched. Returns the tables cleared, sorted.
   * Rows still waiting in a write queue when this runs are written afterwards; callers stop
   * ingestion first (revoke the keys) to keep that window small.
   */
  async deleteProject(projectId: string): Promise<string[]> {
    const tables = await this.#tablesWithProjectId()
    const missing = projectDataTables.filter((table) => !tables.includes(table))
    if (missing.length > 0) throw new Error(`tables without project_id: ${missing.join(', ')}`)
    const steps: TransactionStep[] = tables.map((table) => {
      const params = new SqlParams(this.#dialect)
      return {
        kind: 'sql',
        sql:
          `DELETE FROM ${this.#q(table)} ` +
          `WHERE ${this.#q('project_id')} = ${params.add(projectId, 'string')}`,
        params: params.values,
      }
    })
    const params = new SqlParams(this.#dialect)
    steps.push({
      kind: 'sql',
      sql: `DELETE FROM ${this.#q('projects')} WHERE ${this.#q('id')} = ${params.add(projectId, 'string')}`,
      params: params.values,
    })
    await this.#driver.transaction(steps)
    return tables
  }

  /** Table names come from the database catalog, never from a request. */
  async #tablesWithProjectId(): Promise<string[]> {
    const rows = await this.#driver.query(this.#dialect.selectTableColumns(), [])
    const tables = new Set<string>()
    for (const row of rows)
      if (readString(row, 'column_name') === 'project_id') tables.add(readString(row, 'table_name'))
    return [...tables].sort()
  }

  #q(name: string): string {
    return this.#dialect.quoteIdentifier(name)
  }
}

function readSettingsJson(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text)
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}
