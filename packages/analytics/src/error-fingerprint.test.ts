import { describe, expect, it } from 'vitest'
import { fingerprintErrorMessage } from './error-fingerprint.js'

describe('fingerprintErrorMessage', () => {
  it('groups messages that differ only in numbers, ids and quoted values', () => {
    const a = fingerprintErrorMessage(
      'Rate limit reached for gpt-4o in organization org-1 on tokens per min: Limit 30000, Used 29871, Requested 512.',
    )
    const b = fingerprintErrorMessage(
      'Rate limit reached for gpt-4o in organization org-2 on tokens per min: Limit 30000, Used 29990, Requested 1024.',
    )
    expect(a).toBe(b)
    expect(a).toBe(
      'Rate limit reached for gpt-<n>o in organization org-<n> on tokens per min: Limit <n>, Used <n>, Requested <n>.',
    )
  })

  it('replaces UUIDs, long hex ids, provider ids and quoted values', () => {
    expect(
      fingerprintErrorMessage(
        `Request 9f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0 for trace 0af7651916cd43dd8448eb211c80319c failed: model "gpt-x" not found (req_abc123XYZ)`,
      ),
    ).toBe('Request <id> for trace <id> failed: model <str> not found (<id>)')
  })

  it('keeps words made of hex letters and maps null to an empty fingerprint', () => {
    expect(fingerprintErrorMessage('bad   decade\nfaced')).toBe('bad decade faced')
    expect(fingerprintErrorMessage(null)).toBe('')
  })
})
