import { describe, expect, it } from 'vitest'
import { decoyPasswordHash, hashPassword, verifyPassword } from './password-hasher.js'

describe('password hashing', () => {
  it('salts each hash, verifies the right password and rejects others', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse'), hashPassword('correct horse')])
    expect(a).not.toBe(b)
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    expect(await verifyPassword('correct horse', a)).toBe(true)
    expect(await verifyPassword('correct horse', b)).toBe(true)
    expect(await verifyPassword('correct horsE', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
  })

  it('treats malformed hashes and the decoy as mismatches, never as errors', async () => {
    for (const stored of ['', 'plain', 'scrypt$1$2$3$x$y', 'bcrypt$a$b$c$d$e', decoyPasswordHash])
      expect(await verifyPassword('anything', stored)).toBe(false)
  })
})
