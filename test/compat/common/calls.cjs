// The call sequence every capture script runs. It only receives client
// instances, so it has no package imports of its own. Copied from the fixture
// capture scripts (../shared/fixtures/otlp/scripts/common/calls.cjs); changes:
// the receiver label is optional, and every step appends its wall-clock window
// to CAPTURE_STEPS_FILE so a test can tell which trace came from which step.
//
// Each step: optionally tell a fixture receiver a label (CAPTURE_LABEL_BASE,
// the otlp-receiver.mjs control endpoint), make the call(s), record the step's
// window, then flush the telemetry SDK.
'use strict'

const fs = require('node:fs')

const LABEL_BASE = process.env.CAPTURE_LABEL_BASE
const STEPS_FILE = process.env.CAPTURE_STEPS_FILE

async function label(name) {
  if (LABEL_BASE) await fetch(`${LABEL_BASE}/__label`, { method: 'POST', body: name })
}

// Synchronous append: some stacks end the process with process.exit() right after their last flush.
function recordStep(name, startMs, endMs, error) {
  if (!STEPS_FILE) return
  fs.appendFileSync(STEPS_FILE, JSON.stringify({ name, startMs, endMs, error }) + '\n')
}

const SYSTEM = 'You are a terse assistant.'
const QUESTION = 'What is the answer to everything?'
const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather for a city',
    parameters: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      },
      required: ['city'],
    },
  },
}

async function step(name, flush, fn, { only } = {}) {
  if (only && !only.includes(name)) return
  await label(name)
  const startMs = Date.now()
  let error = null
  try {
    const out = await fn()
    console.log(`[${name}] ok${out !== undefined ? ': ' + JSON.stringify(out).slice(0, 160) : ''}`)
  } catch (e) {
    error = `${e && e.constructor && e.constructor.name}: ${e && e.message}`
    console.log(`[${name}] threw (expected for error steps): ${error}`)
  }
  recordStep(name, startMs, Date.now(), error)
  await new Promise((r) => setTimeout(r, 50))
  await flush()
}

async function consumeOpenAIStream(stream) {
  let text = ''
  const toolArgs = {}
  let usage = null
  for await (const chunk of stream) {
    const d = chunk.choices?.[0]?.delta
    if (d?.content) text += d.content
    for (const tc of d?.tool_calls || []) {
      toolArgs[tc.index] = toolArgs[tc.index] || {
        id: tc.id,
        name: tc.function?.name,
        arguments: '',
      }
      if (tc.function?.arguments) toolArgs[tc.index].arguments += tc.function.arguments
    }
    if (chunk.usage) usage = chunk.usage
  }
  return { text, toolCalls: Object.values(toolArgs), usage }
}

// opts: { model, only: [step names], skip: [step names], extraChatParams }
async function runOpenAI(client, flush, opts = {}) {
  const model = opts.model || 'gpt-4o-mini'
  const only = opts.only
  const skip = new Set(opts.skip || [])
  const messages = [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: QUESTION },
  ]
  const common = {
    model,
    temperature: 0.2,
    top_p: 0.9,
    max_tokens: 64,
    presence_penalty: 0.1,
    frequency_penalty: 0.2,
    seed: 7,
    stop: ['END'],
    user: 'user-123',
    ...(opts.extraChatParams || {}),
  }

  if (!skip.has('chat'))
    await step(
      'chat',
      flush,
      async () => {
        const r = await client.chat.completions.create({ ...common, messages })
        return r.choices[0].message.content
      },
      { only },
    )

  if (!skip.has('chat-stream'))
    await step(
      'chat-stream',
      flush,
      async () => {
        const s = await client.chat.completions.create({
          ...common,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        })
        return consumeOpenAIStream(s)
      },
      { only },
    )

  if (!skip.has('embeddings'))
    await step(
      'embeddings',
      flush,
      async () => {
        const r = await client.embeddings.create({
          model: 'text-embedding-3-small',
          input: ['hello world', 'goodbye world'],
        })
        return { n: r.data.length, dims: r.data[0].embedding.length }
      },
      { only },
    )

  if (!skip.has('tool-call'))
    await step(
      'tool-call',
      flush,
      async () => {
        const userMsg = { role: 'user', content: 'What is the weather in Paris?' }
        const first = await client.chat.completions.create({
          model,
          messages: [userMsg],
          tools: [WEATHER_TOOL],
          tool_choice: 'auto',
          temperature: 0,
        })
        const assistant = first.choices[0].message
        const tc = assistant.tool_calls[0]
        const second = await client.chat.completions.create({
          model,
          temperature: 0,
          tools: [WEATHER_TOOL],
          messages: [
            userMsg,
            { role: 'assistant', content: null, tool_calls: assistant.tool_calls },
            {
              role: 'tool',
              tool_call_id: tc.id,
              content: JSON.stringify({ temperature: 21, unit: 'celsius', sky: 'sunny' }),
            },
          ],
        })
        return second.choices[0].message.content
      },
      { only },
    )

  if (!skip.has('tool-call-stream'))
    await step(
      'tool-call-stream',
      flush,
      async () => {
        const s = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
          tools: [WEATHER_TOOL],
          stream: true,
          stream_options: { include_usage: true },
        })
        return consumeOpenAIStream(s)
      },
      { only },
    )

  if (!skip.has('error'))
    await step(
      'error',
      flush,
      async () => {
        await client.chat.completions.create(
          {
            model: 'mock-error-model',
            messages: [{ role: 'user', content: 'This request fails with HTTP 400.' }],
          },
          { maxRetries: 0 },
        )
      },
      { only },
    )

  if (!skip.has('responses'))
    await step(
      'responses',
      flush,
      async () => {
        const r = await client.responses.create({
          model,
          instructions: 'Be brief.',
          input: 'Say hello.',
          temperature: 0.3,
          max_output_tokens: 50,
        })
        return r.output_text
      },
      { only },
    )
}

const ANTHROPIC_MODEL = 'claude-3-5-haiku-20241022'
const ANTHROPIC_TOOL = {
  name: 'get_weather',
  description: 'Get the current weather for a city',
  input_schema: WEATHER_TOOL.function.parameters,
}

async function runAnthropic(client, flush, opts = {}) {
  const only = opts.only
  const skip = new Set(opts.skip || [])
  const base = {
    model: ANTHROPIC_MODEL,
    max_tokens: 128,
    temperature: 0.2,
    top_p: 0.9,
    system: SYSTEM,
  }

  if (!skip.has('anthropic-messages'))
    await step(
      'anthropic-messages',
      flush,
      async () => {
        const r = await client.messages.create({
          ...base,
          messages: [{ role: 'user', content: QUESTION }],
          metadata: { user_id: 'user-123' },
        })
        return r.content[0].text
      },
      { only },
    )

  if (!skip.has('anthropic-messages-stream'))
    await step(
      'anthropic-messages-stream',
      flush,
      async () => {
        const s = await client.messages.create({
          ...base,
          messages: [{ role: 'user', content: QUESTION }],
          stream: true,
        })
        let text = ''
        for await (const ev of s)
          if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta')
            text += ev.delta.text
        return text
      },
      { only },
    )

  if (!skip.has('anthropic-tool-use'))
    await step(
      'anthropic-tool-use',
      flush,
      async () => {
        const userMsg = { role: 'user', content: 'What is the weather in Paris?' }
        const first = await client.messages.create({
          ...base,
          messages: [userMsg],
          tools: [ANTHROPIC_TOOL],
        })
        const tu = first.content.find((c) => c.type === 'tool_use')
        const second = await client.messages.create({
          ...base,
          tools: [ANTHROPIC_TOOL],
          messages: [
            userMsg,
            { role: 'assistant', content: first.content },
            {
              role: 'user',
              content: [
                {
                  type: 'tool_result',
                  tool_use_id: tu.id,
                  content: JSON.stringify({ temperature: 21, unit: 'celsius', sky: 'sunny' }),
                },
              ],
            },
          ],
        })
        return second.content[0].text
      },
      { only },
    )

  if (!skip.has('anthropic-error'))
    await step(
      'anthropic-error',
      flush,
      async () => {
        await client.messages.create(
          {
            ...base,
            model: 'mock-error-model',
            messages: [{ role: 'user', content: 'This request fails with HTTP 400.' }],
          },
          { maxRetries: 0 },
        )
      },
      { only },
    )
}

module.exports = {
  label,
  step,
  runOpenAI,
  runAnthropic,
  consumeOpenAIStream,
  WEATHER_TOOL,
  ANTHROPIC_TOOL,
  SYSTEM,
  QUESTION,
  ANTHROPIC_MODEL,
}
