import type {
  AuthSession,
  Membership,
  PersonalToken,
  RefreshToken,
  Role,
  User,
} from '@llm-observatory/core'
import {
  defineRowMapper,
  readBoolean,
  readNullableNumber,
  readNullableString,
  readNumber,
  readString,
  type RowMapper,
  type RowValue,
} from '../columns.js'
import { SqlParams, type SqlDialect } from '../sql-dialect.js'
import type { StorageDriver, TransactionStep } from '../storage-driver.js'

export const userRowMapper: RowMapper<User> = defineRowMapper<User>(
  'users',
  [
    { name: 'id', type: 'string', get: (u) => u.id },
    { name: 'email', type: 'string', get: (u) => u.email },
    { name: 'name', type: 'string', get: (u) => u.name },
    { name: 'password_hash', type: 'string', get: (u) => u.passwordHash },
    { name: 'is_instance_admin', type: 'boolean', get: (u) => u.isInstanceAdmin },
    { name: 'created_at', type: 'timestamp', get: (u) => u.createdAtUs },
    { name: 'updated_at', type: 'timestamp', get: (u) => u.updatedAtUs },
    { name: 'disabled_at', type: 'timestamp', get: (u) => u.disabledAtUs },
  ],
  (row) => ({
    id: readString(row, 'id'),
    email: readString(row, 'email'),
    name: readNullableString(row, 'name'),
    passwordHash: readString(row, 'password_hash'),
    isInstanceAdmin: readBoolean(row, 'is_instance_admin'),
    createdAtUs: readNumber(row, 'created_at'),
    updatedAtUs: readNumber(row, 'updated_at'),
    disabledAtUs: readNullableNumber(row, 'disabled_at'),
  }),
)

export const membershipRowMapper: RowMapper<Membership> = defineRowMapper<Membership>(
  'memberships',
  [
    { name: 'user_id', type: 'string', get: (m) => m.userId },
    { name: 'project_id', type: 'string', get: (m) => m.projectId },
    { name: 'role', type: 'string', get: (m) => m.role },
    { name: 'created_at', type: 'timestamp', get: (m) => m.createdAtUs },
  ],
  (row) => ({
    userId: readString(row, 'user_id'),
    projectId: readString(row, 'project_id'),
    role: readString(row, 'role') as Role,
    createdAtUs: readNumber(row, 'created_at'),
  }),
)

export const personalTokenRowMapper: RowMapper<PersonalToken> = defineRowMapper<PersonalToken>(
  'personal_tokens',
  [
    { name: 'id', type: 'string', get: (t) => t.id },
    { name: 'user_id', type: 'string', get: (t) => t.userId },
    { name: 'project_id', type: 'string', get: (t) => t.projectId },
    { name: 'role', type: 'string', get: (t) => t.role },
    { name: 'name', type: 'string', get: (t) => t.name },
    { name: 'token_hash', type: 'string', get: (t) => t.tokenHash },
    { name: 'token_prefix', type: 'string', get: (t) => t.tokenPrefix },
    { name: 'created_at', type: 'timestamp', get: (t) => t.createdAtUs },
    { name: 'expires_at', type: 'timestamp', get: (t) => t.expiresAtUs },
    { name: 'last_used_at', type: 'timestamp', get: (t) => t.lastUsedAtUs },
    { name: 'revoked_at', type: 'timestamp', get: (t) => t.revokedAtUs },
  ],
  (row) => ({
    id: readString(row, 'id'),
    userId: readString(row, 'user_id'),
    projectId: readString(row, 'project_id'),
    role: readString(row, 'role') as Role,
    name: readString(row, 'name'),
    tokenHash: readString(row, 'token_hash'),
    tokenPrefix: readString(row, 'token_prefix'),
    createdAtUs: readNumber(row, 'created_at'),
    expiresAtUs: readNullableNumber(row, 'expires_at'),
    lastUsedAtUs: readNullableNumber(row, 'last_used_at'),
    revokedAtUs: readNullableNumber(row, 'revoked_at'),
  }),
)

export const authSessionRowMapper: RowMapper<AuthSession> = defineRowMapper<AuthSession>(
  'auth_sessions',
  [
    { name: 'id', type: 'string', get: (s) => s.id },
    { name: 'user_id', type: 'string', get: (s) => s.userId },
    { name: 'created_at', type: 'timestamp', get: (s) => s.createdAtUs },
    { name: 'expires_at', type: 'timestamp', get: (s) => s.expiresAtUs },
    { name: 'revoked_at', type: 'timestamp', get: (s) => s.revokedAtUs },
  ],
  (row) => ({
    id: readString(row, 'id'),
    userId: readString(row, 'user_id'),
    createdAtUs: readNumber(row, 'created_at'),
    expiresAtUs: readNumber(row, 'expires_at'),
    revokedAtUs: readNullableNumber(row, 'revoked_at'),
  }),
)

export const refreshTokenRowMapper: RowMapper<RefreshToken> = defineRowMapper<RefreshToken>(
  'refresh_tokens',
  [
    { name: 'token_hash', type: 'string', get: (t) => t.tokenHash },
    { name: 'session_id', type: 'string', get: (t) => t.sessionId },
    { name: 'created_at', type: 'timestamp', get: (t) => t.createdAtUs },
    { name: 'expires_at', type: 'timestamp', get: (t) => t.expiresAtUs },
    { name: 'used_at', type: 'timestamp', get: (t) => t.usedAtUs },
  ],
  (row) => ({
    tokenHash: readString(row, 'token_hash'),
    sessionId: readString(row, 'session_id'),
    createdAtUs: readNumber(row, 'created_at'),
    expiresAtUs: readNumber(row, 'expires_at'),
    usedAtUs: readNullableNumber(row, 'used_at'),
  }),
)

/** Every table of this repository, for the column check at open. */
export const identityRowMappers: readonly {
  table: string
  columns: readonly { name: string }[]
}[] = [
  userRowMapper,
  membershipRowMapper,
  personalTokenRowMapper,
  authSessionRowMapper,
  refreshTokenRowMapper,
]

/** The user fields an update may change (e-mail and id are fixed). */
export type UserChanges = Partial<
  Pick<User, 'name' | 'passwordHash' | 'isInstanceAdmin' | 'disabledAtUs'>
> & { updatedAtUs: number }

type Where = readonly (readonly [column: string, value: RowValue, type: 'string' | 'timestamp'])[]

/**
 * Users, project memberships, personal access tokens, login sessions and their refresh
 * tokens, over a driver and a dialect. Reached as `backend.identity`. Secrets are stored
 * only as hashes; this repository never sees a password or token in clear.
 * @example
 * await backend.identity.createUser(user, [{ userId: user.id, projectId, role: 'admin', createdAtUs }])
 * const found = await backend.identity.findUserByEmail('admin@localhost')
 */
export class IdentityRepository {
  readonly #driver: StorageDriver
  readonly #dialect: SqlDialect

  constructor(driver: StorageDriver, dialect: SqlDialect) {
    this.#driver = driver
    this.#dialect = dialect
  }

  async countUsers(): Promise<number> {
    const rows = await this.#driver.query(
      `SELECT count(*) AS ${this.#q('total')} FROM ${this.#q('users')}`,
      [],
    )
    const row = rows[0]
    return row === undefined ? 0 : readNumber(row, 'total')
  }

  /** Creates the user and its memberships in one transaction; a taken e-mail fails it. */
  async createUser(user: User, memberships: readonly Membership[] = []): Promise<void> {
    await this.#driver.transaction([
      this.#insertStep(userRowMapper, user),
      ...memberships.map((m) => this.#insertStep(membershipRowMapper, m)),
    ])
  }

  async getUser(userId: string): Promise<User | null> {
    return this.#first(userRowMapper, [['id', userId, 'string']])
  }

  /** By e-mail, compared lower-cased (e-mails are stored lower-cased). */
  async findUserByEmail(email: string): Promise<User | null> {
    return this.#first(userRowMapper, [['email', email.toLowerCase(), 'string']])
  }

  /** Oldest first. */
  async listUsers(): Promise<User[]> {
    return this.#select(userRowMapper, [], ['created_at', 'id'])
  }

  async updateUser(userId: string, changes: UserChanges): Promise<void> {
    const columns: [string, RowValue, 'string' | 'boolean' | 'timestamp'][] = [
      ['updated_at', changes.updatedAtUs, 'timestamp'],
    ]
    if (changes.name !== undefined) columns.push(['name', changes.name, 'string'])
    if (changes.passwordHash !== undefined)
      columns.push(['password_hash', changes.passwordHash, 'string'])
    if (changes.isInstanceAdmin !== undefined)
      columns.push(['is_instance_admin', changes.isInstanceAdmin, 'boolean'])
    if (changes.disabledAtUs !== undefined)
      columns.push(['disabled_at', changes.disabledAtUs, 'timestamp'])
    const params = new SqlParams(this.#dialect)
    const set = columns.map(([c, v, t]) => `${this.#q(c)} = ${params.add(v, t)}`).join(', ')
    await this.#driver.execute(
      `UPDATE ${this.#q('users')} SET ${set} WHERE ${this.#q('id')} = ${params.add(userId, 'string')}`,
      params.values,
    )
  }

  /** Removes the user with its memberships, tokens, sessions and refresh tokens. */
  async deleteUser(userId: string): Promise<void> {
    const sessions = new SqlParams(this.#dialect)
    const user = sessions.add(userId, 'string')
    const refresh =
      `DELETE FROM ${this.#q('refresh_tokens')} WHERE ${this.#q('session_id')} IN ` +
      `(SELECT ${this.#q('id')} FROM ${this.#q('auth_sessions')} WHERE ${this.#q('user_id')} = ${user})`
    await this.#driver.transaction([
      { kind: 'sql', sql: refresh, params: sessions.values },
      this.#deleteStep('auth_sessions', [['user_id', userId, 'string']]),
      this.#deleteStep('personal_tokens', [['user_id', userId, 'string']]),
      this.#deleteStep('memberships', [['user_id', userId, 'string']]),
      this.#deleteStep('users', [['id', userId, 'string']]),
    ])
  }

  /** Adds the membership, or changes the role of an existing one (keeping its creation time). */
  async putMembership(membership: Membership): Promise<void> {
    const existing = await this.getMembership(membership.userId, membership.projectId)
    if (existing === null) {
      const step = this.#insertStep(membershipRowMapper, membership)
      await this.#driver.execute(step.sql, step.params)
      return
    }
    const params = new SqlParams(this.#dialect)
    await this.#driver.execute(
      `UPDATE ${this.#q('memberships')} SET ${this.#q('role')} = ${params.add(membership.role, 'string')} ` +
        `WHERE ${this.#q('user_id')} = ${params.add(membership.userId, 'string')} ` +
        `AND ${this.#q('project_id')} = ${params.add(membership.projectId, 'string')}`,
      params.values,
    )
  }

  async getMembership(userId: string, projectId: string): Promise<Membership | null> {
    return this.#first(membershipRowMapper, [
      ['user_id', userId, 'string'],
      ['project_id', projectId, 'string'],
    ])
  }

  async deleteMembership(userId: string, projectId: string): Promise<void> {
    const step = this.#deleteStep('memberships', [
      ['user_id', userId, 'string'],
      ['project_id', projectId, 'string'],
    ])
    await this.#driver.execute(step.sql, step.params)
  }

  /** A user's memberships, oldest first (the first is the user's default project). */
  async listMemberships(userId: string): Promise<Membership[]> {
    return this.#select(
      membershipRowMapper,
      [['user_id', userId, 'string']],
      ['created_at', 'project_id'],
    )
  }

  /** A project's members, oldest first. */
  async listProjectMembers(projectId: string): Promise<Membership[]> {
    return this.#select(
      membershipRowMapper,
      [['project_id', projectId, 'string']],
      ['created_at', 'user_id'],
    )
  }

  async createPersonalToken(token: PersonalToken): Promise<void> {
    const step = this.#insertStep(personalTokenRowMapper, token)
    await this.#driver.execute(step.sql, step.params)
  }

  async getPersonalToken(tokenId: string): Promise<PersonalToken | null> {
    return this.#first(personalTokenRowMapper, [['id', tokenId, 'string']])
  }

  async findPersonalTokenByHash(tokenHash: string): Promise<PersonalToken | null> {
    return this.#first(personalTokenRowMapper, [['token_hash', tokenHash, 'string']])
  }

  /** A user's tokens (revoked ones included), newest first. */
  async listPersonalTokens(userId: string): Promise<PersonalToken[]> {
    const tokens = await this.#select(
      personalTokenRowMapper,
      [['user_id', userId, 'string']],
      ['created_at', 'id'],
    )
    return tokens.reverse()
  }

  async revokePersonalToken(tokenId: string, atUs: number): Promise<void> {
    await this.#setTime('personal_tokens', 'revoked_at', atUs, ['id', tokenId])
  }

  async touchPersonalToken(tokenId: string, atUs: number): Promise<void> {
    await this.#setTime('personal_tokens', 'last_used_at', atUs, ['id', tokenId])
  }

  /** Starts a login: the session and its first refresh token, in one transaction. */
  async createSession(session: AuthSession, refresh: RefreshToken): Promise<void> {
    await this.#driver.transaction([
      this.#insertStep(authSessionRowMapper, session),
      this.#insertStep(refreshTokenRowMapper, refresh),
    ])
  }

  async getSession(sessionId: string): Promise<AuthSession | null> {
    return this.#first(authSessionRowMapper, [['id', sessionId, 'string']])
  }

  async revokeSession(sessionId: string, atUs: number): Promise<void> {
    await this.#setTime('auth_sessions', 'revoked_at', atUs, ['id', sessionId])
  }

  /** Ends every open login of a user (disabled, deleted or password changed). */
  async revokeUserSessions(userId: string, atUs: number): Promise<void> {
    const params = new SqlParams(this.#dialect)
    await this.#driver.execute(
      `UPDATE ${this.#q('auth_sessions')} SET ${this.#q('revoked_at')} = ${params.add(atUs, 'timestamp')} ` +
        `WHERE ${this.#q('user_id')} = ${params.add(userId, 'string')} AND ${this.#q('revoked_at')} IS NULL`,
      params.values,
    )
  }

  async findRefreshToken(tokenHash: string): Promise<RefreshToken | null> {
    return this.#first(refreshTokenRowMapper, [['token_hash', tokenHash, 'string']])
  }

  /** Marks `usedHash` used and stores its successor, in one transaction. */
  async rotateRefreshToken(usedHash: string, atUs: number, next: RefreshToken): Promise<void> {
    const params = new SqlParams(this.#dialect)
    await this.#driver.transaction([
      {
        kind: 'sql',
        sql:
          `UPDATE ${this.#q('refresh_tokens')} SET ${this.#q('used_at')} = ${params.add(atUs, 'timestamp')} ` +
          `WHERE ${this.#q('token_hash')} = ${params.add(usedHash, 'string')}`,
        params: params.values,
      },
      this.#insertStep(refreshTokenRowMapper, next),
    ])
  }

  #q(name: string): string {
    return this.#dialect.quoteIdentifier(name)
  }

  async #setTime(
    table: string,
    column: string,
    atUs: number,
    [keyColumn, key]: [string, string],
  ): Promise<void> {
    const params = new SqlParams(this.#dialect)
    await this.#driver.execute(
      `UPDATE ${this.#q(table)} SET ${this.#q(column)} = ${params.add(atUs, 'timestamp')} ` +
        `WHERE ${this.#q(keyColumn)} = ${params.add(key, 'string')}`,
      params.values,
    )
  }

  async #first<T>(mapper: RowMapper<T>, where: Where): Promise<T | null> {
    const rows = await this.#select(mapper, where, [])
    return rows[0] ?? null
  }

  async #select<T>(mapper: RowMapper<T>, where: Where, orderBy: readonly string[]): Promise<T[]> {
    const params = new SqlParams(this.#dialect)
    let sql = `SELECT ${mapper.columns.map((c) => this.#q(c.name)).join(', ')} FROM ${this.#q(mapper.table)}`
    if (where.length > 0)
      sql += ` WHERE ${where.map(([c, v, t]) => `${this.#q(c)} = ${params.add(v, t)}`).join(' AND ')}`
    if (orderBy.length > 0) sql += ` ORDER BY ${orderBy.map((c) => this.#q(c)).join(', ')}`
    const rows = await this.#driver.query(sql, params.values)
    return rows.map(mapper.fromRow)
  }

  #insertStep<T>(mapper: RowMapper<T>, value: T): TransactionStep & { kind: 'sql' } {
    const params = new SqlParams(this.#dialect)
    const row = mapper.toRow(value)
    const placeholders = mapper.columns.map((column, i) => params.add(row[i] ?? null, column.type))
    return {
      kind: 'sql',
      sql:
        `INSERT INTO ${this.#q(mapper.table)} (${mapper.columns.map((c) => this.#q(c.name)).join(', ')}) ` +
        `VALUES (${placeholders.join(', ')})`,
      params: params.values,
    }
  }

  #deleteStep(table: string, where: Where): TransactionStep & { kind: 'sql' } {
    const params = new SqlParams(this.#dialect)
    return {
      kind: 'sql',
      sql:
        `DELETE FROM ${this.#q(table)} WHERE ` +
        where.map(([c, v, t]) => `${this.#q(c)} = ${params.add(v, t)}`).join(' AND '),
      params: params.values,
    }
  }
}
