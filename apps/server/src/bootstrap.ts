import { randomBytes, randomUUID } from 'node:crypto'
import type { Project, User } from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'
import type { ApiKeyService } from './auth/api-key-service.js'
import { hashPassword } from './auth/password-hasher.js'

export interface BootstrapResult {
  defaultProject: Project
  /** Set only when this start created the default project's first key. */
  createdKey: { publicKey: string; secretKey: string } | null
  /**
   * Set only when this start created the first admin; `password` only when it was generated
   * (to be printed once), null when it came from OBSERVATORY_ADMIN_PASSWORD.
   */
  createdAdmin: { email: string; password: string | null } | null
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
): Promise<Omit<BootstrapResult, 'createdAdmin'>> {
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

/**
 * Creates the first user when there is none: an instance admin, admin of the default
 * project, with `email` and `password` (OBSERVATORY_ADMIN_*) or a random 24-character
 * password returned to be printed once. Later starts change nothing.
 * @example const admin = await bootstrapFirstAdmin(backend, project.id, { email: 'admin@localhost', password: null })
 */
export async function bootstrapFirstAdmin(
  backend: Backend,
  defaultProjectId: string,
  init: { email: string; password: string | null },
  now: () => number = Date.now,
): Promise<BootstrapResult['createdAdmin']> {
  if ((await backend.identity.countUsers()) > 0) return null
  const password = init.password ?? randomBytes(18).toString('base64url')
  const nowUs = now() * 1000
  const user: User = {
    id: randomUUID(),
    email: init.email.toLowerCase(),
    name: 'Administrator',
    passwordHash: await hashPassword(password),
    isInstanceAdmin: true,
    createdAtUs: nowUs,
    updatedAtUs: nowUs,
    disabledAtUs: null,
  }
  await backend.identity.createUser(user, [
    { userId: user.id, projectId: defaultProjectId, role: 'admin', createdAtUs: nowUs },
  ])
  return { email: user.email, password: init.password === null ? password : null }
}
