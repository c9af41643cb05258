import { randomUUID } from 'node:crypto'
import type { Project } from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { ApiKeyService } from './auth/api-key-service.js'

export interface BootstrapResult {
  defaultProject: Project
  /** Set only when this start created the default project's first key. */
  createdKey: { publicKey: string; secretKey: string } | null
}

/**
 * Makes sure a default project and an ingestion key exist. The key's secret is returned only
 * when it was created now (to be printed once); OBSERVATORY_INIT_PROJECT_* keys are used when
 * given and the project has no key yet.
 */
export async function bootstrapDefaultProject(
  backend: Backend,
  keys: ApiKeyService,
  init: { projectPublicKey: string | null; projectSecretKey: string | null },
  now: () => number = Date.now,
): Promise<BootstrapResult> {
  let project = (await backend.listProjects()).find((p) => p.isDefault) ?? null
  if (!project) {
    project = { id: randomUUID(), name: 'Default', createdAtUs: now() * 1000, isDefault: true }
    await backend.createProject(project)
  }
  const existing = await backend.listApiKeys(project.id)
  if (existing.length > 0) return { defaultProject: project, createdKey: null }
  const explicit =
    init.projectPublicKey && init.projectSecretKey
      ? { publicKey: init.projectPublicKey, secretKey: init.projectSecretKey }
      : undefined
  const created = await keys.createKey(project.id, 'default', explicit)
  return {
    defaultProject: project,
    createdKey: { publicKey: created.key.publicKey, secretKey: created.secretKey },
  }
}
