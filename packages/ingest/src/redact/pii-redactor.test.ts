import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { LogRecord, Message, RedactionPolicy, Span } from '@llm-observatory/core'
import { makeLog, makeSpan, randomProjectId } from '@llm-observatory/testkit'
import { checkRedactionPolicy } from './check-redaction-policy.js'
import { PiiRedactor } from './pii-redactor.js'
import { ProjectRedactors } from './project-redactors.js'

const hashKey = Buffer.from('0123456789abcdef0123456789abcdef')
const policy = (overrides: Partial<RedactionPolicy> = {}): RedactionPolicy => ({
  enabled: true,
  mode: 'redact',
  detectors: {},
  customPatterns: [],
  ...overrides,
})
const redactText = (redactor: PiiRedactor, text: string) => {
  const counter = { count: 0 }
  return { text: redactor.redactText(text, counter), count: counter.count }
}
/** The expected hash token, computed here from the definition (HMAC-SHA256, first 12 hex). */
const hashToken = (label: string, value: string, key: Uint8Array = hashKey) =>
  `[${label}:${createHmac('sha256', key).update(value).digest('hex').slice(0, 12)}]`

const email = 'jane.doe@example.com'
const card = '4111 1111 1111 1111'

describe('PiiRedactor modes', () => {
  it('redact mode replaces each match with its label and counts them', () => {
    const r = new PiiRedactor(policy(), hashKey)
    expect(redactText(r, `Mail ${email}, card ${card}, from 203.0.113.9.`)).toEqual({
      text: 'Mail [REDACTED:EMAIL], card [REDACTED:CREDIT_CARD], from [REDACTED:IPV4].',
      count: 3,
    })
  })

  it('hash mode gives HMAC tokens: equal values alike, different values apart', () => {
    const r = new PiiRedactor(policy({ mode: 'hash' }), hashKey)
    const { text, count } = redactText(r, `${email} / JANE.DOE@example.com / bob@example.com`)
    const jane = hashToken('EMAIL', 'jane.doe@example.com')
    expect(text).toBe(`${jane} / ${jane} / ${hashToken('EMAIL', 'bob@example.com')}`)
    expect(count).toBe(3)
    // Card numbers hash by their digits, however they are grouped.
    const cards = redactText(r, `${card} and 4111-1111-1111-1111`).text
    const token = hashToken('CREDIT_CARD', '4111111111111111')
    expect(cards).toBe(`${token} and ${token}`)
  })

  it('runs a custom RE2 pattern, labelled with its name upper-cased', () => {
    const r = new PiiRedactor(
      policy({ customPatterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }] }),
      hashKey,
    )
    expect(redactText(r, 'Ticket by EMP-004211 (EMP-12 is not one)')).toEqual({
      text: 'Ticket by [REDACTED:EMPLOYEE_ID] (EMP-12 is not one)',
      count: 1,
    })
  })

  it('keeps detectors the policy switches off', () => {
    const r = new PiiRedactor(policy({ detectors: { ipv4: false, email: false } }), hashKey)
    expect(redactText(r, `${email} from 10.1.2.3, card ${card}`)).toEqual({
      text: `${email} from 10.1.2.3, card [REDACTED:CREDIT_CARD]`,
      count: 1,
    })
  })

  it('on overlapping matches takes the leftmost, longest one once', () => {
    // The custom pattern matches inside the e-mail address; a bearer JWT is labelled a JWT.
    const jwt = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMQ'
    const r = new PiiRedactor(
      policy({ customPatterns: [{ name: 'doe', pattern: 'doe' }] }),
      hashKey,
    )
    expect(redactText(r, `Bearer ${jwt} for ${email}`)).toEqual({
      text: 'Bearer [REDACTED:JWT] for [REDACTED:EMAIL]',
      count: 2,
    })
  })
})

describe('PiiRedactor on spans', () => {
  const prompt: Message[] = [
    { role: 'system', parts: [{ type: 'text', content: 'You are a billing assistant.' }] },
    {
      role: 'user',
      parts: [{ type: 'text', content: `I am ${email}, my card ${card} was charged twice.` }],
    },
    {
      role: 'assistant',
      parts: [
        {
          type: 'tool_call',
          id: 'call_1',
          name: 'lookup_customer',
          arguments: JSON.stringify({ email, limit: 5 }),
        },
      ],
    },
    {
      role: 'tool',
      parts: [{ type: 'tool_result', id: 'call_1', content: { phone: '+44 20 7946 0958' } }],
    },
  ]

  function spanWithPii(): Span {
    return makeSpan({
      projectId: randomProjectId(),
      status: 'error',
      errorMessage: `Customer ${email} not found`,
      inputMessages: prompt,
      outputMessages: [
        { role: 'assistant', parts: [{ type: 'reasoning', content: `look up ${email}` }] },
      ],
      attributes: {
        'gen_ai.input.messages': JSON.stringify(prompt),
        'gen_ai.prompt.1.content': `I am ${email}`,
        'llm.input_messages.0.message.content': `card ${card}`,
        'gen_ai.request.model': 'gpt-4o',
        'user.note': `kept: ${email}`,
        'gen_ai.usage.input_tokens': 4111111111111111,
      },
      events: [
        {
          name: 'exception',
          timeUs: 1,
          attributes: { 'exception.message': `no ${email}`, 'exception.type': 'NotFound' },
        },
      ],
    })
  }

  it('redacts messages, tool calls and results, the error, content attributes and events', () => {
    const span = spanWithPii()
    new PiiRedactor(policy(), hashKey).redactSpan(span)
    expect(span.inputMessages?.[1]?.parts[0]).toEqual({
      type: 'text',
      content: 'I am [REDACTED:EMAIL], my card [REDACTED:CREDIT_CARD] was charged twice.',
    })
    expect(span.inputMessages?.[2]?.parts[0]).toMatchObject({
      arguments: JSON.stringify({ email: '[REDACTED:EMAIL]', limit: 5 }),
    })
    expect(span.inputMessages?.[3]?.parts[0]).toMatchObject({
      content: { phone: '[REDACTED:PHONE]' },
    })
    expect(span.outputMessages?.[0]?.parts[0]).toEqual({
      type: 'reasoning',
      content: 'look up [REDACTED:EMAIL]',
    })
    expect(span.errorMessage).toBe('Customer [REDACTED:EMAIL] not found')
    expect(span.attributes['gen_ai.prompt.1.content']).toBe('I am [REDACTED:EMAIL]')
    expect(span.attributes['llm.input_messages.0.message.content']).toBe(
      'card [REDACTED:CREDIT_CARD]',
    )
    expect(span.events[0]?.attributes).toEqual({
      'exception.message': 'no [REDACTED:EMAIL]',
      'exception.type': 'NotFound',
    })
    // Keys outside the list, and numbers, are kept as sent.
    expect(span.attributes['user.note']).toBe(`kept: ${email}`)
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(4111111111111111)
    // JSON attributes stay valid JSON with the same structure.
    const messages = JSON.parse(span.attributes['gen_ai.input.messages'] as string) as Message[]
    expect(messages[1]?.parts[0]).toEqual(span.inputMessages?.[1]?.parts[0])
    expect(messages[2]?.parts[0]).toMatchObject({
      arguments: JSON.stringify({ email: '[REDACTED:EMAIL]', limit: 5 }),
    })
    // Counted one by one: message text 2, tool call 1, tool result 1, reasoning 1, error 1,
    // the JSON attribute 4 (its user text 2, tool call 1, tool result 1), indexed attributes 2,
    // the exception event 1.
    expect(span.redactionCount).toBe(2 + 1 + 1 + 1 + 1 + 4 + 2 + 1)
  })

  it('never mutates values another span may share', () => {
    const span = spanWithPii()
    const sharedPrompt = span.inputMessages
    const sharedAttributes = span.attributes
    const before = JSON.stringify({ sharedPrompt, sharedAttributes })
    new PiiRedactor(policy(), hashKey).redactSpan(span)
    expect(JSON.stringify({ sharedPrompt, sharedAttributes })).toBe(before)
    expect(span.inputMessages).not.toBe(sharedPrompt)
    // Unchanged messages are reused rather than copied.
    expect(span.inputMessages?.[0]).toBe(sharedPrompt?.[0])
  })

  it('honours a configured attribute key list, with prefixes', () => {
    const span = spanWithPii()
    new PiiRedactor(policy({ attributeKeys: ['user.*'] }), hashKey).redactSpan(span)
    expect(span.attributes['user.note']).toBe('kept: [REDACTED:EMAIL]')
    expect(span.attributes['gen_ai.prompt.1.content']).toBe(`I am ${email}`)
  })

  it('leaves a span without PII as it was, with a count of 0', () => {
    const span = makeSpan({ projectId: randomProjectId(), redactionCount: 7 })
    const before = structuredClone(span)
    new PiiRedactor(policy(), hashKey).redactSpan(span)
    expect(span).toEqual({ ...before, redactionCount: 0 })
  })

  it('replaces nesting deeper than it walks instead of keeping it unread', () => {
    let deep: unknown = email
    for (let i = 0; i < 40; i++) deep = [deep]
    const span = makeSpan({ attributes: { 'input.value': deep }, inputMessages: null })
    new PiiRedactor(policy(), hashKey).redactSpan(span)
    expect(JSON.stringify(span.attributes)).not.toContain(email)
    expect(JSON.stringify(span.attributes)).toContain('[REDACTED:TOO_DEEP]')
  })
})

describe('PiiRedactor on log records', () => {
  it('redacts OTel content log bodies and content attributes, keeping the record otherwise', () => {
    const log: LogRecord = makeLog({
      eventName: 'gen_ai.user.message',
      body: { content: `call me on +1 415 555 2671 or ${email}` },
      attributes: { 'gen_ai.input.messages': [{ role: 'user', content: email }], 'tool.name': 'x' },
    })
    const redacted = new PiiRedactor(policy(), hashKey).redactLog(log)
    expect(redacted).toEqual({
      ...log,
      body: { content: 'call me on [REDACTED:PHONE] or [REDACTED:EMAIL]' },
      attributes: {
        'gen_ai.input.messages': [{ role: 'user', content: '[REDACTED:EMAIL]' }],
        'tool.name': 'x',
      },
    })
    expect(log.body).toEqual({ content: `call me on +1 415 555 2671 or ${email}` })
  })

  it('redacts an app log message given as a string body', () => {
    const log = makeLog({ body: `password reset sent to ${email}` })
    expect(new PiiRedactor(policy(), hashKey).redactLog(log).body).toBe(
      'password reset sent to [REDACTED:EMAIL]',
    )
  })

  it('returns the same record when nothing matched', () => {
    const log = makeLog()
    expect(new PiiRedactor(policy(), hashKey).redactLog(log)).toBe(log)
  })
})

describe('ProjectRedactors', () => {
  it('uses each project’s policy and its own hash key', async () => {
    const secret = 'an instance secret of enough bytes'
    const [a, b, off] = [randomProjectId(), randomProjectId(), randomProjectId()]
    const redactors = new ProjectRedactors({
      hashSecret: secret,
      policyFor: (projectId) =>
        projectId === off ? { ...policy(), enabled: false } : policy({ mode: 'hash' }),
    })
    const text = (projectId: string) =>
      makeSpan({
        projectId,
        errorMessage: email,
        inputMessages: null,
        outputMessages: null,
        attributes: {},
        events: [],
      })
    const spans = [text(a), text(a), text(b), text(off)]
    await redactors.redactSpans(spans)
    const keyOf = (projectId: string) => createHmac('sha256', secret).update(projectId).digest()
    expect(spans.map((s) => s.errorMessage)).toEqual([
      hashToken('EMAIL', email, keyOf(a)),
      hashToken('EMAIL', email, keyOf(a)),
      hashToken('EMAIL', email, keyOf(b)),
      email,
    ])
    expect(spans.map((s) => s.redactionCount)).toEqual([1, 1, 1, 2])
    expect(await redactors.redactorFor(off)).toBeNull()
  })

  it('redacts log records of enabled projects only', async () => {
    const [on, off] = [randomProjectId(), randomProjectId()]
    const redactors = new ProjectRedactors({
      hashSecret: 'an instance secret of enough bytes',
      policyFor: async (projectId) => ({ ...policy(), enabled: projectId === on }),
    })
    const logs = [makeLog({ projectId: on, body: email }), makeLog({ projectId: off, body: email })]
    const out = await redactors.redactLogs(logs)
    expect(out.map((l) => l.body)).toEqual(['[REDACTED:EMAIL]', email])
    expect(out[1]).toBe(logs[1])
  })

  it('fails ingestion of a project whose stored custom pattern does not compile', async () => {
    const redactors = new ProjectRedactors({
      hashSecret: 'an instance secret of enough bytes',
      policyFor: () => policy({ customPatterns: [{ name: 'bad', pattern: '(unclosed' }] }),
    })
    const span = makeSpan({ projectId: randomProjectId(), errorMessage: email })
    await expect(redactors.redactSpans([span])).rejects.toMatchObject({
      code: 'ERR_REDACTION_POLICY_INVALID',
    })
    expect(span.errorMessage).toBe(email)
  })

  it('refuses a short hash secret', () => {
    expect(() => new ProjectRedactors({ hashSecret: 'short', policyFor: () => policy() })).toThrow(
      RangeError,
    )
  })
})

describe('checkRedactionPolicy', () => {
  it('accepts a valid policy', () => {
    const valid = policy({
      customPatterns: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }],
      attributeKeys: ['input.value', 'llm.input_messages.*'],
    })
    expect(checkRedactionPolicy(valid)).toEqual([])
  })

  it('names each bad field, without quoting the pattern', () => {
    const bad = policy({
      customPatterns: [
        { name: 'ok', pattern: '(a' },
        { name: 'Bad-Name', pattern: 'x' },
        { name: 'empty', pattern: 'a*' },
        { name: 'ok', pattern: '(?=lookahead)' },
      ],
      attributeKeys: ['a*b', ''],
    })
    expect(checkRedactionPolicy(bad)).toEqual([
      { field: 'custom_patterns.0.pattern', message: 'missing closing )' },
      {
        field: 'custom_patterns.1.name',
        message: 'lower-case letters, digits and _ (at most 64), starting with a letter',
      },
      { field: 'custom_patterns.2.pattern', message: 'must not match the empty text' },
      { field: 'custom_patterns.3.pattern', message: 'invalid or unsupported Perl syntax' },
      { field: 'custom_patterns.3.name', message: 'names must be unique' },
      { field: 'attribute_keys.0', message: 'a key, or a prefix ending in * (the only * allowed)' },
      { field: 'attribute_keys.1', message: 'a key, or a prefix ending in * (the only * allowed)' },
    ])
  })
})
