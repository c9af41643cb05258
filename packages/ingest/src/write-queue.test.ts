import { describe, expect, it } from 'vitest'
import { ObservatoryError } from '@llm-observatory/core'
import { makeWriteBatch, type WriteBatch } from '@llm-observatory/storage'
import { makeLog, makeSpan } from '@llm-observatory/testkit'
import { WriteQueue, type ScheduleTimer } from './write-queue.js'

/** Timers that fire only when the test says so. */
function makeManualTimers(): { schedule: ScheduleTimer; fireAll: () => void; count: () => number } {
  let timers: (() => void)[] = []
  return {
    schedule: (run) => {
      timers.push(run)
      return () => {
        timers = timers.filter((t) => t !== run)
      }
    },
    fireAll: () => {
      const due = timers
      timers = []
      for (const run of due) run()
    },
    count: () => timers.length,
  }
}

/** A storage write the test completes by hand. */
function makeControlledWrite(): {
  write: (batch: WriteBatch) => Promise<void>
  batches: WriteBatch[]
  finish: (index: number, error?: Error) => void
} {
  const batches: WriteBatch[] = []
  const settlers: { resolve: () => void; reject: (error: Error) => void }[] = []
  return {
    batches,
    write: (batch) =>
      new Promise<void>((resolve, reject) => {
        batches.push(batch)
        settlers.push({ resolve, reject })
      }),
    finish: (index, error) => {
      const settler = settlers[index]
      if (settler === undefined) throw new Error(`no write #${index}`)
      if (error === undefined) settler.resolve()
      else settler.reject(error)
    },
  }
}

function spansBatch(count: number): WriteBatch {
  return makeWriteBatch({ spans: Array.from({ length: count }, () => makeSpan()) })
}

async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    return error
  }
}

/** Lets pending promise callbacks run. */
async function flushMicrotasks(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve))
}

describe('WriteQueue', () => {
  it('groups concurrent submits into one write and resolves them all after it commits', async () => {
    const timers = makeManualTimers()
    const store = makeControlledWrite()
    const queue = new WriteQueue({ write: store.write, scheduleTimer: timers.schedule })

    const a = spansBatch(3)
    const b = makeWriteBatch({ logs: [makeLog(), makeLog()] })
    const c = spansBatch(1)
    let resolvedCount = 0
    const submits = [a, b, c].map((batch) => queue.submit(batch).then(() => (resolvedCount += 1)))
    expect(store.batches).toHaveLength(0)
    expect(queue.stats().pendingRows).toBe(6)

    timers.fireAll()
    expect(store.batches).toHaveLength(1)
    const written = store.batches[0]
    expect(written?.spans.map((s) => s.spanId)).toEqual(
      [...a.spans, ...c.spans].map((s) => s.spanId),
    )
    expect(written?.logs).toEqual(b.logs)
    expect(queue.stats()).toMatchObject({ pendingRows: 0, inFlightRows: 6, isWriting: true })

    await flushMicrotasks()
    expect(resolvedCount).toBe(0)
    store.finish(0)
    await Promise.all(submits)
    expect(resolvedCount).toBe(3)
    expect(queue.stats()).toMatchObject({
      committedRows: 6,
      committedGroups: 1,
      inFlightRows: 0,
      isWriting: false,
    })
  })

  it('writes a group as soon as it reaches maxBatchRows, without waiting for the timer', async () => {
    const timers = makeManualTimers()
    const store = makeControlledWrite()
    const queue = new WriteQueue({
      write: store.write,
      scheduleTimer: timers.schedule,
      maxBatchRows: 5,
    })
    const first = queue.submit(spansBatch(2))
    const second = queue.submit(spansBatch(3))
    expect(store.batches.map((batch) => batch.spans.length)).toEqual([5])
    expect(timers.count()).toBe(0)
    store.finish(0)
    await Promise.all([first, second])
  })

  it('keeps one write in flight and accumulates the next group meanwhile', async () => {
    const timers = makeManualTimers()
    const store = makeControlledWrite()
    const queue = new WriteQueue({ write: store.write, scheduleTimer: timers.schedule })
    const first = queue.submit(spansBatch(1))
    timers.fireAll()
    const second = queue.submit(spansBatch(2))
    const third = queue.submit(spansBatch(4))
    timers.fireAll()
    expect(store.batches).toHaveLength(1)
    expect(queue.stats()).toMatchObject({ pendingRows: 6, inFlightRows: 1 })

    store.finish(0)
    await first
    expect(store.batches.map((batch) => batch.spans.length)).toEqual([1, 6])
    store.finish(1)
    await Promise.all([second, third])
    expect(queue.stats().committedGroups).toBe(2)
  })

  it('rejects with ERR_INGEST_QUEUE_FULL and retry_after_seconds when pending rows would pass the limit', async () => {
    const timers = makeManualTimers()
    const store = makeControlledWrite()
    const queue = new WriteQueue({
      write: store.write,
      scheduleTimer: timers.schedule,
      maxPendingRows: 10,
      retryAfterSeconds: 3,
    })
    const accepted = queue.submit(spansBatch(6))
    timers.fireAll()
    const alsoAccepted = queue.submit(spansBatch(4))

    const refused = await settle(queue.submit(spansBatch(1)))
    expect(refused).toBeInstanceOf(ObservatoryError)
    expect(refused).toMatchObject({
      code: 'ERR_INGEST_QUEUE_FULL',
      statusCode: 429,
      details: { retry_after_seconds: 3 },
    })

    store.finish(0)
    await accepted
    // The in-flight rows are committed: there is room again.
    const afterRoom = queue.submit(spansBatch(6))
    timers.fireAll()
    store.finish(1)
    await Promise.all([alsoAccepted, afterRoom])
    expect(store.batches.map((batch) => batch.spans.length)).toEqual([6, 10])
  })

  it('close() writes everything pending, waits for it, and refuses later submits', async () => {
    const timers = makeManualTimers()
    const store = makeControlledWrite()
    const queue = new WriteQueue({
      write: store.write,
      scheduleTimer: timers.schedule,
      maxBatchRows: 4,
    })
    const submits = [queue.submit(spansBatch(3)), queue.submit(spansBatch(3))]
    let isClosed = false
    const closing = queue.close().then(() => (isClosed = true))

    const late = await settle(queue.submit(spansBatch(1)))
    expect(late).toMatchObject({ code: 'ERR_INGEST_SHUTTING_DOWN', statusCode: 503 })

    expect(store.batches).toHaveLength(1)
    store.finish(0)
    await flushMicrotasks()
    expect(store.batches).toHaveLength(2)
    expect(isClosed).toBe(false)
    store.finish(1)
    await closing
    await Promise.all(submits)
    expect(queue.stats()).toMatchObject({ committedRows: 6, pendingRows: 0 })
    expect(timers.count()).toBe(0)
  })

  it('rejects every submit of a failed group with ERR_STORAGE_UNAVAILABLE and keeps writing later groups', async () => {
    const timers = makeManualTimers()
    const store = makeControlledWrite()
    const queue = new WriteQueue({ write: store.write, scheduleTimer: timers.schedule })
    const failedA = settle(queue.submit(spansBatch(1)))
    const failedB = settle(queue.submit(spansBatch(2)))
    timers.fireAll()
    const later = queue.submit(spansBatch(5))
    timers.fireAll()

    const cause = new Error('disk full')
    store.finish(0, cause)
    for (const outcome of [await failedA, await failedB]) {
      expect(outcome).toBeInstanceOf(ObservatoryError)
      expect(outcome).toMatchObject({ code: 'ERR_STORAGE_UNAVAILABLE', cause })
    }
    store.finish(1)
    await later
    expect(queue.stats()).toMatchObject({ committedRows: 5, committedGroups: 1, failedGroups: 1 })
  })

  it('flushes on its own with the default timer', async () => {
    const written: number[] = []
    const queue = new WriteQueue({
      write: async (batch) => {
        written.push(batch.spans.length)
      },
      flushIntervalMs: 1,
    })
    await Promise.all([queue.submit(spansBatch(2)), queue.submit(spansBatch(3))])
    expect(written.reduce((sum, n) => sum + n, 0)).toBe(5)
    await queue.close()
  })

  it('with two write slots and eager flush, writes at once, overlaps the next group and groups under load', async () => {
    const timers = makeManualTimers()
    const storage = makeControlledWrite()
    const queue = new WriteQueue({
      write: storage.write,
      maxConcurrentWrites: 2,
      isEagerFlush: true,
      scheduleTimer: timers.schedule,
    })
    const first = queue.submit(spansBatch(1))
    const second = queue.submit(spansBatch(2))
    // Both slots busy: these two form one group that waits for a slot.
    const third = queue.submit(spansBatch(3))
    const fourth = queue.submit(spansBatch(4))
    expect(storage.batches.map((b) => b.spans.length)).toEqual([1, 2])
    expect(queue.stats()).toMatchObject({ inFlightRows: 3, pendingRows: 7 })

    storage.finish(1)
    expect(await settle(second)).toBe('resolved')
    expect(storage.batches.map((b) => b.spans.length)).toEqual([1, 2, 7])
    storage.finish(0)
    storage.finish(2)
    expect([await settle(first), await settle(third), await settle(fourth)]).toEqual([
      'resolved',
      'resolved',
      'resolved',
    ])
    expect(queue.stats()).toMatchObject({ committedRows: 10, committedGroups: 3, inFlightRows: 0 })
    await queue.close()
  })
})
