/**
 * The storage contract every backend passes: call `describeBackendContract` from one test
 * file per engine. Each test gets its own store location and random project id.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  makeEmptySpan,
  type AnalyticsEvent,
  type MetricPoint,
  type Score,
  type Span,
} from '@llm-observatory/core'
import {
  defaultTimeUs,
  makeApiKey,
  makeEvent,
  makeLog,
  makeMetricPoint,
  makeProject,
  makeScore,
  makeSpan,
  randomProjectId,
  randomSpanId,
  randomTraceId,
} from '@llm-observatory/testkit'
import { makeWriteBatch, type Backend } from '../src/index.js'
import type { AppliedMigration } from '../src/migrations/migration.js'

/** What the contract needs beyond {@link Backend}: reads of the record tables and migrations. */
export interface ContractBackend extends Backend {
  listAppliedMigrations(): Promise<AppliedMigration[]>
  listMetricPoints(projectId: string): Promise<MetricPoint[]>
  listEvents(projectId: string): Promise<AnalyticsEvent[]>
  listScores(projectId: string): Promise<Score[]>
}

/** Makes a backend (not yet opened) over `location`, a fresh empty folder per test. */
export type MakeBackend = (location: string) => ContractBackend

export function describeBackendContract(name: string, makeBackend: MakeBackend): void {
  describe(`storage contract: ${name}`, () => {
    const opened: ContractBackend[] = []
    const folders: string[] = []

    async function openBackend(location?: string): Promise<{
      backend: ContractBackend
      location: string
    }> {
      const folder = location ?? (await mkdtemp(join(tmpdir(), 'observatory-contract-')))
      if (location === undefined) folders.push(folder)
      const backend = makeBackend(folder)
      await backend.open()
      opened.push(backend)
      return { backend, location: folder }
    }

    afterEach(async () => {
      for (const backend of opened.splice(0)) await backend.close()
      for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
    })

    it('returns every span field unchanged, nulls staying null', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const root = makeSpan({
        projectId,
        traceId,
        parentSpanId: null,
        name: 'agent.run — 東京 🚀',
        kind: 'agent',
        tags: ['ünïcode', 'tag with space', '🚀'],
        metadata: { clé: 'välue', empty: '' },
        inputMessages: [
          {
            role: 'user',
            parts: [
              { type: 'text', content: 'Résumé: "quotes", \\backslash\\, new\nline, 日本語 🎉' },
              {
                type: 'media',
                modality: 'image',
                mimeType: 'image/png',
                uri: 'https://example.com/a.png',
                content: null,
              },
            ],
            name: 'alice',
          },
        ],
        attributes: { nested: { list: [1, 'two', null, { three: 3.5 }] }, big: 2 ** 52 },
      })
      const empty: Span = makeEmptySpan({
        projectId,
        traceId,
        spanId: randomSpanId(),
        name: 'unknown',
        startTimeUs: root.startTimeUs + 1,
        endTimeUs: root.startTimeUs + 1,
      })
      empty.parentSpanId = root.spanId
      const child = makeSpan({
        projectId,
        traceId,
        parentSpanId: root.spanId,
        startTimeUs: root.startTimeUs + 2,
        endTimeUs: root.startTimeUs + 999_999,
        status: 'error',
        stream: false,
        usageEstimated: true,
        countsUsage: false,
        inputTokens: 0,
        costUsd: 0,
      })
      await backend.write(makeWriteBatch({ spans: [child, empty, root] }))

      const detail = await backend.getTrace(projectId, traceId)
      expect(detail?.spans).toEqual([root, empty, child])
      const readEmpty = detail?.spans[1]
      expect(readEmpty?.inputTokens).toBeNull()
      expect(readEmpty?.costUsd).toBeNull()
      expect(readEmpty?.stream).toBeNull()
      expect(readEmpty?.inputMessages).toBeNull()
      expect(readEmpty?.tags).toEqual([])
    })

    it('returns logs, metric points, events and scores unchanged', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const span = makeSpan({ projectId, traceId })
      const logs = [
        makeLog({ projectId, traceId, timeUs: defaultTimeUs + 20, body: 'plain text body ✓' }),
        makeLog({
          projectId,
          traceId,
          timeUs: defaultTimeUs + 10,
          spanId: null,
          severityNumber: null,
          severityText: null,
          body: null,
          eventName: null,
          serviceName: null,
          logger: null,
          attributes: {},
        }),
        makeLog({ projectId, traceId: randomTraceId() }),
      ]
      const metrics = [
        makeMetricPoint({ projectId }),
        makeMetricPoint({
          projectId,
          timeUs: defaultTimeUs + 1,
          name: 'system.cpu.utilization',
          type: 'gauge',
          description: null,
          unit: null,
          startTimeUs: null,
          value: 0.42,
          count: null,
          min: null,
          max: null,
          bucketCounts: null,
          explicitBounds: null,
          temporality: null,
          serviceName: null,
          tags: {},
        }),
      ]
      const events = [
        makeEvent({ projectId }),
        makeEvent({
          projectId,
          timeUs: defaultTimeUs + 1,
          eventType: 'security',
          environment: null,
          traceId: null,
          spanId: null,
          correlationId: null,
          userId: null,
          sessionId: null,
          tags: {},
          payload: { finding: 'prompt injection', score: 0.91, spans: ['a', 'b'] },
        }),
      ]
      const scores = [
        makeScore({ projectId, traceId }),
        makeScore({
          projectId,
          timeUs: defaultTimeUs + 1,
          traceId: null,
          sessionId: 'session-7',
          dataType: 'categorical',
          value: null,
          stringValue: 'good',
          comment: null,
          source: 'user',
        }),
      ]
      await backend.write(makeWriteBatch({ spans: [span], logs, metrics, events, scores }))

      const detail = await backend.getTrace(projectId, traceId)
      expect(detail?.logs).toEqual([logs[1], logs[0]])
      expect(await backend.listMetricPoints(projectId)).toEqual(metrics)
      expect(await backend.listEvents(projectId)).toEqual(events)
      expect(await backend.listScores(projectId)).toEqual(scores)
      expect(await backend.countRows(projectId)).toEqual({
        spans: 1,
        logs: 3,
        metrics: 2,
        events: 2,
        scores: 2,
      })
    })

    it('aggregates the trace summary over parts written by separate batches', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const t0 = defaultTimeUs
      const root = makeSpan({
        projectId,
        traceId,
        parentSpanId: null,
        name: 'agent.run',
        kind: 'agent',
        startTimeUs: t0,
        endTimeUs: t0 + 5_000_000,
        inputTokens: null,
        outputTokens: null,
        totalTokens: null,
        costUsd: null,
        userId: null,
        sessionId: null,
        serviceName: 'agent-svc',
        environment: null,
        tags: ['root-tag'],
      })
      const wrapper = makeSpan({
        projectId,
        traceId,
        parentSpanId: root.spanId,
        kind: 'llm',
        startTimeUs: t0 + 100,
        endTimeUs: t0 + 4_000_000,
        countsUsage: false,
        inputTokens: 9_999,
        outputTokens: 9_999,
        totalTokens: 19_998,
        costUsd: 9.5,
        userId: null,
        sessionId: null,
        environment: null,
        tags: [],
      })
      const llmA = makeSpan({
        projectId,
        traceId,
        parentSpanId: wrapper.spanId,
        kind: 'llm',
        startTimeUs: t0 + 200,
        endTimeUs: t0 + 1_000_000,
        inputTokens: 100,
        outputTokens: 20,
        totalTokens: 120,
        costUsd: 0.25,
        userId: 'user-early',
        sessionId: null,
        environment: null,
        tags: ['b', 'a'],
      })
      const llmB = makeSpan({
        projectId,
        traceId,
        parentSpanId: wrapper.spanId,
        kind: 'llm',
        status: 'error',
        startTimeUs: t0 + 2_000_000,
        endTimeUs: t0 + 6_000_000,
        inputTokens: 50,
        outputTokens: 5,
        totalTokens: 55,
        costUsd: 0.5,
        userId: 'user-late',
        sessionId: 'session-9',
        environment: 'staging',
        tags: ['a', 'c'],
      })
      const tool = makeSpan({
        projectId,
        traceId,
        parentSpanId: root.spanId,
        kind: 'tool',
        startTimeUs: t0 + 3_000_000,
        endTimeUs: t0 + 3_500_000,
        inputTokens: null,
        outputTokens: null,
        totalTokens: null,
        costUsd: null,
        tags: [],
      })
      // The children arrive first, the root in a later batch (as with a long-running agent).
      // "First" fields come from the earliest part that has them: user from the root's
      // batch, session and environment only from the other batch.
      await backend.write(makeWriteBatch({ spans: [llmB, tool] }))
      await backend.write(makeWriteBatch({ spans: [root, wrapper, llmA] }))

      const detail = await backend.getTrace(projectId, traceId)
      expect(detail?.spans.map((s) => s.spanId)).toEqual(
        [root, wrapper, llmA, llmB, tool].map((s) => s.spanId),
      )
      expect(detail?.trace).toEqual({
        projectId,
        traceId,
        rootName: 'agent.run',
        startTimeUs: t0,
        endTimeUs: t0 + 6_000_000,
        durationMs: 6_000,
        spanCount: 5,
        llmCallCount: 2, // the wrapper LLM span (countsUsage false) is not a call of its own
        errorCount: 1,
        hasError: true,
        // Wrapper usage (countsUsage false) is left out: 100 + 50, 20 + 5, 120 + 55, 0.25 + 0.5.
        inputTokens: 150,
        outputTokens: 25,
        totalTokens: 175,
        costUsd: 0.75,
        userId: 'user-early',
        sessionId: 'session-9',
        serviceName: 'agent-svc',
        environment: 'staging',
        tags: ['a', 'b', 'c', 'root-tag'],
      })
    })

    it('keeps unknown usage null in the summary, never 0', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const noUsage = {
        projectId,
        traceId,
        kind: 'tool' as const,
        inputTokens: null,
        outputTokens: null,
        totalTokens: null,
        costUsd: null,
        userId: null,
      }
      await backend.write(makeWriteBatch({ spans: [makeSpan({ ...noUsage, parentSpanId: null })] }))
      await backend.write(makeWriteBatch({ spans: [makeSpan(noUsage)] }))
      const detail = await backend.getTrace(projectId, traceId)
      expect(detail?.trace).toMatchObject({
        spanCount: 2,
        llmCallCount: 0,
        inputTokens: null,
        outputTokens: null,
        totalTokens: null,
        costUsd: null,
        userId: null,
      })
    })

    it('has no root name while only child spans have arrived', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      await backend.write(makeWriteBatch({ spans: [makeSpan({ projectId, traceId })] }))
      expect((await backend.getTrace(projectId, traceId))?.trace.rootName).toBeNull()
    })

    it('reads every span, log and span score of a trace in its time range, even a span ending before it starts', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const t0 = defaultTimeUs
      const hourUs = 3_600_000_000
      const root = makeSpan({ projectId, traceId, startTimeUs: t0, endTimeUs: t0 + 1_000_000 })
      // Later batch, starting 10 minutes after the root and (malformed) ending before it starts.
      const late = makeSpan({
        projectId,
        traceId,
        parentSpanId: root.spanId,
        startTimeUs: t0 + 600_000_000,
        endTimeUs: t0 + 595_000_000,
      })
      // Same times, other trace: must not be read.
      const stranger = makeSpan({ projectId, startTimeUs: t0 + 600_000_000 })
      const logAt = (timeUs: number) =>
        makeLog({ projectId, traceId, spanId: late.spanId, timeUs, observedTimeUs: timeUs })
      const lateScore = makeScore({ projectId, traceId: null, spanId: late.spanId, timeUs: t0 })
      await backend.write(makeWriteBatch({ spans: [root, stranger] }))
      await backend.write(
        makeWriteBatch({
          spans: [late],
          logs: [logAt(t0 - 2 * hourUs), logAt(t0 - hourUs / 2), logAt(t0 + 20 * hourUs)],
          scores: [lateScore],
        }),
      )

      const detail = await backend.getTrace(projectId, traceId)
      expect(detail?.spans).toEqual([root, late])
      expect(detail?.trace).toMatchObject({ startTimeUs: t0, endTimeUs: t0 + 600_000_000 })
      // Logs from an hour before the trace to a day after it.
      expect(detail?.logs.map((l) => l.timeUs)).toEqual([t0 - hourUs / 2, t0 + 20 * hourUs])
      const [detailAgain, scores] = await Promise.all([
        backend.getTrace(projectId, traceId),
        backend.findScores(projectId, { traceId, limit: 10 }),
      ])
      expect(detailAgain?.spans).toEqual([root, late])
      expect(scores).toEqual({ scores: [lateScore], totalItems: 1 })
    })

    it("does not find another project's trace", async () => {
      const { backend } = await openBackend()
      const projectA = randomProjectId()
      const projectB = randomProjectId()
      const traceId = randomTraceId()
      await backend.write(makeWriteBatch({ spans: [makeSpan({ projectId: projectA, traceId })] }))
      expect(await backend.getTrace(projectB, traceId)).toBeNull()
      expect(await backend.listTraces(projectB, { limit: 10 })).toEqual([])
      expect((await backend.countRows(projectB)).spans).toBe(0)
      expect(await backend.getTrace(projectA, randomTraceId())).toBeNull()
    })

    it('lists traces newest first and pages with beforeUs', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traces = [0, 1, 2, 3, 4].map((i) => ({
        traceId: randomTraceId(),
        startTimeUs: defaultTimeUs + i * 1_000_000,
      }))
      await backend.write(
        makeWriteBatch({
          spans: traces.map((t) => makeSpan({ projectId, ...t, parentSpanId: null })),
        }),
      )
      // A late part of the oldest trace must not move it: its start stays the earliest.
      const oldest = traces[0]!
      await backend.write(
        makeWriteBatch({
          spans: [
            makeSpan({ projectId, traceId: oldest.traceId, startTimeUs: defaultTimeUs + 9e6 }),
          ],
        }),
      )
      const firstPage = await backend.listTraces(projectId, { limit: 2 })
      expect(firstPage.map((t) => t.traceId)).toEqual([traces[4]!.traceId, traces[3]!.traceId])
      const nextPage = await backend.listTraces(projectId, {
        limit: 10,
        beforeUs: firstPage[1]!.startTimeUs,
      })
      expect(nextPage.map((t) => t.traceId)).toEqual(
        [traces[2]!, traces[1]!, oldest].map((t) => t.traceId),
      )
      expect(nextPage[2]).toMatchObject({ spanCount: 2, startTimeUs: defaultTimeUs })
    })

    it('finds scores by target, name, source and time, newest first, latest version per id', async () => {
      const { backend } = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const otherTraceId = randomTraceId()
      const spanId = randomSpanId()
      const t0 = defaultTimeUs
      const span = makeSpan({ projectId, traceId, spanId, parentSpanId: null })
      const onTrace = makeScore({ projectId, scoreId: 's1', traceId, timeUs: t0 + 10 })
      // On a span of the trace only: found by the trace through its span.
      const onSpan = makeScore({
        projectId,
        scoreId: 's2',
        traceId: null,
        spanId,
        timeUs: t0 + 20,
        name: 'correct',
        dataType: 'boolean',
        value: 1,
        source: 'user',
      })
      const elsewhere = makeScore({
        projectId,
        scoreId: 's3',
        traceId: otherTraceId,
        timeUs: t0 + 30,
      })
      const onSession = makeScore({
        projectId,
        scoreId: 's4',
        traceId: null,
        sessionId: 'sess-1',
        timeUs: t0 + 40,
        name: 'tone',
        dataType: 'categorical',
        value: null,
        stringValue: 'friendly',
        source: 'api',
      })
      // s1 sent again later with a new value: only this version counts.
      const onTraceV2 = { ...onTrace, timeUs: t0 + 50, value: 0.25 }
      await backend.write(makeWriteBatch({ spans: [span], scores: [onTrace, onSpan, elsewhere] }))
      await backend.write(makeWriteBatch({ scores: [onSession, onTraceV2] }))
      await backend.write(makeWriteBatch({ scores: [makeScore({ projectId: randomProjectId() })] }))

      const all = await backend.findScores(projectId, { limit: 10 })
      expect(all.scores).toEqual([onTraceV2, onSession, elsewhere, onSpan])
      expect(all.totalItems).toBe(4)
      const ofTrace = await backend.findScores(projectId, { traceId, limit: 10 })
      expect(ofTrace.scores).toEqual([onTraceV2, onSpan])
      expect(ofTrace.totalItems).toBe(2)
      // The old version of s1 (t0+10) is not found by a range that only it falls in.
      expect((await backend.findScores(projectId, { toUs: t0 + 11, limit: 10 })).totalItems).toBe(0)
      const ranged = await backend.findScores(projectId, {
        fromUs: t0 + 20,
        toUs: t0 + 40,
        limit: 10,
      })
      expect(ranged.scores.map((s) => s.scoreId)).toEqual(['s3', 's2'])
      expect(
        (await backend.findScores(projectId, { sessionId: 'sess-1', limit: 10 })).scores,
      ).toEqual([onSession])
      expect(
        (await backend.findScores(projectId, { spanId, source: 'user', limit: 10 })).scores,
      ).toEqual([onSpan])
      expect(
        (await backend.findScores(projectId, { name: 'helpfulness', limit: 10 })).scores.map(
          (s) => s.scoreId,
        ),
      ).toEqual(['s1', 's3'])

      const second = await backend.findScores(projectId, { limit: 2, offset: 2 })
      expect(second.scores.map((s) => s.scoreId)).toEqual(['s3', 's2'])
      expect(second.totalItems).toBe(4)
      const afterKey = await backend.findScores(projectId, {
        limit: 2,
        after: { timeUs: onSession.timeUs, scoreId: onSession.scoreId },
      })
      expect(afterKey.scores.map((s) => s.scoreId)).toEqual(['s3', 's2'])
    })

    it('creates, finds, lists and touches projects and API keys', async () => {
      const { backend } = await openBackend()
      const project = makeProject({ name: 'Projet 東京', isDefault: true })
      await backend.createProject(project)
      expect(await backend.getProject(project.id)).toEqual(project)
      expect(await backend.getProject(randomProjectId())).toBeNull()
      expect((await backend.listProjects()).map((p) => p.id)).toContain(project.id)

      const key = makeApiKey({ projectId: project.id })
      const revoked = makeApiKey({ projectId: project.id, revokedAtUs: defaultTimeUs + 5 })
      await backend.createApiKey(key)
      await backend.createApiKey(revoked)
      expect(await backend.findApiKeyByPublicKey(key.publicKey)).toEqual(key)
      expect(await backend.findApiKeyBySecretHash(revoked.secretHash)).toEqual(revoked)
      expect(await backend.findApiKeyByPublicKey('pk-lo-missing')).toBeNull()
      expect(await backend.listApiKeys(project.id)).toHaveLength(2)

      await backend.touchApiKey(key.id, defaultTimeUs + 123)
      expect(await backend.findApiKeyByPublicKey(key.publicKey)).toEqual({
        ...key,
        lastUsedAtUs: defaultTimeUs + 123,
      })
      await expect(
        backend.createApiKey({ ...makeApiKey(), publicKey: key.publicKey }),
      ).rejects.toMatchObject({ code: 'ERR_STORAGE_QUERY', details: { kind: 'constraint' } })
    })

    it('keeps data across close and reopen without re-running migrations', async () => {
      const first = await openBackend()
      const projectId = randomProjectId()
      const traceId = randomTraceId()
      const span = makeSpan({ projectId, traceId })
      await first.backend.write(makeWriteBatch({ spans: [span], logs: [makeLog({ projectId })] }))
      const migrations = await first.backend.listAppliedMigrations()
      expect(migrations.length).toBeGreaterThan(0)
      await first.backend.close()
      opened.splice(opened.indexOf(first.backend), 1)

      const second = await openBackend(first.location)
      expect(await second.backend.listAppliedMigrations()).toEqual(migrations)
      expect((await second.backend.getTrace(projectId, traceId))?.spans).toEqual([span])
      expect(await second.backend.countRows(projectId)).toMatchObject({ spans: 1, logs: 1 })
    })

    it('reports ok while open and down after close', async () => {
      const { backend } = await openBackend()
      expect(await backend.health()).toMatchObject({ status: 'ok', engine: backend.engine })
      await backend.close()
      opened.splice(opened.indexOf(backend), 1)
      expect((await backend.health()).status).toBe('down')
      await expect(backend.write(makeWriteBatch({ spans: [makeSpan()] }))).rejects.toMatchObject({
        code: 'ERR_STORAGE_UNAVAILABLE',
      })
    })

    it('accepts an empty batch as a no-op', async () => {
      const { backend } = await openBackend()
      await backend.write(makeWriteBatch())
      expect(await backend.countRows(randomProjectId())).toEqual({
        spans: 0,
        logs: 0,
        metrics: 0,
        events: 0,
        scores: 0,
      })
    })
  })
}
