import {
  defaultProjectSettings,
  redactionDetectorNames,
  type ProjectSettings,
  type RedactionPolicy,
} from '@llm-observatory/core'
import type { Backend } from '@llm-observatory/storage'

const cacheTtlMs = 10_000

/**
 * Reads and writes project settings (stored as snake_case JSON by `backend.projects`), with
 * a short in-process cache because the auth hook and ingestion read them on every request.
 * Writes through {@link update} drop the cache entry, so a change applies to the next request
 * in this process.
 * @example
 * const settings = await service.get(projectId) // { viewerSeesContent: true, retentionDays: null, pii: null }
 * await service.update(projectId, { retentionDays: 30 })
 */
export class ProjectSettingsService {
  readonly #backend: Backend
  readonly #now: () => number
  readonly #cache = new Map<string, { settings: ProjectSettings; until: number }>()

  constructor(backend: Backend, now: () => number = Date.now) {
    this.#backend = backend
    this.#now = now
  }

  async get(projectId: string): Promise<ProjectSettings> {
    const now = this.#now()
    const cached = this.#cache.get(projectId)
    if (cached && cached.until > now) return cached.settings
    const stored = await this.#backend.projects.getSettings(projectId)
    const settings = stored === null ? { ...defaultProjectSettings } : fromStored(stored.settings)
    this.#cache.set(projectId, { settings, until: now + cacheTtlMs })
    return settings
  }

  /** Applies the given fields over the current settings, stores them and returns the result. */
  async update(projectId: string, changes: Partial<ProjectSettings>): Promise<ProjectSettings> {
    const settings = { ...(await this.get(projectId)), ...changes }
    await this.#backend.projects.saveSettings({
      projectId,
      settings: toStored(settings),
      updatedAtUs: this.#now() * 1000,
    })
    this.invalidate(projectId)
    return settings
  }

  invalidate(projectId: string): void {
    this.#cache.delete(projectId)
  }
}

/**
 * The API and storage form: `{ viewer_sees_content, retention_days, pii }`, `pii` as
 * `{ enabled, mode, detectors, custom_patterns, attribute_keys? }` or null.
 */
export function toStored(settings: ProjectSettings): Record<string, unknown> {
  return {
    viewer_sees_content: settings.viewerSeesContent,
    retention_days: settings.retentionDays,
    pii: settings.pii === null ? null : policyToJson(settings.pii),
  }
}

export function policyToJson(policy: RedactionPolicy): Record<string, unknown> {
  return {
    enabled: policy.enabled,
    mode: policy.mode,
    detectors: { ...policy.detectors },
    custom_patterns: policy.customPatterns.map((p) => ({ name: p.name, pattern: p.pattern })),
    ...(policy.attributeKeys === undefined ? {} : { attribute_keys: [...policy.attributeKeys] }),
  }
}

/** The API/storage JSON of a policy (already validated by the route schema) as the domain type. */
export function policyFromJson(json: Record<string, unknown>): RedactionPolicy {
  const detectors: RedactionPolicy['detectors'] = {}
  const given = json['detectors']
  if (typeof given === 'object' && given !== null)
    for (const name of redactionDetectorNames) {
      const on = (given as Record<string, unknown>)[name]
      if (typeof on === 'boolean') detectors[name] = on
    }
  const patterns = Array.isArray(json['custom_patterns']) ? json['custom_patterns'] : []
  const keys = json['attribute_keys']
  return {
    enabled: json['enabled'] === true,
    mode: json['mode'] === 'hash' ? 'hash' : 'redact',
    detectors,
    customPatterns: patterns.flatMap((p: unknown) => {
      const { name, pattern } = (p ?? {}) as { name?: unknown; pattern?: unknown }
      return typeof name === 'string' && typeof pattern === 'string' ? [{ name, pattern }] : []
    }),
    ...(Array.isArray(keys)
      ? { attributeKeys: keys.filter((k): k is string => typeof k === 'string') }
      : {}),
  }
}

function fromStored(stored: Record<string, unknown>): ProjectSettings {
  const viewer = stored['viewer_sees_content']
  const retention = stored['retention_days']
  const pii = stored['pii']
  return {
    viewerSeesContent:
      typeof viewer === 'boolean' ? viewer : defaultProjectSettings.viewerSeesContent,
    retentionDays: typeof retention === 'number' ? retention : null,
    pii:
      typeof pii === 'object' && pii !== null && !Array.isArray(pii)
        ? policyFromJson(pii as Record<string, unknown>)
        : null,
  }
}
