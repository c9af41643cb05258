import type { Migration } from '../migration.js'

/**
 * Project settings (issue 4): one row per project holding its settings as JSON text
 * (`viewer_sees_content`, `retention_days`, `pii` rules, …). The storage keeps the object
 * opaque; the server validates it. A project without a row has the defaults.
 */
export const duckDbProjects: Migration = {
  version: 3,
  name: 'projects',
  statements: [
    `CREATE TABLE project_settings (
      project_id VARCHAR PRIMARY KEY,
      settings VARCHAR NOT NULL,
      updated_at TIMESTAMP NOT NULL
    )`,
  ],
}
