import { describe, expect, it } from 'vitest'
import { Value } from 'typebox/value'
import { redactionDetectorNames } from '@llm-observatory/core'
import { RedactionPolicySchema } from './redaction-policy.js'

describe('RedactionPolicySchema', () => {
  it('accepts the minimal and the full form', () => {
    expect(Value.Check(RedactionPolicySchema, { enabled: true })).toBe(true)
    const full = {
      enabled: true,
      mode: 'hash',
      detectors: Object.fromEntries(redactionDetectorNames.map((name) => [name, false])),
      custom_patterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }],
      attribute_keys: ['input.value', 'llm.input_messages.*'],
    }
    expect(Value.Check(RedactionPolicySchema, full)).toBe(true)
  })

  it.each([
    ['a missing enabled', { mode: 'redact' }],
    ['an unknown mode', { enabled: true, mode: 'mask' }],
    ['an unknown detector', { enabled: true, detectors: { ssn: true } }],
    ['a non-boolean detector', { enabled: true, detectors: { email: 'yes' } }],
    [
      'an upper-case pattern name',
      { enabled: true, custom_patterns: [{ name: 'EMP', pattern: 'x' }] },
    ],
    ['an empty pattern', { enabled: true, custom_patterns: [{ name: 'emp', pattern: '' }] }],
    ['a camelCase field', { enabled: true, customPatterns: [] }],
    ['an empty attribute key', { enabled: true, attribute_keys: [''] }],
  ])('rejects %s', (_, value) => {
    expect(Value.Check(RedactionPolicySchema, value)).toBe(false)
  })
})
