import { describe, expect, it } from 'vitest'
import { TokenBucketRateLimiter } from './rate-limiter.js'

function clocked(maxBuckets?: number) {
  let ms = 1_000_000
  const limiter = new TokenBucketRateLimiter({
    now: () => ms,
    ...(maxBuckets === undefined ? {} : { maxBuckets }),
  })
  return {
    limiter,
    advance: (by: number) => {
      ms += by
    },
    rewind: (by: number) => {
      ms -= by
    },
  }
}

describe('TokenBucketRateLimiter', () => {
  it('lets a full bucket burst to its limit, then refuses with the wait for one token', async () => {
    const { limiter } = clocked()
    const decisions = []
    for (let i = 0; i < 4; i++) decisions.push(await limiter.consume('k', 3))
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ])
    // 3 per minute: a token every 20 s; empty means full again in 60 s.
    expect(decisions[3]).toMatchObject({ limit: 3, resetMs: 60_000, retryAfterSeconds: 20 })
    expect(decisions[0]).toMatchObject({ resetMs: 20_000, retryAfterSeconds: 0 })
  })

  it('charges a cost of several tokens, and waits for all of them', async () => {
    const { limiter, advance } = clocked()
    expect(await limiter.consume('k', 60, 50)).toMatchObject({ allowed: true, remaining: 10 })
    const refused = await limiter.consume('k', 60, 20)
    // 60 per minute is one a second: 10 more tokens take 10 s.
    expect(refused).toMatchObject({ allowed: false, remaining: 10, retryAfterSeconds: 10 })
    advance(10_000)
    expect(await limiter.consume('k', 60, 20)).toMatchObject({ allowed: true, remaining: 0 })
  })

  it('mints no tokens when the clock steps back, and caps the balance at a lowered limit', async () => {
    const { limiter, advance, rewind } = clocked()
    for (let i = 0; i < 10; i++) await limiter.consume('k', 10)
    rewind(3_600_000)
    expect((await limiter.consume('k', 10)).allowed).toBe(false)
    advance(3_600_000 + 60_000)
    // Full at 10, then the limit drops to 4: at most 4 tokens.
    expect(await limiter.consume('k', 4)).toMatchObject({ allowed: true, limit: 4, remaining: 3 })
  })

  it('keeps memory bounded: idle buckets are swept, and past maxBuckets the least recently used go', async () => {
    const { limiter } = clocked(3)
    for (const key of ['a', 'b', 'c', 'd', 'e']) await limiter.consume(key, 10)
    expect(limiter.size).toBe(3)
    // 'c', 'd', 'e' are kept; 'a' was dropped, so it starts again from a full bucket.
    expect((await limiter.consume('a', 10)).remaining).toBe(9)
    expect((await limiter.consume('e', 10)).remaining).toBe(8)

    const roomy = clocked(1_000)
    for (let i = 0; i < 100; i++) await roomy.limiter.consume(`ip:${i}`, 10)
    expect(roomy.limiter.size).toBe(100)
    roomy.advance(60_000)
    await roomy.limiter.consume('late', 10)
    // Untouched for a minute, every bucket was full again, so dropping them changed nothing.
    expect(roomy.limiter.size).toBe(1)
  })
})
