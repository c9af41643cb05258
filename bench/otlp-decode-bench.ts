// OTLP decode throughput: our decoders next to the protobufjs codecs and plain JSON.parse, on the
// captured GenAI spans of every protobuf fixture, batched 512 per request under one resource (what
// a batching exporter sends). Prints spans/s per variant and the ratio to the baseline.
//
//   node --import tsx bench/otlp-decode-bench.ts [rounds] [variant,variant…]
//
// Variants allocate heavily; with V8's default young-generation sizing, a run after another
// allocation-heavy variant sometimes settles at ~60% of its alone figure. `node
// --max-semi-space-size=64` makes figures stable (and is worth setting on the server too).
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeOtlpTraces } from '@llm-observatory/ingest'

interface Codec {
  decode(b: Uint8Array): {
    resourceSpans: { resource: unknown; scopeSpans: { scope: unknown; spans: unknown[] }[] }[]
  }
  encode(m: object): { finish(): Uint8Array }
  toObject(m: object, o: object): unknown
}
const require = createRequire(import.meta.url)
const root = require('otlp-transformer-proto/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: Codec } } } } }
}
const codec = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest

const fixtureDir = fileURLToPath(new URL('../packages/testkit/fixtures/otlp/', import.meta.url))
const spans: unknown[] = []
let first: ReturnType<Codec['decode']>['resourceSpans'][number] | undefined
for (const capture of [
  'otel-contrib-proto',
  'openinference',
  'traceloop-legacy',
  'vercel-ai-legacy',
]) {
  for (const call of readdirSync(join(fixtureDir, capture), { withFileTypes: true })) {
    if (!call.isDirectory()) continue
    for (const file of readdirSync(join(fixtureDir, capture, call.name))) {
      if (!file.endsWith('-traces.bin')) continue
      const request = codec.decode(readFileSync(join(fixtureDir, capture, call.name, file)))
      first ??= request.resourceSpans[0]
      for (const rs of request.resourceSpans)
        for (const ss of rs.scopeSpans) spans.push(...ss.spans)
    }
  }
}
if (!first) throw new Error(`no fixtures under ${fixtureDir}`)
const perBody = 512
const body = Buffer.from(
  codec
    .encode({
      resourceSpans: [
        {
          resource: first.resource,
          scopeSpans: [
            {
              scope: first.scopeSpans[0]?.scope,
              spans: Array.from({ length: perBody }, (_, i) => spans[i % spans.length]),
            },
          ],
        },
      ],
    })
    .finish(),
)
const json = Buffer.from(JSON.stringify(decodeOtlpTraces(body, 'protobuf')))

const hexKeys = new Set(['traceId', 'spanId', 'parentSpanId'])
function fixIds(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fixIds)
  if (typeof v !== 'object' || v === null) return v
  const o: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v)) {
    o[k] =
      hexKeys.has(k) && typeof x === 'string' ? Buffer.from(x, 'base64').toString('hex') : fixIds(x)
  }
  return o
}

const variants: [string, () => unknown][] = [
  ['protobufjs decode only (baseline)', () => codec.decode(body)],
  [
    'protobufjs decode + toObject + hex ids',
    () =>
      fixIds(codec.toObject(codec.decode(body), { longs: String, enums: Number, bytes: String })),
  ],
  ['decodeOtlpTraces protobuf', () => decodeOtlpTraces(body, 'protobuf')],
  ['JSON.parse only', () => JSON.parse(json.toString('utf8'))],
  ['decodeOtlpTraces json', () => decodeOtlpTraces(json, 'json')],
]

const rounds = Number(process.argv[2] ?? 5)
const only = process.argv[3]
console.log(
  `${perBody} spans per request, ${Math.round(body.length / perBody)} B/span protobuf, ${Math.round(json.length / perBody)} B/span JSON`,
)
let baseline = 0
for (const [name, run] of variants) {
  if (only && !only.split(',').some((o) => name.includes(o))) continue
  let best = 0
  for (let round = 0; round < rounds; round++) {
    const start = performance.now()
    let n = 0
    while (performance.now() - start < 400) {
      run()
      n++
    }
    best = Math.max(best, (n * perBody) / ((performance.now() - start) / 1000))
  }
  baseline ||= best
  console.log(
    `${name.padEnd(40)} ${Math.round(best).toLocaleString('en').padStart(9)} spans/s  x${(best / baseline).toFixed(2)}`,
  )
}
