import { ObservatoryError } from '@llm-observatory/core'
import { countBatchRows, makeWriteBatch, type WriteBatch } from '@llm-observatory/storage'

/** Schedules `run` after `ms`; returns a function that cancels it. A seam for tests. */
export type ScheduleTimer = (run: () => void, ms: number) => () => void

export interface WriteQueueOptions {
  /** Commits one group in one transaction; resolves once the rows are durable. */
  write: (batch: WriteBatch) => Promise<void>
  /** Rows accepted but not yet committed (accumulating + in flight) above which submits fail. Default 200_000. */
  maxPendingRows?: number
  /** How long the first row of a group waits for others to join it. Default 50 ms. */
  flushIntervalMs?: number
  /** A group is sealed and written once it holds this many rows. Default 20_000. */
  maxBatchRows?: number
  /** Sent to clients in `ERR_INGEST_QUEUE_FULL` / `ERR_INGEST_SHUTTING_DOWN`. Default 1. */
  retryAfterSeconds?: number
  /**
   * Groups written at once (default 1). With 2, the next group is mapped and handed to storage
   * while the previous one commits, so preparing and writing overlap; storage still commits
   * them in order, and each group resolves after its own commit.
   */
  maxConcurrentWrites?: number
  /**
   * Write the open group as soon as a write slot is free instead of waiting for the interval
   * (default false). Under load groups still form while the slots are busy.
   */
  isEagerFlush?: boolean
  /** Default: `setTimeout`. */
  scheduleTimer?: ScheduleTimer
}

export interface WriteQueueStats {
  /** Rows waiting for a write (open and sealed groups, not the one in flight). */
  pendingRows: number
  /** Rows of the groups being written now (0 when idle). */
  inFlightRows: number
  isWriting: boolean
  committedRows: number
  committedGroups: number
  failedGroups: number
}

interface Waiter {
  resolve: () => void
  reject: (error: unknown) => void
}

interface Group {
  batch: WriteBatch
  rows: number
  waiters: Waiter[]
}

const scheduleWithSetTimeout: ScheduleTimer = (run, ms) => {
  const timer = setTimeout(run, ms)
  return () => clearTimeout(timer)
}

/**
 * Group commit in front of the storage write: many concurrent ingest requests share one
 * transaction, so the store sees a few large batches instead of many tiny ones (DuckDB's
 * appender and ClickHouse's inserts both want large batches).
 *
 * - `submit` adds a batch to the open group and resolves when that group has committed.
 * - A group is written when its first row has waited `flushIntervalMs`, or once it holds
 *   `maxBatchRows` (one submit is never split, so a single large submit may exceed it).
 * - At most `maxConcurrentWrites` writes are in flight; the next group accumulates meanwhile.
 * - Back-pressure: when accepted-but-uncommitted rows plus this batch would pass
 *   `maxPendingRows`, `submit` rejects at once with `ERR_INGEST_QUEUE_FULL`
 *   (`details.retry_after_seconds`), which the receivers turn into 429/503 + Retry-After.
 * - A failed write rejects every submit of that group with `ERR_STORAGE_UNAVAILABLE`
 *   (cause: the storage error); later groups are written as usual.
 * - `close()` rejects new submits with `ERR_INGEST_SHUTTING_DOWN`, writes everything
 *   already accepted and resolves when it is done.
 *
 * @example
 * const queue = new WriteQueue({ write: (batch) => backend.write(batch) })
 * await queue.submit(makeWriteBatch({ spans })) // resolves after COMMIT
 */
export class WriteQueue {
  readonly #write: (batch: WriteBatch) => Promise<void>
  readonly #maxPendingRows: number
  readonly #flushIntervalMs: number
  readonly #maxBatchRows: number
  readonly #retryAfterSeconds: number
  readonly #scheduleTimer: ScheduleTimer
  readonly #maxConcurrentWrites: number
  readonly #isEagerFlush: boolean

  #open: Group | null = null
  #cancelFlushTimer: (() => void) | null = null
  readonly #sealed: Group[] = []
  readonly #inFlight = new Set<Group>()
  #inFlightRows = 0
  #queuedRows = 0
  #isClosing = false
  #closed: Promise<void> | null = null
  #onIdle: (() => void) | null = null
  #committedRows = 0
  #committedGroups = 0
  #failedGroups = 0

  constructor(options: WriteQueueOptions) {
    this.#write = options.write
    this.#maxPendingRows = options.maxPendingRows ?? 200_000
    this.#flushIntervalMs = options.flushIntervalMs ?? 50
    this.#maxBatchRows = options.maxBatchRows ?? 20_000
    this.#retryAfterSeconds = options.retryAfterSeconds ?? 1
    this.#scheduleTimer = options.scheduleTimer ?? scheduleWithSetTimeout
    this.#maxConcurrentWrites = Math.max(1, options.maxConcurrentWrites ?? 1)
    this.#isEagerFlush = options.isEagerFlush ?? false
  }

  submit(batch: WriteBatch): Promise<void> {
    if (this.#isClosing) {
      return Promise.reject(
        new ObservatoryError('ERR_INGEST_SHUTTING_DOWN', {
          details: { retry_after_seconds: this.#retryAfterSeconds },
        }),
      )
    }
    const rows = countBatchRows(batch)
    if (rows === 0) return Promise.resolve()
    const uncommitted = this.#queuedRows + this.#inFlightRows
    if (uncommitted + rows > this.#maxPendingRows) {
      return Promise.reject(
        new ObservatoryError('ERR_INGEST_QUEUE_FULL', {
          details: { retry_after_seconds: this.#retryAfterSeconds },
        }),
      )
    }
    return new Promise<void>((resolve, reject) => {
      if (this.#open !== null && this.#open.rows + rows > this.#maxBatchRows) this.#sealOpen()
      const group = (this.#open ??= { batch: makeWriteBatch(), rows: 0, waiters: [] })
      appendBatch(group.batch, batch)
      group.rows += rows
      group.waiters.push({ resolve, reject })
      this.#queuedRows += rows
      if (group.rows >= this.#maxBatchRows) this.#sealOpen()
      else
        this.#cancelFlushTimer ??= this.#scheduleTimer(() => {
          this.#cancelFlushTimer = null
          this.#sealOpen()
          this.#pump()
        }, this.#flushIntervalMs)
      this.#pump()
    })
  }

  /** Stops accepting submits, writes everything accepted, resolves when done. Idempotent. */
  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve) => {
      this.#isClosing = true
      this.#sealOpen()
      this.#onIdle = resolve
      this.#pump()
    })
    return this.#closed
  }

  stats(): WriteQueueStats {
    return {
      pendingRows: this.#queuedRows,
      inFlightRows: this.#inFlightRows,
      isWriting: this.#inFlight.size > 0,
      committedRows: this.#committedRows,
      committedGroups: this.#committedGroups,
      failedGroups: this.#failedGroups,
    }
  }

  #sealOpen(): void {
    this.#cancelFlushTimer?.()
    this.#cancelFlushTimer = null
    if (this.#open === null) return
    this.#sealed.push(this.#open)
    this.#open = null
  }

  #pump(): void {
    while (this.#inFlight.size < this.#maxConcurrentWrites) {
      if (this.#sealed.length === 0 && this.#isEagerFlush) this.#sealOpen()
      const group = this.#sealed.shift()
      if (group === undefined) break
      this.#inFlight.add(group)
      this.#inFlightRows += group.rows
      this.#queuedRows -= group.rows
      void this.#writeGroup(group)
    }
    if (this.#inFlight.size === 0 && this.#sealed.length === 0 && this.#open === null) {
      this.#onIdle?.()
    }
  }

  async #writeGroup(group: Group): Promise<void> {
    try {
      await this.#write(group.batch)
      this.#committedRows += group.rows
      this.#committedGroups += 1
      for (const waiter of group.waiters) waiter.resolve()
    } catch (cause) {
      this.#failedGroups += 1
      const error = new ObservatoryError('ERR_STORAGE_UNAVAILABLE', { cause })
      for (const waiter of group.waiters) waiter.reject(error)
    } finally {
      this.#inFlight.delete(group)
      this.#inFlightRows -= group.rows
      this.#pump()
    }
  }
}

function appendBatch(target: WriteBatch, source: WriteBatch): void {
  // A loop rather than push(...rows): spreading tens of thousands of arguments can overflow the stack.
  for (const span of source.spans) target.spans.push(span)
  for (const log of source.logs) target.logs.push(log)
  for (const metric of source.metrics) target.metrics.push(metric)
  for (const event of source.events) target.events.push(event)
  for (const score of source.scores) target.scores.push(score)
}
