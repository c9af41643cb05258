/** The answer of {@link RateLimiter.consume}. */
export interface RateLimitDecision {
  /** False when the bucket held fewer tokens than the cost; nothing was taken then. */
  allowed: boolean
  /** The bucket's capacity: requests per minute. */
  limit: number
  /** Whole tokens left after this request. */
  remaining: number
  /** Milliseconds until the bucket is full again (0 when it is full). */
  resetMs: number
  /** Whole seconds until `cost` tokens are there again; 0 when allowed. */
  retryAfterSeconds: number
}

/**
 * Token buckets, one per key (`project_key:<id>`, `user:<id>`, `ip:<address>`). The capacity
 * is the limit per minute and tokens come back continuously, so a client may burst up to its
 * limit and then gets `limit / 60` requests per second.
 *
 * Asynchronous so that the scale-out issue can share buckets between nodes (Redis); the
 * in-process {@link TokenBucketRateLimiter} is the default.
 *
 * @example
 * const d = await limiter.consume('user:42', 1000)
 * if (!d.allowed) reply.header('retry-after', String(d.retryAfterSeconds))
 */
export interface RateLimiter {
  consume(bucketKey: string, limitPerMinute: number, cost?: number): Promise<RateLimitDecision>
}

export interface TokenBucketOptions {
  /** Milliseconds since the epoch; tests pass a fake clock. Default `Date.now`. */
  now?: () => number
  /**
   * Most buckets kept at once (default 100,000, a few MB). Full buckets are dropped first
   * (dropping one changes nothing: a missing bucket is a full one); past that the least
   * recently used go, which gives those clients a fresh bucket.
   */
  maxBuckets?: number
}

interface Bucket {
  tokens: number
  /** When `tokens` was last brought up to date. */
  at: number
}

const windowMs = 60_000

/**
 * The in-process {@link RateLimiter}: a token bucket per key in a Map kept in LRU order.
 * Memory stays bounded by `maxBuckets`; idle buckets refill to full and are swept.
 *
 * @example
 * const limiter = new TokenBucketRateLimiter({ now: () => clock })
 * await limiter.consume('ip:10.0.0.1', 600) // { allowed: true, limit: 600, remaining: 599, … }
 */
export class TokenBucketRateLimiter implements RateLimiter {
  readonly #now: () => number
  readonly #maxBuckets: number
  readonly #buckets = new Map<string, Bucket>()
  #lastSweep = 0

  constructor(options: TokenBucketOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#maxBuckets = Math.max(1, options.maxBuckets ?? 100_000)
  }

  /** Buckets held now (full ones may linger until the next sweep). */
  get size(): number {
    return this.#buckets.size
  }

  async consume(bucketKey: string, limitPerMinute: number, cost = 1): Promise<RateLimitDecision> {
    return this.consumeNow(bucketKey, limitPerMinute, cost)
  }

  /** {@link consume} without the promise, for callers in the same process. */
  consumeNow(bucketKey: string, limitPerMinute: number, cost = 1): RateLimitDecision {
    const capacity = Math.max(1, limitPerMinute)
    const now = this.#now()
    const perMs = capacity / windowMs
    const bucket = this.#buckets.get(bucketKey)
    let tokens = capacity
    if (bucket) {
      // A clock that steps back (NTP) must not mint tokens; a lowered limit caps the balance.
      const elapsed = Math.max(0, now - bucket.at)
      tokens = Math.min(capacity, bucket.tokens + elapsed * perMs)
      this.#buckets.delete(bucketKey)
    }
    // Refill is accumulated in floating point; a token due "now" must not miss by 1e-16.
    const allowed = tokens >= cost - 1e-9
    if (allowed) tokens = Math.max(0, tokens - cost)
    this.#buckets.set(bucketKey, { tokens, at: now })
    if (this.#buckets.size > this.#maxBuckets) this.#evict(now)
    else if (now - this.#lastSweep >= windowMs) this.#sweep(now)
    return {
      allowed,
      limit: capacity,
      remaining: Math.floor(tokens),
      resetMs: Math.ceil((capacity - tokens) / perMs),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / perMs / 1000)),
    }
  }

  /** Drops buckets untouched for a whole window: they are full by now, whatever their limit. */
  #sweep(now: number): void {
    this.#lastSweep = now
    for (const [key, bucket] of this.#buckets) {
      // LRU order: the first bucket touched within the window ends the scan.
      if (now - bucket.at < windowMs) break
      this.#buckets.delete(key)
    }
  }

  #evict(now: number): void {
    this.#sweep(now)
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= this.#maxBuckets) break
      this.#buckets.delete(key)
    }
  }
}
