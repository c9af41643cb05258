import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const keyLength = 32
const saltLength = 16

/** scrypt cost: N=2^15, r=8, p=1 (OWASP's minimum is N=2^17 at r=8 with p=1, or equivalents; 2^15 keeps a login near 100 ms on a small server). */
const defaultParams = { N: 2 ** 15, r: 8, p: 1 } as const

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

/**
 * Hashes a password with scrypt (node:crypto) and a random per-user salt. The result holds
 * the parameters, so they can be raised later without breaking stored hashes.
 * @example await hashPassword('correct horse') // 'scrypt$32768$8$1$<salt>$<hash>'
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength)
  const key = await derive(password, salt, defaultParams)
  const { N, r, p } = defaultParams
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`
}

/**
 * Whether `password` matches `stored` (from {@link hashPassword}), compared in constant time.
 * A malformed hash is a mismatch, never an exception.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false
  const salt = Buffer.from(parts[4]!, 'base64')
  const expected = Buffer.from(parts[5]!, 'base64')
  if (expected.length !== keyLength) return false
  const actual = await derive(password, salt, { N, r, p })
  return timingSafeEqual(actual, expected)
}

/**
 * A hash of no one's password, verified against when the e-mail is unknown so a failed
 * login costs the same time whether or not the user exists.
 */
export const decoyPasswordHash = `scrypt$${defaultParams.N}$${defaultParams.r}$${defaultParams.p}$${Buffer.alloc(saltLength).toString('base64')}$${Buffer.alloc(keyLength).toString('base64')}`
