// `npm run bench:redact`: the cost of PII redaction on the ingest path, in µs per span, on the
// spans of bench:ingest (bench/data-gen.ts: Traceloop-style chat spans whose prompts, answers and
// tool calls are in `gen_ai.*.messages` JSON attributes and in the normalized messages).
//
//   npm run bench:redact -- [--spans 20480] [--rounds 5] [--seed 1]
//
// Cases, each on freshly normalized spans (redaction replaces fields, so spans are not reused):
//   normalize        normalizeOtlpTraces alone, for scale
//   redact (clean)   ProjectRedactors.redactSpans, every detector on, redact mode, on the
//                    generated text (no PII in it: the common case, all scanning, no replacing)
//   hash (clean)     the same in hash mode
//   redact (pii)     the same spans with an e-mail, a phone number and a card number appended to
//                    every user message and answer (both the messages and the attributes change)
//   hash (pii)       the same in hash mode (one HMAC-SHA256 per match)
//   + custom         redact (clean) plus one custom RE2 pattern (re2js)
// The first round warms the JIT up and is not counted; median and minimum of the rest (the
// minimum is the steadier figure on a shared machine).
import { parseArgs } from 'node:util'
import type { RedactionPolicy, Span } from '@llm-observatory/core'
import {
  ProjectRedactors,
  normalizeOtlpTraces,
  type OtlpTracesRequest,
} from '@llm-observatory/ingest'
import { generateGenAiRequests } from './data-gen.js'

const { values } = parseArgs({
  options: {
    spans: { type: 'string', default: '20480' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
})
const totalSpans = Number(values.spans)
const rounds = Number(values.rounds)

const clean = generateGenAiRequests(totalSpans, { seed: Number(values.seed) })
const withPii = clean.map(addPii)

function addPii(request: OtlpTracesRequest): OtlpTracesRequest {
  const copy = structuredClone(request)
  const pii = ' Reach me at jane.doe@example.com or +44 20 7946 0958, card 4111 1111 1111 1111.'
  for (const rs of copy.resourceSpans ?? [])
    for (const ss of rs.scopeSpans ?? [])
      for (const span of ss.spans ?? [])
        for (const kv of span.attributes ?? []) {
          if (kv.key !== 'gen_ai.input.messages' && kv.key !== 'gen_ai.output.messages') continue
          const messages = JSON.parse(kv.value?.stringValue ?? '[]') as {
            parts: { type: string; content?: string }[]
          }[]
          for (const m of messages)
            for (const p of m.parts) if (p.type === 'text' && p.content) p.content += pii
          kv.value = { stringValue: JSON.stringify(messages) }
        }
  return copy
}

function normalize(requests: OtlpTracesRequest[]): Span[][] {
  return requests.map(
    (r) =>
      normalizeOtlpTraces(r, { projectId: 'bench', receivedAtUs: Date.UTC(2026, 10, 24) * 1000 })
        .spans,
  )
}

const policy = (mode: 'redact' | 'hash', custom = false): RedactionPolicy => ({
  enabled: true,
  mode,
  detectors: {},
  customPatterns: custom ? [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}' }] : [],
})
const redactorsFor = (p: RedactionPolicy) =>
  new ProjectRedactors({ policyFor: () => p, hashSecret: 'bench-secret-0123456789' })

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
// Clean spans come out of redaction unchanged, so one normalized copy serves every round.
const cleanSpans = normalize(clean)

async function timeCase(
  name: string,
  requests: OtlpTracesRequest[],
  redactors: ProjectRedactors | null,
): Promise<number> {
  const perSpan: number[] = []
  let redactions = 0
  for (let round = 0; round <= rounds; round++) {
    const batches =
      redactors === null ? null : requests === clean ? cleanSpans : normalize(requests)
    const start = process.hrtime.bigint()
    if (batches === null) normalize(requests)
    else for (const spans of batches) await redactors!.redactSpans(spans)
    const ns = Number(process.hrtime.bigint() - start)
    if (round > 0) perSpan.push(ns / 1000 / totalSpans)
    if (batches !== null && round === 0)
      for (const spans of batches) for (const s of spans) redactions += s.redactionCount
  }
  const us = median(perSpan)
  const min = Math.min(...perSpan)
  const extra =
    redactors === null ? '' : `  (${(redactions / totalSpans).toFixed(2)} redactions/span)`
  console.log(
    `${name.padEnd(16)} ${us.toFixed(2).padStart(7)} µs/span median, ${min.toFixed(2).padStart(7)} min${extra}`,
  )
  return us
}

console.log(`${totalSpans} spans in ${clean.length} requests, ${rounds} rounds (+1 warm-up)`)
const base = await timeCase('normalize', clean, null)
const cleanUs = await timeCase('redact (clean)', clean, redactorsFor(policy('redact')))
await timeCase('hash (clean)', clean, redactorsFor(policy('hash')))
const piiUs = await timeCase('redact (pii)', withPii, redactorsFor(policy('redact')))
await timeCase('hash (pii)', withPii, redactorsFor(policy('hash')))
await timeCase('+ custom', clean, redactorsFor(policy('redact', true)))
console.log(
  `redaction / normalize: ${(cleanUs / base).toFixed(2)}x clean, ${(piiUs / base).toFixed(2)}x with PII`,
)
