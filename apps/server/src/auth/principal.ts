import type { Permission, Role } from '@llm-observatory/core'

/**
 * Who a request acts as, decided once per request by the auth hook (auth-hook.ts) and read
 * by routes as `request.principal`.
 * - `project_key`: a project ingestion key (Bearer secret, Basic public:secret, x-api-key).
 * - `user`: a login (JWT access token from /api/v1/auth/login); `id` is the session id.
 * - `personal_token`: a `pat-lo-…` token acting for its user in its project.
 * - `loopback`: OTLP without credentials from this machine, into the default project.
 *
 * A user with no membership reaching an `'authenticated'` route gets `projectId: ''` and the
 * least role (`billing`); routes that need a permission answer 403 for such a user instead.
 * @example
 * const { projectId, role } = request.principal!
 */
export interface Principal {
  kind: 'project_key' | 'user' | 'personal_token' | 'loopback'
  /** Key id / session id / token id; the rate-limit bucket key is `${kind}:${id}`. */
  id: string
  userId: string | null
  /** The project this request acts on (users: `x-project-id` header or `project` query; default: their first project). */
  projectId: string
  role: Role | 'project_key'
  isInstanceAdmin: boolean
  /** Whether prompt and response text may be shown (the role has `content:read` in this project). */
  canReadContent: boolean
}

/** What a route requires; every route declares one in `config.permission`. */
export type RoutePermission = Permission | 'public' | 'authenticated' | 'instance_admin'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook; null on public routes called without credentials. */
    principal: Principal | null
  }
  interface FastifyContextConfig {
    /** Required: a route without one answers 500 (closed). */
    permission?: RoutePermission
    /** OTLP only: accept requests without credentials from loopback into the default project. */
    allowLoopback?: boolean
    /**
     * The path parameter naming the project the request acts on (`'id'` for
     * `/api/v1/projects/:id/…`): it selects the user's project like `x-project-id` does.
     */
    projectParam?: string
  }
}
