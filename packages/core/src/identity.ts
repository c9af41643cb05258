import type { Role } from './permissions.js'

/** A local user who logs in with e-mail and password. */
export interface User {
  id: string
  /** Lower-cased; unique. */
  email: string
  name: string | null
  /** `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`; never leaves the server. */
  passwordHash: string
  /** May manage users and act on every project as an admin. */
  isInstanceAdmin: boolean
  createdAtUs: number
  updatedAtUs: number
  /** A disabled user cannot log in; its sessions and tokens stop working. */
  disabledAtUs: number | null
}

/** A user's role in one project. */
export interface Membership {
  userId: string
  projectId: string
  role: Role
  createdAtUs: number
}

/**
 * A personal access token (`pat-lo-…`): acts for its user in one project with a role at most
 * the user's role there. Only the SHA-256 of the secret is stored.
 */
export interface PersonalToken {
  id: string
  userId: string
  projectId: string
  role: Role
  name: string
  tokenHash: string
  /** First characters of the secret, shown in lists. */
  tokenPrefix: string
  createdAtUs: number
  expiresAtUs: number | null
  lastUsedAtUs: number | null
  revokedAtUs: number | null
}

/** A login: access tokens (JWT) name it in `sid`; revoking it ends them at once. */
export interface AuthSession {
  id: string
  userId: string
  createdAtUs: number
  expiresAtUs: number
  revokedAtUs: number | null
}

/**
 * One refresh token (`rt-lo-…`, hashed) of a session. Each use rotates it: the token is marked
 * used and a new one issued; presenting a used token again revokes the whole session.
 */
export interface RefreshToken {
  tokenHash: string
  sessionId: string
  createdAtUs: number
  expiresAtUs: number
  usedAtUs: number | null
}
