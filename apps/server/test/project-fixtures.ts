/**
 * Real users, logins, personal tokens and projects for the project, API key and audit tests:
 * users are stored through the identity repository, logins go through POST /api/v1/auth/login.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import type { Project, Role, User } from '@llm-observatory/core'
import { makeProject } from '@llm-observatory/testkit'
import { ApiKeyService } from '../src/auth/api-key-service.js'
import { hashPassword } from '../src/auth/password-hasher.js'
import { PersonalTokenService } from '../src/auth/personal-token-service.js'
import type { TestServer } from './test-server.js'

export type Headers = Record<string, string>

export interface TestUser {
  user: User
  password: string
}

/** The envelope of an answer, typed loosely for assertions. */
export interface Answer<T = Record<string, unknown>> {
  status: string
  data: T
  error: {
    code: string
    message: string
    field_errors: { field: string; message: string }[]
  } | null
  pagination?: { total_items: number; has_next: boolean; next_cursor: string | null }
}

/** A user with a random e-mail and password, members of `memberships`. */
export async function createUser(
  server: TestServer,
  memberships: { projectId: string; role: Role }[] = [],
  options: { isInstanceAdmin?: boolean } = {},
): Promise<TestUser> {
  const password = `pw-${randomBytes(9).toString('base64url')}`
  const nowUs = Date.now() * 1000
  const user: User = {
    id: randomUUID(),
    email: `user-${randomBytes(6).toString('hex')}@example.test`,
    name: 'Test User',
    passwordHash: await hashPassword(password),
    isInstanceAdmin: options.isInstanceAdmin ?? false,
    createdAtUs: nowUs,
    updatedAtUs: nowUs,
    disabledAtUs: null,
  }
  await server.services.backend.identity.createUser(
    user,
    memberships.map((m) => ({ userId: user.id, ...m, createdAtUs: nowUs })),
  )
  return { user, password }
}

/** `Authorization: Bearer <access token>` from a real login. */
export async function login(server: TestServer, user: TestUser): Promise<Headers> {
  const res = await server.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email: user.user.email, password: user.password },
  })
  expect(res.statusCode).toBe(200)
  const token = res.json<Answer<{ access_token: string }>>().data.access_token
  return { authorization: `Bearer ${token}` }
}

/** A project and a user who is `role` in it, logged in. */
export async function projectWithMember(
  server: TestServer,
  role: Role = 'admin',
  overrides: Partial<Project> = {},
): Promise<{ project: Project; member: TestUser; headers: Headers }> {
  const project = makeProject(overrides)
  await server.services.backend.createProject(project)
  const member = await createUser(server, [{ projectId: project.id, role }])
  return { project, member, headers: await login(server, member) }
}

/** A personal access token of `user` in `projectId` with `role`. */
export async function personalToken(
  server: TestServer,
  user: TestUser,
  projectId: string,
  role: Role,
): Promise<Headers> {
  const tokens = new PersonalTokenService(server.services.backend.identity)
  const { secret } = await tokens.create({
    userId: user.user.id,
    projectId,
    role,
    name: 'test token',
    expiresAtUs: null,
  })
  return { authorization: `Bearer ${secret}` }
}

/** Project ingestion key headers for `projectId`, made without the API. */
export async function projectKey(server: TestServer, projectId: string): Promise<Headers> {
  const { secretKey } = await new ApiKeyService(server.services.backend).createKey(
    projectId,
    'fixture key',
  )
  return { authorization: `Bearer ${secretKey}` }
}

export async function call<T = Record<string, unknown>>(
  server: TestServer,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  headers: Headers,
  payload?: unknown,
): Promise<{ statusCode: number; body: Answer<T> }> {
  const res = await server.app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
  return { statusCode: res.statusCode, body: res.json<Answer<T>>() }
}

/** The fields named by a validation error. */
export function errorFields(body: Answer<unknown>): string[] {
  return (body.error?.field_errors ?? []).map((e) => e.field)
}
