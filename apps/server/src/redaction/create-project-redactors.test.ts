import { createHmac } from 'node:crypto'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { makeSpan, randomProjectId } from '@llm-observatory/testkit'
import { ConfigError, loadConfig } from '../config.js'
import {
  createProjectRedactors,
  loadPiiHashSecret,
  piiHashSecretFileName,
  redactionPolicyForMode,
} from './create-project-redactors.js'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'observatory-pii-'))
  dirs.push(dir)
  return dir
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

describe('PII redaction configuration', () => {
  it('is off unless OBSERVATORY_PII_REDACTION says redact or hash', () => {
    expect(loadConfig({}, []).piiRedaction).toEqual({ mode: 'off', hashSecret: null })
    expect(loadConfig({ OBSERVATORY_PII_REDACTION: 'Hash' }, []).piiRedaction.mode).toBe('hash')
    expect(loadConfig({}, ['--pii-redaction', 'redact']).piiRedaction.mode).toBe('redact')
    expect(() => loadConfig({ OBSERVATORY_PII_REDACTION: 'on' }, [])).toThrow(
      new ConfigError('OBSERVATORY_PII_REDACTION is invalid: it accepts off, redact or hash.'),
    )
    expect(() => loadConfig({ OBSERVATORY_PII_HASH_SECRET: 'short' }, [])).toThrow(ConfigError)
  })

  it('maps the mode to a policy with every detector on', () => {
    expect(redactionPolicyForMode('off').enabled).toBe(false)
    expect(redactionPolicyForMode('hash')).toEqual({
      enabled: true,
      mode: 'hash',
      detectors: {},
      customPatterns: [],
    })
  })

  it('generates the hash secret once, private to the owner, and keeps it across starts', async () => {
    const dir = await tempDir()
    const first = await loadPiiHashSecret(dir, null)
    const second = await loadPiiHashSecret(dir, null)
    expect(second).toBe(first)
    expect(first.length).toBeGreaterThanOrEqual(32)
    const file = path.join(dir, piiHashSecretFileName)
    expect((await readFile(file, 'utf8')).trim()).toBe(first)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await loadPiiHashSecret(dir, 'configured-secret-of-32-characters!')).toBe(
      'configured-secret-of-32-characters!',
    )
  })

  it('prefers a project’s own policy and falls back to the server default', async () => {
    const [own, other] = [randomProjectId(), randomProjectId()]
    const secret = 'configured-secret-of-32-characters!'
    const redactors = await createProjectRedactors({
      settings: { mode: 'hash', hashSecret: secret },
      dataDir: await tempDir(),
      projectPolicy: async (projectId) =>
        projectId === own
          ? { enabled: true, mode: 'redact', detectors: {}, customPatterns: [] }
          : null,
    })
    const spans = [own, other].map((projectId) =>
      makeSpan({ projectId, errorMessage: 'mail ann@example.org', inputMessages: null }),
    )
    await redactors.redactSpans(spans)
    const key = createHmac('sha256', secret).update(other).digest()
    const token = createHmac('sha256', key).update('ann@example.org').digest('hex').slice(0, 12)
    expect(spans.map((s) => s.errorMessage)).toEqual([
      'mail [REDACTED:EMAIL]',
      `mail [EMAIL:${token}]`,
    ])
  })
})
