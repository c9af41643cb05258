import type { ApiKey, Project } from '@llm-observatory/core'
import {
  defineRowMapper,
  readBoolean,
  readNullableNumber,
  readNumber,
  readString,
} from '../columns.js'

export const projectRowMapper = defineRowMapper<Project>(
  'projects',
  [
    { name: 'id', type: 'string', get: (p) => p.id },
    { name: 'name', type: 'string', get: (p) => p.name },
    { name: 'created_at', type: 'timestamp', get: (p) => p.createdAtUs },
    { name: 'is_default', type: 'boolean', get: (p) => p.isDefault },
  ],
  (row) => ({
    id: readString(row, 'id'),
    name: readString(row, 'name'),
    createdAtUs: readNumber(row, 'created_at'),
    isDefault: readBoolean(row, 'is_default'),
  }),
)

/** `api_keys`: the secret itself is never stored, only its SHA-256 and a display prefix. */
export const apiKeyRowMapper = defineRowMapper<ApiKey>(
  'api_keys',
  [
    { name: 'id', type: 'string', get: (k) => k.id },
    { name: 'project_id', type: 'string', get: (k) => k.projectId },
    { name: 'public_key', type: 'string', get: (k) => k.publicKey },
    { name: 'secret_hash', type: 'string', get: (k) => k.secretHash },
    { name: 'secret_prefix', type: 'string', get: (k) => k.secretPrefix },
    { name: 'name', type: 'string', get: (k) => k.name },
    { name: 'created_at', type: 'timestamp', get: (k) => k.createdAtUs },
    { name: 'last_used_at', type: 'timestamp', get: (k) => k.lastUsedAtUs },
    { name: 'revoked_at', type: 'timestamp', get: (k) => k.revokedAtUs },
  ],
  (row) => ({
    id: readString(row, 'id'),
    projectId: readString(row, 'project_id'),
    publicKey: readString(row, 'public_key'),
    secretHash: readString(row, 'secret_hash'),
    secretPrefix: readString(row, 'secret_prefix'),
    name: readString(row, 'name'),
    createdAtUs: readNumber(row, 'created_at'),
    lastUsedAtUs: readNullableNumber(row, 'last_used_at'),
    revokedAtUs: readNullableNumber(row, 'revoked_at'),
  }),
)
