/**
 * The contract of `backend.identity` every backend passes: call `describeIdentityContract`
 * from one test file per engine. Each test opens its own store in a fresh folder.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { AuthSession, Membership, PersonalToken, User } from '@llm-observatory/core'
import { defaultTimeUs, randomProjectId } from '@llm-observatory/testkit'
import type { Backend } from '../src/index.js'

function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: randomUUID(),
    email: `user-${randomBytes(4).toString('hex')}@example.com`,
    name: 'Ada Lovelace',
    passwordHash: `scrypt$32768$8$1$${randomBytes(16).toString('base64')}$${randomBytes(32).toString('base64')}`,
    isInstanceAdmin: false,
    createdAtUs: defaultTimeUs,
    updatedAtUs: defaultTimeUs,
    disabledAtUs: null,
    ...overrides,
  }
}

function makeToken(overrides: Partial<PersonalToken> = {}): PersonalToken {
  return {
    id: randomUUID(),
    userId: randomUUID(),
    projectId: randomProjectId(),
    role: 'viewer',
    name: 'ci',
    tokenHash: randomBytes(32).toString('hex'),
    tokenPrefix: 'pat-lo-abc',
    createdAtUs: defaultTimeUs,
    expiresAtUs: null,
    lastUsedAtUs: null,
    revokedAtUs: null,
    ...overrides,
  }
}

export function describeIdentityContract(
  name: string,
  makeBackend: (location: string) => Backend,
): void {
  describe(`identity contract: ${name}`, () => {
    const opened: Backend[] = []
    const folders: string[] = []

    async function openBackend(): Promise<Backend> {
      const folder = await mkdtemp(join(tmpdir(), 'observatory-identity-'))
      folders.push(folder)
      const backend = makeBackend(folder)
      await backend.open()
      opened.push(backend)
      return backend
    }

    afterEach(async () => {
      for (const backend of opened.splice(0)) await backend.close()
      for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
    })

    it('stores users with their memberships and finds them by id and lower-cased e-mail', async () => {
      const backend = await openBackend()
      expect(await backend.identity.countUsers()).toBe(0)
      const user = makeUser({ email: 'ada@example.com', name: null, isInstanceAdmin: true })
      const [first, second] = [randomProjectId(), randomProjectId()]
      const memberships: Membership[] = [
        { userId: user.id, projectId: first, role: 'admin', createdAtUs: defaultTimeUs },
        { userId: user.id, projectId: second, role: 'billing', createdAtUs: defaultTimeUs + 1 },
      ]
      await backend.identity.createUser(user, memberships)
      expect(await backend.identity.countUsers()).toBe(1)
      expect(await backend.identity.getUser(user.id)).toEqual(user)
      expect(await backend.identity.findUserByEmail('ADA@example.com')).toEqual(user)
      expect(await backend.identity.findUserByEmail('bob@example.com')).toBeNull()
      expect(await backend.identity.listMemberships(user.id)).toEqual(memberships)
      expect(await backend.identity.listProjectMembers(second)).toEqual([memberships[1]])
    })

    it('refuses a second user with the same e-mail and keeps the first unchanged', async () => {
      const backend = await openBackend()
      const user = makeUser()
      await backend.identity.createUser(user)
      await expect(backend.identity.createUser(makeUser({ email: user.email }))).rejects.toThrow()
      expect(await backend.identity.listUsers()).toEqual([user])
    })

    it('updates only the given user fields and deletes a user with everything it owns', async () => {
      const backend = await openBackend()
      const user = makeUser()
      const projectId = randomProjectId()
      await backend.identity.createUser(user, [
        { userId: user.id, projectId, role: 'viewer', createdAtUs: defaultTimeUs },
      ])
      await backend.identity.updateUser(user.id, {
        updatedAtUs: defaultTimeUs + 5,
        disabledAtUs: defaultTimeUs + 5,
      })
      expect(await backend.identity.getUser(user.id)).toEqual({
        ...user,
        updatedAtUs: defaultTimeUs + 5,
        disabledAtUs: defaultTimeUs + 5,
      })
      const token = makeToken({ userId: user.id, projectId })
      await backend.identity.createPersonalToken(token)
      const session: AuthSession = {
        id: randomUUID(),
        userId: user.id,
        createdAtUs: defaultTimeUs,
        expiresAtUs: defaultTimeUs + 1e9,
        revokedAtUs: null,
      }
      const refresh = {
        tokenHash: randomBytes(32).toString('hex'),
        sessionId: session.id,
        createdAtUs: defaultTimeUs,
        expiresAtUs: defaultTimeUs + 1e9,
        usedAtUs: null,
      }
      await backend.identity.createSession(session, refresh)
      await backend.identity.deleteUser(user.id)
      expect(await backend.identity.getUser(user.id)).toBeNull()
      expect(await backend.identity.listMemberships(user.id)).toEqual([])
      expect(await backend.identity.getPersonalToken(token.id)).toBeNull()
      expect(await backend.identity.getSession(session.id)).toBeNull()
      expect(await backend.identity.findRefreshToken(refresh.tokenHash)).toBeNull()
    })

    it('adds a membership, changes its role in place and removes it', async () => {
      const backend = await openBackend()
      const user = makeUser()
      await backend.identity.createUser(user)
      const projectId = randomProjectId()
      const membership: Membership = {
        userId: user.id,
        projectId,
        role: 'viewer',
        createdAtUs: defaultTimeUs,
      }
      await backend.identity.putMembership(membership)
      await backend.identity.putMembership({
        ...membership,
        role: 'developer',
        createdAtUs: defaultTimeUs + 9,
      })
      expect(await backend.identity.getMembership(user.id, projectId)).toEqual({
        ...membership,
        role: 'developer',
      })
      await backend.identity.deleteMembership(user.id, projectId)
      expect(await backend.identity.getMembership(user.id, projectId)).toBeNull()
    })

    it('finds personal tokens by hash, lists them newest first, records use and revocation', async () => {
      const backend = await openBackend()
      const userId = randomUUID()
      const older = makeToken({ userId })
      const newer = makeToken({ userId, createdAtUs: defaultTimeUs + 1, expiresAtUs: 2e15 })
      await backend.identity.createPersonalToken(older)
      await backend.identity.createPersonalToken(newer)
      await backend.identity.createPersonalToken(makeToken())
      expect(await backend.identity.findPersonalTokenByHash(newer.tokenHash)).toEqual(newer)
      expect(await backend.identity.listPersonalTokens(userId)).toEqual([newer, older])
      await backend.identity.touchPersonalToken(older.id, defaultTimeUs + 7)
      await backend.identity.revokePersonalToken(older.id, defaultTimeUs + 8)
      expect(await backend.identity.getPersonalToken(older.id)).toEqual({
        ...older,
        lastUsedAtUs: defaultTimeUs + 7,
        revokedAtUs: defaultTimeUs + 8,
      })
    })

    it('rotates refresh tokens and revokes one session or all of a user', async () => {
      const backend = await openBackend()
      const userId = randomUUID()
      const sessions: AuthSession[] = [1, 2].map((i) => ({
        id: randomUUID(),
        userId,
        createdAtUs: defaultTimeUs + i,
        expiresAtUs: defaultTimeUs + 1e9,
        revokedAtUs: null,
      }))
      const first = {
        tokenHash: randomBytes(32).toString('hex'),
        sessionId: sessions[0]!.id,
        createdAtUs: defaultTimeUs,
        expiresAtUs: defaultTimeUs + 1e9,
        usedAtUs: null,
      }
      await backend.identity.createSession(sessions[0]!, first)
      await backend.identity.createSession(sessions[1]!, {
        ...first,
        tokenHash: randomBytes(32).toString('hex'),
        sessionId: sessions[1]!.id,
      })
      const next = { ...first, tokenHash: randomBytes(32).toString('hex'), createdAtUs: 3 }
      await backend.identity.rotateRefreshToken(first.tokenHash, defaultTimeUs + 3, next)
      expect(await backend.identity.findRefreshToken(first.tokenHash)).toEqual({
        ...first,
        usedAtUs: defaultTimeUs + 3,
      })
      expect(await backend.identity.findRefreshToken(next.tokenHash)).toEqual(next)

      await backend.identity.revokeSession(sessions[0]!.id, defaultTimeUs + 4)
      await backend.identity.revokeUserSessions(userId, defaultTimeUs + 5)
      expect((await backend.identity.getSession(sessions[0]!.id))?.revokedAtUs).toBe(
        defaultTimeUs + 4,
      )
      expect((await backend.identity.getSession(sessions[1]!.id))?.revokedAtUs).toBe(
        defaultTimeUs + 5,
      )
    })
  })
}
