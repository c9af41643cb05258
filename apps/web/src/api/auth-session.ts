/**
 * The login of this browser tab: the access and refresh tokens from `POST /api/v1/auth/login`,
 * kept in sessionStorage (they survive a reload of the tab, and end with it; nothing in
 * localStorage or cookies) and the project chosen in the switcher. Listeners hear every change
 * (login, refresh, logout, project switch).
 */

export interface TokenPair {
  access_token: string
  refresh_token: string
  expires_in: number
  token_type: string
}

const tokensKey = 'observatory.tokens'
const projectKey = 'observatory.project'

export class AuthSession {
  #storage: Storage
  #tokens: TokenPair | null
  #projectId: string | null
  #listeners = new Set<() => void>()
  #refreshing: Promise<boolean> | null = null

  constructor(storage: Storage = sessionStorage) {
    this.#storage = storage
    this.#tokens = readJson<TokenPair>(storage, tokensKey)
    this.#projectId = storage.getItem(projectKey)
  }

  get accessToken(): string | null {
    return this.#tokens?.access_token ?? null
  }

  get isLoggedIn(): boolean {
    return this.#tokens !== null
  }

  /** The project sent as `x-project-id`; null: the server picks the user's oldest membership. */
  get projectId(): string | null {
    return this.#projectId
  }

  setTokens(tokens: TokenPair | null): void {
    this.#tokens = tokens
    if (tokens === null) this.#storage.removeItem(tokensKey)
    else this.#storage.setItem(tokensKey, JSON.stringify(tokens))
    this.#emit()
  }

  setProject(projectId: string | null): void {
    if (projectId === this.#projectId) return
    this.#projectId = projectId
    if (projectId === null) this.#storage.removeItem(projectKey)
    else this.#storage.setItem(projectKey, projectId)
    this.#emit()
  }

  /**
   * Spends the refresh token for a new pair (`POST /api/v1/auth/refresh`); concurrent callers
   * share one request, since a refresh token is single use and reusing it ends the login.
   * Resolves false (and logs out) when the login has ended.
   */
  refresh(fetcher: typeof fetch = fetch): Promise<boolean> {
    this.#refreshing ??= (async () => {
      const refreshToken = this.#tokens?.refresh_token
      if (refreshToken === undefined) return false
      try {
        const res = await fetcher('/api/v1/auth/refresh', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        })
        if (!res.ok) {
          this.setTokens(null)
          return false
        }
        const body = (await res.json()) as { data: TokenPair }
        this.setTokens(body.data)
        return true
      } catch {
        return false
      }
    })().finally(() => {
      this.#refreshing = null
    })
    return this.#refreshing
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  #emit(): void {
    for (const listener of this.#listeners) listener()
  }
}

function readJson<T>(storage: Storage, key: string): T | null {
  const raw = storage.getItem(key)
  if (raw === null) return null
  try {
    return JSON.parse(raw) as T
  } catch {
    return null
  }
}
