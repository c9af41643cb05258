import { createHmac } from 'node:crypto'
import {
  ObservatoryError,
  type LogRecord,
  type RedactionPolicy,
  type Span,
} from '@llm-observatory/core'
import { PiiRedactor } from './pii-redactor.js'

export interface ProjectRedactorsOptions {
  /**
   * A project's policy: the server's default unless the project has its own rules. Called once
   * per ingest call and project; it should answer from memory (project settings cached).
   */
  policyFor: (projectId: string) => RedactionPolicy | Promise<RedactionPolicy>
  /**
   * Instance secret (at least 16 bytes) from which each project's hash-mode key is derived, as
   * HMAC-SHA256(secret, project id): equal values hash alike within a project, differently
   * across projects, and cannot be recomputed without the secret.
   */
  hashSecret: Uint8Array | string
}

/** Compiled policies kept; past this the cache starts over (policies change rarely). */
const maxCached = 1000

/**
 * Redaction for the ingest pipeline: looks up each project's policy, compiles it once (custom
 * patterns included) per distinct policy, and applies it to spans and log records.
 *
 * @example
 * const redactors = new ProjectRedactors({ policyFor: () => policy, hashSecret: secret })
 * await redactors.redactSpans(spans) // spans[i].redactionCount set, content replaced
 */
export class ProjectRedactors {
  readonly #policyFor: ProjectRedactorsOptions['policyFor']
  readonly #hashSecret: Uint8Array | string
  readonly #compiled = new Map<string, PiiRedactor>()

  constructor(options: ProjectRedactorsOptions) {
    const length =
      typeof options.hashSecret === 'string'
        ? Buffer.byteLength(options.hashSecret)
        : options.hashSecret.length
    if (length < 16) throw new RangeError('The redaction hash secret must have at least 16 bytes.')
    this.#policyFor = options.policyFor
    this.#hashSecret = options.hashSecret
  }

  /**
   * The project's compiled policy, or null when its redaction is off. Throws
   * `ERR_REDACTION_POLICY_INVALID` when a custom pattern does not compile: ingestion for that
   * project fails rather than storing content unredacted.
   */
  async redactorFor(projectId: string): Promise<PiiRedactor | null> {
    const policy = await this.#policyFor(projectId)
    if (!policy.enabled) return null
    const cacheKey = projectId + '\u0000' + JSON.stringify(policy)
    let redactor = this.#compiled.get(cacheKey)
    if (redactor === undefined) {
      const key = createHmac('sha256', this.#hashSecret).update(projectId).digest()
      try {
        redactor = new PiiRedactor(policy, key)
      } catch {
        // A stored custom pattern that no longer compiles: refuse the data rather than store
        // it unredacted (the settings route checks patterns, so this is an old or hand-made
        // row). No cause: re2js quotes the pattern, and errors do not echo configured text.
        throw new ObservatoryError('ERR_REDACTION_POLICY_INVALID', { details: { projectId } })
      }
      if (this.#compiled.size >= maxCached) this.#compiled.clear()
      this.#compiled.set(cacheKey, redactor)
    }
    return redactor
  }

  /** Redacts spans in place, each under its project's policy. */
  async redactSpans(spans: readonly Span[]): Promise<void> {
    let projectId: string | null = null
    let redactor: PiiRedactor | null = null
    for (const span of spans) {
      // One request is one project; look up again only when it changes.
      if (span.projectId !== projectId) {
        projectId = span.projectId
        redactor = await this.redactorFor(projectId)
      }
      redactor?.redactSpan(span)
    }
  }

  /** Redacted copies of log records where something matched (the others as they are). */
  async redactLogs(logs: LogRecord[]): Promise<LogRecord[]> {
    let projectId: string | null = null
    let redactor: PiiRedactor | null = null
    let out: LogRecord[] | null = null
    for (let i = 0; i < logs.length; i++) {
      const log = logs[i]!
      if (log.projectId !== projectId) {
        projectId = log.projectId
        redactor = await this.redactorFor(projectId)
      }
      if (redactor === null) continue
      const r = redactor.redactLog(log)
      if (r !== log) {
        out ??= logs.slice()
        out[i] = r
      }
    }
    return out ?? logs
  }
}
