/**
 * The contract of `backend.projects` (ProjectRepository) every backend passes: call
 * `describeProjectRepositoryContract` from one test file per engine. Each test gets its own
 * store location and random project ids.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  defaultTimeUs,
  makeApiKey,
  makeEvent,
  makeLog,
  makeMetricPoint,
  makeProject,
  makeScore,
  makeSpan,
  randomTraceId,
} from '@llm-observatory/testkit'
import { makeWriteBatch, projectDataTables, type Backend } from '../src/index.js'

/** Makes a backend (not yet opened) over `location`, a fresh empty folder per test. */
export type MakeProjectBackend = (location: string) => Backend

export function describeProjectRepositoryContract(
  name: string,
  makeBackend: MakeProjectBackend,
): void {
  describe(`project repository contract: ${name}`, () => {
    const opened: Backend[] = []
    const folders: string[] = []

    async function openBackend(): Promise<Backend> {
      const folder = await mkdtemp(join(tmpdir(), 'observatory-projects-'))
      folders.push(folder)
      const backend = makeBackend(folder)
      await backend.open()
      opened.push(backend)
      return backend
    }

    afterEach(async () => {
      for (const backend of opened.splice(0)) await backend.close()
      for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
    })

    /** A project with one row in every data table, its settings and a key. */
    async function seedProject(backend: Backend): Promise<{ id: string; keyId: string }> {
      const project = makeProject()
      await backend.createProject(project)
      const projectId = project.id
      const traceId = randomTraceId()
      await backend.write(
        makeWriteBatch({
          spans: [makeSpan({ projectId, traceId }), makeSpan({ projectId, traceId })],
          logs: [makeLog({ projectId })],
          metrics: [makeMetricPoint({ projectId })],
          events: [makeEvent({ projectId })],
          scores: [makeScore({ projectId })],
        }),
      )
      const key = makeApiKey({ projectId })
      await backend.createApiKey(key)
      await backend.projects.saveSettings({
        projectId,
        settings: { retention_days: 7 },
        updatedAtUs: defaultTimeUs,
      })
      return { id: projectId, keyId: key.id }
    }

    it('renames a project and stores its settings object, replacing the previous one', async () => {
      const backend = await openBackend()
      const project = makeProject({ name: 'before' })
      await backend.createProject(project)
      await backend.projects.renameProject(project.id, 'après 東京')
      expect(await backend.getProject(project.id)).toEqual({ ...project, name: 'après 東京' })

      expect(await backend.projects.getSettings(project.id)).toBeNull()
      const first = { viewer_sees_content: false, pii: { enabled: true, rules: ['email'] } }
      await backend.projects.saveSettings({
        projectId: project.id,
        settings: first,
        updatedAtUs: defaultTimeUs,
      })
      expect(await backend.projects.getSettings(project.id)).toEqual({
        projectId: project.id,
        settings: first,
        updatedAtUs: defaultTimeUs,
      })
      await backend.projects.saveSettings({
        projectId: project.id,
        settings: { retention_days: 30 },
        updatedAtUs: defaultTimeUs + 1,
      })
      expect(await backend.projects.getSettings(project.id)).toEqual({
        projectId: project.id,
        settings: { retention_days: 30 },
        updatedAtUs: defaultTimeUs + 1,
      })
    })

    it('replaces a key secret in place and revokes a key once', async () => {
      const backend = await openBackend()
      const project = makeProject()
      await backend.createProject(project)
      const key = makeApiKey({ projectId: project.id })
      await backend.createApiKey(key)
      expect(await backend.projects.getApiKey(key.id)).toEqual(key)
      expect(await backend.projects.getApiKey('missing')).toBeNull()

      const newHash = 'ab'.repeat(32)
      await backend.projects.replaceApiKeySecret(key.id, newHash, 'sk-lo-NEW1')
      const rotated = { ...key, secretHash: newHash, secretPrefix: 'sk-lo-NEW1' }
      expect(await backend.findApiKeyBySecretHash(newHash)).toEqual(rotated)
      expect(await backend.findApiKeyBySecretHash(key.secretHash)).toBeNull()

      await backend.projects.revokeApiKey(key.id, defaultTimeUs + 10)
      await backend.projects.revokeApiKey(key.id, defaultTimeUs + 99)
      expect(await backend.projects.getApiKey(key.id)).toEqual({
        ...rotated,
        revokedAtUs: defaultTimeUs + 10,
      })
    })

    it("deletes a project's rows in every table and leaves other projects' rows", async () => {
      const backend = await openBackend()
      const doomed = await seedProject(backend)
      const kept = await seedProject(backend)
      const before = await backend.countRows(kept.id)
      expect(before).toEqual({ spans: 2, logs: 1, metrics: 1, events: 1, scores: 1 })

      const cleared = await backend.projects.deleteProject(doomed.id)
      for (const table of projectDataTables) expect(cleared).toContain(table)

      expect(await backend.countRows(doomed.id)).toEqual({
        spans: 0,
        logs: 0,
        metrics: 0,
        events: 0,
        scores: 0,
      })
      expect(await backend.listTraces(doomed.id, { limit: 10 })).toEqual([])
      expect(await backend.getProject(doomed.id)).toBeNull()
      expect(await backend.listApiKeys(doomed.id)).toEqual([])
      expect(await backend.projects.getApiKey(doomed.keyId)).toBeNull()
      expect(await backend.projects.getSettings(doomed.id)).toBeNull()

      expect(await backend.countRows(kept.id)).toEqual(before)
      expect(await backend.listTraces(kept.id, { limit: 10 })).toHaveLength(1)
      expect(await backend.getProject(kept.id)).not.toBeNull()
      expect((await backend.listApiKeys(kept.id)).map((k) => k.id)).toEqual([kept.keyId])
      expect((await backend.projects.getSettings(kept.id))?.settings).toEqual({
        retention_days: 7,
      })
    })
  })
}
