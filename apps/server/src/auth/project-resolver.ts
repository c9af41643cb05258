import type { FastifyRequest } from 'fastify'
import { ObservatoryError } from '@llm-observatory/core'
import type { ApiKeyService, ResolvedKey } from './api-key-service.js'

/**
 * Decides which project a request writes to or reads from. OTLP without credentials is
 * accepted only from a loopback client, only when the configuration allows it, and always
 * into the default project, so an app left at the OTel default endpoint just works locally.
 */
export class ProjectResolver {
  readonly #keys: ApiKeyService
  readonly #defaultProjectId: string
  readonly #allowUnauthenticatedLoopback: boolean

  constructor(
    keys: ApiKeyService,
    defaultProjectId: string,
    allowUnauthenticatedLoopback: boolean,
  ) {
    this.#keys = keys
    this.#defaultProjectId = defaultProjectId
    this.#allowUnauthenticatedLoopback = allowUnauthenticatedLoopback
  }

  /**
   * The project an OTLP request writes to, from `request.principal` (the auth hook applies
   * the loopback rule through the route's `allowLoopback`); `keyId` is null for loopback.
   */
  async resolveForOtlp(
    request: FastifyRequest,
  ): Promise<ResolvedKey | { keyId: null; projectId: string }> {
    const principal = request.principal
    if (!principal) throw new ObservatoryError('ERR_AUTH_MISSING')
    if (principal.kind === 'loopback') return { keyId: null, projectId: principal.projectId }
    return { keyId: principal.id, projectId: principal.projectId }
  }

  /**
   * The project of a REST request, from `request.principal` set by the auth hook (which
   * also checked the route's permission). `keyId` is the key, session or token id.
   */
  async resolveRequired(request: FastifyRequest): Promise<ResolvedKey> {
    const principal = request.principal
    if (!principal || principal.projectId === '') throw new ObservatoryError('ERR_AUTH_MISSING')
    return { keyId: principal.id, projectId: principal.projectId }
  }

  /** For gRPC metadata: the same rules, with the peer address given by grpc-js. */
  async resolveForGrpc(
    headers: Record<string, string | string[] | undefined>,
    peer: string,
  ): Promise<{ keyId: string | null; projectId: string }> {
    const key = await this.#keys.resolve(headers)
    if (key) return key
    if (this.#allowUnauthenticatedLoopback && isLoopbackAddress(peerHost(peer))) {
      return { keyId: null, projectId: this.#defaultProjectId }
    }
    throw new ObservatoryError('ERR_AUTH_MISSING')
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

/** The host of a grpc-js peer (`ipv4:127.0.0.1:54321` → `127.0.0.1`). */
export function peerHost(peer: string): string {
  // grpc-js peers look like "ipv4:127.0.0.1:54321" or "ipv6:[::1]:54321".
  const m = /^(?:ipv4:)?([\d.]+):\d+$/.exec(peer) ?? /^(?:ipv6:)?\[([^\]]+)\]:\d+$/.exec(peer)
  return m?.[1] ?? peer
}
