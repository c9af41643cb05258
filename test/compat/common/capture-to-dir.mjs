// Debugging aid: runs one stack's capture.cjs against the mock LLM API and a
// raw OTLP/HTTP receiver (no Observatory server), saving every request body
// under <out-dir>/<step>/ (see otlp-receiver.mjs), to see exactly what a stack
// sends when a compat test fails.
//
//   node test/compat/common/capture-to-dir.mjs <stack> <out-dir> [K=V ...]
//   node test/compat/common/capture-to-dir.mjs langfuse /tmp/lf CAPTURE_ONLY=chat
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMockLlmServer } from './mock-llm-server.mjs'
import { startOtlpReceiver } from './otlp-receiver.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const [stack, outArg, ...pairs] = process.argv.slice(2)
if (!stack || !outArg) {
  console.error('usage: node test/compat/common/capture-to-dir.mjs <stack> <out-dir> [K=V ...]')
  process.exit(2)
}
const outDir = path.resolve(outArg)
fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })

const mock = await startMockLlmServer({
  port: 0,
  logFile: path.join(outDir, 'mock-requests.jsonl'),
})
const { server: receiver, stats } = await startOtlpReceiver({ port: 0, outDir, quiet: true })
const otlpBase = `http://127.0.0.1:${receiver.address().port}`
const env = {
  ...process.env,
  MOCK_BASE_URL: `http://127.0.0.1:${mock.address().port}`,
  OTLP_BASE: otlpBase,
  // sdk-node also builds exporters from the environment (a metrics exporter when the app
  // gives no metric reader); point them here too instead of the default localhost:4318.
  OTEL_EXPORTER_OTLP_ENDPOINT: otlpBase,
  CAPTURE_LABEL_BASE: otlpBase,
  CAPTURE_STEPS_FILE: path.join(outDir, 'steps.jsonl'),
  OPENAI_API_KEY: 'sk-mock-openai-key',
  ANTHROPIC_API_KEY: 'sk-ant-mock-key',
  ...Object.fromEntries(pairs.map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')])),
}
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['capture.cjs'], {
    cwd: path.join(here, '..', 'stacks', stack),
    env,
    stdio: 'inherit',
  })
  child.on('exit', resolve)
})
mock.close()
receiver.close()
console.log(`capture ${stack}: exit ${code}; received`, stats)
process.exit(code ?? 1)
