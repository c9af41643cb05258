import { randomUUID } from 'node:crypto'
import type { AnalyticsEvent } from '@llm-observatory/core'
import type { IngestPipeline } from '@llm-observatory/ingest'

/**
 * Who made a change: a Principal (apps/server/src/auth/principal.ts) or any `{ kind, id }`
 * (`{ kind: 'system', id: 'bootstrap' }`). Its `projectId`, when present, is where the event
 * is written unless {@link AuditEntry.projectId} says otherwise.
 */
export interface AuditActor {
  kind: string
  id: string
  userId?: string | null
  projectId?: string
}

export interface AuditEntry {
  actor: AuditActor
  /** `<target type>.<verb>`: `api_key.create`, `project.update`, `member.remove`, … */
  action: string
  target: { type: string; id: string }
  /** The state before and after the change; secrets are masked (see {@link maskSecrets}). */
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
  /** The project whose audit trail gets the event; default: the actor's, else the default project. */
  projectId?: string
}

/** Event fields of an audit event (seed 001: event_type audit, payload type audit_trail). */
export const auditSourceModule = 'llm-observatory'
export const auditEventType = 'audit'

/**
 * The audit trail: every administrative change becomes an analytics event (event_type
 * `audit`, source_module `llm-observatory`, severity `info`) written through the ingest
 * write queue, so it is durable when `record` resolves and readable with
 * `GET /api/v1/events?event_type=audit`. The payload is
 * `{ type: 'audit_trail', actor: { kind, id, user_id }, action, target: { type, id },
 * resource: '<type>:<id>', outcome: 'success', before, after }`; fields naming a secret,
 * password, token or hash are replaced by `"[redacted]"`, never stored.
 * @example
 * await audit.record({
 *   actor: request.principal,
 *   action: 'api_key.revoke',
 *   target: { type: 'api_key', id: key.id },
 *   before: { revoked_at: null },
 *   after: { revoked_at: '2026-01-01T00:00:00.000Z' },
 * })
 */
export class AuditLog {
  readonly #pipeline: IngestPipeline
  readonly #defaultProjectId: string
  readonly #now: () => number

  constructor(pipeline: IngestPipeline, defaultProjectId: string, now: () => number = Date.now) {
    this.#pipeline = pipeline
    this.#defaultProjectId = defaultProjectId
    this.#now = now
  }

  /** The project instance-level changes (users, project creation and deletion) are kept in. */
  get defaultProjectId(): string {
    return this.#defaultProjectId
  }

  async record(entry: AuditEntry): Promise<AnalyticsEvent> {
    const event: AnalyticsEvent = {
      projectId: entry.projectId ?? entry.actor.projectId ?? this.#defaultProjectId,
      eventId: randomUUID(),
      timeUs: this.#now() * 1000,
      sourceModule: auditSourceModule,
      eventType: auditEventType,
      schemaVersion: '1.0.0',
      severity: 'info',
      environment: null,
      traceId: null,
      spanId: null,
      correlationId: null,
      parentEventId: null,
      userId: null,
      sessionId: null,
      tags: { action: entry.action, target_type: entry.target.type },
      payload: {
        type: 'audit_trail',
        actor: { kind: entry.actor.kind, id: entry.actor.id, user_id: entry.actor.userId ?? null },
        action: entry.action,
        target: { type: entry.target.type, id: entry.target.id },
        resource: `${entry.target.type}:${entry.target.id}`,
        outcome: 'success',
        before: maskSecrets(entry.before ?? null),
        after: maskSecrets(entry.after ?? null),
      },
    }
    await this.#pipeline.ingestRecords({ events: [event] })
    return event
  }
}

const secretField = /secret(?!_?prefix)|password|token$|hash/i

/**
 * A copy of `value` with every field whose name looks like a secret (`secret_key`,
 * `password`, `access_token`, `secret_hash`, …; not `secret_prefix`) replaced by
 * `"[redacted]"`, at any depth.
 * @example maskSecrets({ name: 'ci', secret_key: 'sk-lo-…' }) // { name: 'ci', secret_key: '[redacted]' }
 */
export function maskSecrets<T extends Record<string, unknown> | null>(value: T): T {
  if (value === null) return value
  return maskValue(value) as T
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue)
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [key, inner] of Object.entries(value))
    out[key] = secretField.test(key) ? '[redacted]' : maskValue(inner)
  return out
}
