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

  async resolveForOtlp(
    request: FastifyRequest,
  ): Promise<ResolvedKey | { keyId: null; projectId: string }> {
    const key = await this.#keys.resolve(request.headers)
    if (key) return key
    if (this.#allowUnauthenticatedLoopback && isLoopbackAddress(request.socket.remoteAddress)) {
      return { keyId: null, projectId: this.#defaultProjectId }
    }
    throw new ObservatoryError('ERR_AUTH_MISSING')
  }

  /** The REST API always needs a key. */
  async resolveRequired(request: FastifyRequest): Promise<ResolvedKey> {
    const key = await this.#keys.resolve(request.headers)
    if (!key) throw new ObservatoryError('ERR_AUTH_MISSING')
    return key
  }

  /** For gRPC metadata: the same rules, with the peer address given by grpc-js. */
  async resolveForGrpc(
    headers: Record<string, string | string[] | undefined>,
    peer: string,
  ): Promise<{ projectId: string }> {
    const key = await this.#keys.resolve(headers)
    if (key) return key
    if (this.#allowUnauthenticatedLoopback && isLoopbackAddress(peerHost(peer))) {
      return { projectId: this.#defaultProjectId }
    }
    throw new ObservatoryError('ERR_AUTH_MISSING')
  }
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.')
}

function peerHost(peer: string): string {
  // grpc-js peers look like "ipv4:127.0.0.1:54321" or "ipv6:[::1]:54321".
  const m = /^(?:ipv4:)?([\d.]+):\d+$/.exec(peer) ?? /^(?:ipv6:)?\[([^\]]+)\]:\d+$/.exec(peer)
  return m?.[1] ?? peer
}
