import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { disabledRedactionPolicy, type RedactionPolicy } from '@llm-observatory/core'
import { ProjectRedactors } from '@llm-observatory/ingest'
import type { PiiRedactionSettings } from '../config.js'

export const piiHashSecretFileName = 'pii-hash-secret'

/**
 * The server-wide default policy for `OBSERVATORY_PII_REDACTION`: off, or every built-in
 * detector on in the given mode, over the default attribute keys.
 *
 * @example redactionPolicyForMode('hash') // { enabled: true, mode: 'hash', detectors: {}, customPatterns: [] }
 */
export function redactionPolicyForMode(mode: PiiRedactionSettings['mode']): RedactionPolicy {
  if (mode === 'off') return { ...disabledRedactionPolicy }
  return { enabled: true, mode, detectors: {}, customPatterns: [] }
}

/**
 * The secret hash-mode keys derive from: `configured` (OBSERVATORY_PII_HASH_SECRET) when given,
 * else the one in `<dataDir>/pii-hash-secret`, created at first start (256 random bits, mode
 * 0600) so hashes stay joinable across restarts. Nodes sharing a store must share the setting.
 */
export async function loadPiiHashSecret(
  dataDir: string,
  configured: string | null,
): Promise<string> {
  if (configured !== null) return configured
  const file = path.join(dataDir, piiHashSecretFileName)
  await mkdir(dataDir, { recursive: true })
  try {
    // `wx` fails when the file exists, so two starts racing keep one secret.
    await writeFile(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const text = (await readFile(file, 'utf8')).trim()
  if (text.length < 32) throw new Error(`${file} holds no usable secret; delete it to create one`)
  return text
}

/**
 * The ingest pipeline's redaction: each project's own rules (`projectPolicy`, null when it has
 * none) or else the server default from `settings.mode`.
 *
 * @example
 * const redaction = await createProjectRedactors({
 *   settings: config.piiRedaction, dataDir: config.dataDir,
 *   projectPolicy: async (id) => (await projectSettings.get(id)).pii,
 * })
 */
export async function createProjectRedactors(options: {
  settings: PiiRedactionSettings
  dataDir: string
  projectPolicy: (projectId: string) => Promise<RedactionPolicy | null>
}): Promise<ProjectRedactors> {
  const fallback = redactionPolicyForMode(options.settings.mode)
  return new ProjectRedactors({
    hashSecret: await loadPiiHashSecret(options.dataDir, options.settings.hashSecret),
    policyFor: async (projectId) => (await options.projectPolicy(projectId)) ?? fallback,
  })
}
