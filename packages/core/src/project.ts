import type { RedactionPolicy } from './redaction-policy.js'

export interface Project {
  id: string
  name: string
  createdAtUs: number
  isDefault: boolean
}

/**
 * A project ingestion key: a Langfuse-style pair. The public key is stored in clear
 * (it identifies the key), the secret only as a hash.
 */
export interface ApiKey {
  id: string
  projectId: string
  publicKey: string
  /** SHA-256 hex of the secret: secrets are 192-bit random, so a fast hash is safe and keeps auth off the hot path. */
  secretHash: string
  /** First characters of the secret, shown in lists. */
  secretPrefix: string
  name: string
  createdAtUs: number
  lastUsedAtUs: number | null
  revokedAtUs: number | null
}

/**
 * A project's settings (PATCH /api/v1/projects/:id). A project that never changed them has
 * {@link defaultProjectSettings}.
 */
export interface ProjectSettings {
  /** Viewers see prompt and response text; when false they see traces without it. */
  viewerSeesContent: boolean
  /** Days of data kept; null keeps everything. */
  retentionDays: number | null
  /** PII redaction rules applied at ingestion; null: the server's default (off unless configured). */
  pii: RedactionPolicy | null
}

export const defaultProjectSettings: Readonly<ProjectSettings> = Object.freeze({
  viewerSeesContent: true,
  retentionDays: null,
  pii: null,
})
