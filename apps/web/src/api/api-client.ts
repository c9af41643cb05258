import createClient from 'openapi-fetch'
import type { paths } from './openapi-types.js'
import type { AuthSession, TokenPair } from './auth-session.js'
import type { ResponseMap } from './api-types.js'

/** Paths with a GET operation, and the query each takes, from the generated OpenAPI types. */
export type GetPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: unknown } } ? P : never
}[keyof paths]
type GetOperation<P extends GetPath> = paths[P] extends { get: infer O } ? O : never
export type GetQuery<P extends GetPath> =
  GetOperation<P> extends { parameters: { query?: infer Q } }
    ? [NonNullable<Q>] extends [never]
      ? Record<string, never>
      : NonNullable<Q>
    : Record<string, never>
export type GetPathParams<P extends GetPath> =
  GetOperation<P> extends { parameters: { path: infer A } } ? A : never

/** The API's list pagination (docs/api.md "Pagination"). */
export interface Pagination {
  page: number
  per_page: number
  total_items: number
  total_pages: number
  has_next: boolean
  next_cursor: string | null
}

/** A successful answer: its `data`, and `pagination` for lists. */
export interface ApiResult<T> {
  data: T
  pagination: Pagination | null
}

/** An error envelope as a thrown value: the API's `code`, `message` and HTTP status. */
export class ApiError extends Error {
  readonly code: string
  readonly status: number
  constructor(code: string, message: string, status: number) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.status = status
  }
}

interface Envelope {
  status: string
  data: unknown
  error: { code: string; message: string } | null
  pagination?: Pagination
}

/**
 * The dashboard's HTTP client: requests typed by the generated OpenAPI types (paths, path
 * parameters and query names), sent with the login's bearer token and `x-project-id`. A 401
 * refreshes the tokens once and retries; when the login has ended, `onLoggedOut` runs. Most
 * routes declare no response schema yet, so the `data` types come from {@link ResponseMap}.
 *
 * @example
 * const api = new ApiClient(session)
 * const { data } = await api.get('/api/v1/traces/{id}', {}, { id }) // data: TraceDetail
 */
export class ApiClient {
  #client = createClient<paths>({ baseUrl: '' })
  #session: AuthSession
  #fetcher: typeof fetch

  constructor(session: AuthSession, fetcher: typeof fetch = (...args) => fetch(...args)) {
    this.#session = session
    this.#fetcher = fetcher
  }

  async get<P extends GetPath & keyof ResponseMap>(
    path: P,
    query: GetQuery<P>,
    pathParams?: GetPathParams<P>,
    signal?: AbortSignal,
  ): Promise<ApiResult<ResponseMap[P]>> {
    const send = () =>
      this.#client.GET(path, {
        params: { query, path: pathParams },
        headers: this.#headers(),
        parseAs: 'text',
        signal,
        fetch: this.#fetcher,
      } as never) as Promise<{ response: Response; data?: unknown; error?: unknown }>
    let result = await send()
    if (result.response.status === 401 && (await this.#session.refresh(this.#fetcher)))
      result = await send()
    // parseAs text: a success body arrives as text; openapi-fetch JSON-parses error bodies itself.
    return unwrap<ResponseMap[P]>(result.response, result.data ?? result.error)
  }

  /** POST a JSON body (login, refresh and the few writes the dashboard makes). */
  async post<T>(path: keyof paths, body: unknown): Promise<ApiResult<T>> {
    const send = () =>
      this.#fetcher(path, {
        method: 'POST',
        headers: { ...this.#headers(), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    let response = await send()
    if (response.status === 401 && !path.startsWith('/api/v1/auth/')) {
      if (await this.#session.refresh(this.#fetcher)) response = await send()
    }
    return unwrap<T>(response, await response.text())
  }

  /** Logs in with e-mail and password; the tokens go into the session. */
  async login(email: string, password: string): Promise<void> {
    const { data } = await this.post<TokenPair>('/api/v1/auth/login', { email, password })
    this.#session.setTokens(data)
  }

  /** Ends the login on the server (best effort) and forgets the tokens. */
  async logout(): Promise<void> {
    try {
      if (this.#session.isLoggedIn) await this.post('/api/v1/auth/logout', {})
    } finally {
      this.#session.setTokens(null)
    }
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = {}
    const token = this.#session.accessToken
    if (token !== null) headers['authorization'] = `Bearer ${token}`
    const project = this.#session.projectId
    if (project !== null) headers['x-project-id'] = project
    return headers
  }
}

/** The envelope of an answer, from its text (or from a body openapi-fetch already parsed). */
function unwrap<T>(response: Response, payload: unknown): ApiResult<T> {
  let body: Envelope | null = null
  if (typeof payload === 'string') {
    try {
      body = JSON.parse(payload) as Envelope
    } catch {
      body = null
    }
  } else if (payload !== null && typeof payload === 'object') body = payload as Envelope
  if (!response.ok || body === null || body.status === 'error') {
    const error = body?.error
    throw new ApiError(
      error?.code ?? 'http_error',
      error?.message ?? `The server answered ${response.status}.`,
      response.status,
    )
  }
  return { data: body.data as T, pagination: body.pagination ?? null }
}
