/**
 * Child process of the crash test: writes `batches` batches of `spansPerBatch` spans (one
 * trace per batch) and prints `acked <index> <traceId>` after each write resolved. The test
 * kills it with SIGKILL part-way and checks every acknowledged trace survived.
 * Usage: node --import tsx crash-writer.ts <dataDir> <projectId> <batches> <spansPerBatch> <checkpointThreshold>
 */
import { makeLog, makeSpan, randomTraceId } from '@llm-observatory/testkit'
import { createDuckDbBackend, makeWriteBatch } from '../src/index.js'

const [dataDir, projectId, batchesText, spansText, checkpointThreshold] = process.argv.slice(2)
if (dataDir === undefined || projectId === undefined || checkpointThreshold === undefined) {
  throw new Error('usage: crash-writer <dataDir> <projectId> <batches> <spansPerBatch> <threshold>')
}
const batches = Number(batchesText)
const spansPerBatch = Number(spansText)

const backend = createDuckDbBackend({ dataDir, checkpointThreshold })
await backend.open()
process.stdout.write('open\n')
for (let index = 0; index < batches; index++) {
  const traceId = randomTraceId()
  const spans = Array.from({ length: spansPerBatch }, (_, i) =>
    i === 0
      ? makeSpan({ projectId, traceId, parentSpanId: null })
      : makeSpan({ projectId, traceId }),
  )
  await backend.write(makeWriteBatch({ spans, logs: [makeLog({ projectId, traceId })] }))
  process.stdout.write(`acked ${index} ${traceId}\n`)
}
process.stdout.write('done\n')
await backend.close()
