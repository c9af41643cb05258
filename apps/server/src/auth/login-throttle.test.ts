import { describe, expect, it } from 'vitest'
import { LoginThrottle } from './login-throttle.js'

describe('LoginThrottle', () => {
  it('allows 5 failures, then waits 30 s after the last, doubling with each further failure', () => {
    let now = 1_000_000
    const throttle = new LoginThrottle(() => now)
    for (let i = 0; i < 4; i++) {
      throttle.recordFailure('a@example.com', '10.0.0.1')
      expect(throttle.check('a@example.com', '10.0.0.2')).toBe(0)
    }
    throttle.recordFailure('a@example.com', '10.0.0.1')
    expect(throttle.check('a@example.com', '10.0.0.2')).toBe(30)
    now += 10_000
    expect(throttle.check('a@example.com', '10.0.0.2')).toBe(20)
    now += 20_000
    expect(throttle.check('a@example.com', '10.0.0.2')).toBe(0)
    throttle.recordFailure('a@example.com', '10.0.0.2')
    expect(throttle.check('a@example.com', '10.0.0.3')).toBe(60)
    now += 60_000
    throttle.recordFailure('a@example.com', '10.0.0.3')
    expect(throttle.check('a@example.com', '10.0.0.4')).toBe(120)
  })

  it('caps the wait at 15 minutes and forgets failures older than 15 minutes', () => {
    let now = 0
    const throttle = new LoginThrottle(() => now)
    for (let i = 0; i < 12; i++) {
      throttle.recordFailure('b@example.com', `10.0.1.${i}`)
      now += 1000
    }
    expect(throttle.check('b@example.com', '10.0.2.1')).toBe(15 * 60 - 1)
    now += 15 * 60_000
    expect(throttle.check('b@example.com', '10.0.2.1')).toBe(0)
  })

  it('throttles one IP across e-mails, and a success clears the e-mail but not the IP', () => {
    let now = 0
    const throttle = new LoginThrottle(() => now)
    for (let i = 0; i < 5; i++) throttle.recordFailure(`user${i}@example.com`, '10.9.9.9')
    expect(throttle.check('fresh@example.com', '10.9.9.9')).toBe(30)
    expect(throttle.check('fresh@example.com', '10.9.9.8')).toBe(0)
    for (let i = 0; i < 5; i++) throttle.recordFailure('c@example.com', `10.8.0.${i}`)
    throttle.recordSuccess('c@example.com')
    expect(throttle.check('c@example.com', '10.8.1.1')).toBe(0)
    now += 1
    expect(throttle.check('x@example.com', '10.9.9.9')).toBe(30)
  })
})
