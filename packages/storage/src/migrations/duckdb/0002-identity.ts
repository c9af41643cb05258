import type { Migration } from '../migration.js'

/**
 * Users, project memberships, personal access tokens and login sessions (issue 4). Secrets
 * (passwords, tokens) are stored only as hashes. Small metadata tables: keys and unique
 * constraints are cheap here, unlike on the appended record tables.
 */
export const duckDbIdentity: Migration = {
  version: 2,
  name: 'identity',
  statements: [
    `CREATE TABLE users (
      id VARCHAR PRIMARY KEY,
      email VARCHAR NOT NULL UNIQUE,
      name VARCHAR,
      password_hash VARCHAR NOT NULL,
      is_instance_admin BOOLEAN NOT NULL,
      created_at TIMESTAMP NOT NULL,
      updated_at TIMESTAMP NOT NULL,
      disabled_at TIMESTAMP
    )`,
    `CREATE TABLE memberships (
      user_id VARCHAR NOT NULL,
      project_id VARCHAR NOT NULL,
      role VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL,
      PRIMARY KEY (user_id, project_id)
    )`,
    `CREATE TABLE personal_tokens (
      id VARCHAR PRIMARY KEY,
      user_id VARCHAR NOT NULL,
      project_id VARCHAR NOT NULL,
      role VARCHAR NOT NULL,
      name VARCHAR NOT NULL,
      token_hash VARCHAR NOT NULL UNIQUE,
      token_prefix VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL,
      expires_at TIMESTAMP,
      last_used_at TIMESTAMP,
      revoked_at TIMESTAMP
    )`,
    `CREATE TABLE auth_sessions (
      id VARCHAR PRIMARY KEY,
      user_id VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL,
      expires_at TIMESTAMP NOT NULL,
      revoked_at TIMESTAMP
    )`,
    `CREATE TABLE refresh_tokens (
      token_hash VARCHAR PRIMARY KEY,
      session_id VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL,
      expires_at TIMESTAMP NOT NULL,
      used_at TIMESTAMP
    )`,
  ],
}
