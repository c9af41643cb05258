import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export const jwtSecretFileName = 'jwt-secret'

/**
 * The key that signs access tokens: `configured` (OBSERVATORY_JWT_SECRET) when given, else
 * the one in `<dataDir>/jwt-secret`, created at first start (256 random bits, mode 0600) so
 * logins survive restarts. Several nodes must share OBSERVATORY_JWT_SECRET.
 * @example const key = await loadJwtSecret('./data', null)
 */
export async function loadJwtSecret(
  dataDir: string,
  configured: string | null,
): Promise<Uint8Array> {
  if (configured !== null) return new TextEncoder().encode(configured)
  const file = path.join(dataDir, jwtSecretFileName)
  await mkdir(dataDir, { recursive: true })
  try {
    // `wx` fails when the file exists, so two starts racing keep one secret.
    await writeFile(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  const text = (await readFile(file, 'utf8')).trim()
  if (text.length < 32) throw new Error(`${file} holds no usable secret; delete it to create one`)
  return new TextEncoder().encode(text)
}
