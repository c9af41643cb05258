/** Failed logins allowed per e-mail (and per client IP) within {@link windowMs}. */
export const maxFailures = 5
const windowMs = 15 * 60_000
const baseDelayMs = 30_000
const maxDelayMs = windowMs
/** Forget idle keys so a spray of e-mails cannot grow the map without bound. */
const maxKeys = 100_000

/**
 * Slows password guessing, in this process: after {@link maxFailures} failed logins for one
 * e-mail or one client IP within 15 minutes, further attempts for it are refused until a
 * delay has passed since the last failure: 30 s, then doubling with each further failure,
 * at most 15 minutes. A success clears the e-mail's record (not the IP's). Failures older
 * than the window are forgotten.
 * @example
 * if (throttle.check(email, ip) > 0) refuse() // 429 with Retry-After: the seconds returned
 * if (!isPasswordRight) throttle.recordFailure(email, ip)
 */
export class LoginThrottle {
  readonly #now: () => number
  readonly #failures = new Map<string, number[]>()

  constructor(now: () => number = Date.now) {
    this.#now = now
  }

  /** Seconds until a login for this e-mail from this IP may be tried again; 0 when it may now. */
  check(email: string, ip: string): number {
    const now = this.#now()
    const wait = Math.max(this.#waitMs(`email:${email}`, now), this.#waitMs(`ip:${ip}`, now))
    return wait > 0 ? Math.ceil(wait / 1000) : 0
  }

  recordFailure(email: string, ip: string): void {
    const now = this.#now()
    for (const key of [`email:${email}`, `ip:${ip}`]) {
      const recent = this.#recent(key, now)
      recent.push(now)
      this.#failures.delete(key)
      this.#failures.set(key, recent)
    }
    while (this.#failures.size > maxKeys) {
      const oldest = this.#failures.keys().next().value
      if (oldest === undefined) break
      this.#failures.delete(oldest)
    }
  }

  recordSuccess(email: string): void {
    this.#failures.delete(`email:${email}`)
  }

  #recent(key: string, now: number): number[] {
    return (this.#failures.get(key) ?? []).filter((t) => now - t < windowMs)
  }

  #waitMs(key: string, now: number): number {
    const recent = this.#recent(key, now)
    if (recent.length < maxFailures) return 0
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (recent.length - maxFailures))
    return recent[recent.length - 1]! + delay - now
  }
}
