// Tiny mock of the OpenAI and Anthropic HTTP APIs (node:http only, no deps).
// OpenAI:    POST /v1/chat/completions (JSON or SSE; final usage chunk when
//            stream_options.include_usage), POST /v1/embeddings (float or
//            base64), POST /v1/responses (non-streaming).
// Anthropic: POST /v1/messages (JSON or SSE).
// A request whose model contains "error" gets an HTTP 400 in the provider's
// error shape. A request with `tools` whose last message is not a tool result
// gets a tool call back. Every request is appended to the optional log file.
import http from 'node:http'
import fs from 'node:fs'

const CREATED = 1763870000
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
let seq = 0
const nextId = (p) => `${p}${String(++seq).padStart(4, '0')}`

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      try {
        resolve(raw ? JSON.parse(raw) : {})
      } catch (e) {
        reject(e)
      }
    })
    req.on('error', reject)
  })
}

function sendJson(res, status, obj, extraHeaders = {}) {
  const body = JSON.stringify(obj)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
  })
  res.end(body)
}

function sse(res) {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  })
}

// ---------------------------------------------------------------- OpenAI ---
function lastMessage(body) {
  const msgs = body.messages || []
  return msgs[msgs.length - 1] || {}
}

function openaiUsage(prompt = 19, completion = 9) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 3, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 2,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  }
}

function wantsToolCall(body) {
  return Array.isArray(body.tools) && body.tools.length > 0 && lastMessage(body).role !== 'tool'
}

async function chatCompletions(req, res, body) {
  const model = body.model || 'gpt-4o-mini'
  const respModel = model === 'gpt-4o-mini' ? 'gpt-4o-mini-2024-07-18' : `${model}-mock`
  if (model.includes('error')) {
    return sendJson(
      res,
      400,
      {
        error: {
          message: `The model \`${model}\` does not exist or you do not have access to it.`,
          type: 'invalid_request_error',
          param: 'model',
          code: 'model_not_found',
        },
      },
      { 'x-request-id': 'req_mock_error' },
    )
  }
  const id = nextId('chatcmpl-mock')
  const toolCall = wantsToolCall(body)
  const toolName = toolCall ? body.tools[0].function?.name || body.tools[0].name : null
  const toolArgs = JSON.stringify({ city: 'Paris', unit: 'celsius' })
  const text =
    lastMessage(body).role === 'tool'
      ? 'It is 21 degrees Celsius and sunny in Paris.'
      : 'Hello from the mock! The answer is 42.'

  if (!body.stream) {
    const message = toolCall
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_mock_weather_1',
              type: 'function',
              function: { name: toolName, arguments: toolArgs },
            },
          ],
          refusal: null,
          annotations: [],
        }
      : { role: 'assistant', content: text, refusal: null, annotations: [] }
    return sendJson(
      res,
      200,
      {
        id,
        object: 'chat.completion',
        created: CREATED,
        model: respModel,
        system_fingerprint: 'fp_mock123',
        service_tier: 'default',
        choices: [
          { index: 0, message, logprobs: null, finish_reason: toolCall ? 'tool_calls' : 'stop' },
        ],
        usage: openaiUsage(toolCall ? 57 : 19, toolCall ? 17 : 9),
      },
      { 'x-request-id': `req_${id}` },
    )
  }

  sse(res)
  const base = {
    id,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: respModel,
    system_fingerprint: 'fp_mock123',
    service_tier: 'default',
  }
  const send = (obj) => res.write(`data: ${JSON.stringify(obj)}\n\n`)
  const includeUsage = body.stream_options?.include_usage === true
  await sleep(60) // time to first token
  if (toolCall) {
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                index: 0,
                id: 'call_mock_weather_1',
                type: 'function',
                function: { name: toolName, arguments: '' },
              },
            ],
          },
          logprobs: null,
          finish_reason: null,
        },
      ],
      ...(includeUsage ? { usage: null } : {}),
    })
    for (const part of [toolArgs.slice(0, 10), toolArgs.slice(10)]) {
      await sleep(10)
      send({
        ...base,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, function: { arguments: part } }] },
            logprobs: null,
            finish_reason: null,
          },
        ],
        ...(includeUsage ? { usage: null } : {}),
      })
    }
    send({
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }],
      ...(includeUsage ? { usage: null } : {}),
    })
  } else {
    send({
      ...base,
      choices: [
        {
          index: 0,
          delta: { role: 'assistant', content: '', refusal: null },
          logprobs: null,
          finish_reason: null,
        },
      ],
      ...(includeUsage ? { usage: null } : {}),
    })
    for (const word of text.split(/(?<= )/)) {
      await sleep(10)
      send({
        ...base,
        choices: [{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }],
        ...(includeUsage ? { usage: null } : {}),
      })
    }
    send({
      ...base,
      choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }],
      ...(includeUsage ? { usage: null } : {}),
    })
  }
  if (includeUsage)
    send({ ...base, choices: [], usage: openaiUsage(toolCall ? 57 : 19, toolCall ? 17 : 9) })
  res.write('data: [DONE]\n\n')
  res.end()
}

function fakeVector(i, dims) {
  return Array.from({ length: dims }, (_, k) => Math.round(Math.sin(i + k + 1) * 1e4) / 1e4)
}

function embeddings(req, res, body) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input]
  const dims = body.dimensions || 8
  const b64 = body.encoding_format === 'base64'
  const data = inputs.map((_, i) => {
    const v = fakeVector(i, dims)
    return {
      object: 'embedding',
      index: i,
      embedding: b64 ? Buffer.from(new Float32Array(v).buffer).toString('base64') : v,
    }
  })
  sendJson(res, 200, {
    object: 'list',
    data,
    model: body.model === 'text-embedding-3-small' ? 'text-embedding-3-small' : body.model,
    usage: { prompt_tokens: 5 * inputs.length, total_tokens: 5 * inputs.length },
  })
}

function responses(req, res, body) {
  const id = nextId('resp_mock')
  const text = 'Hello from the mock Responses API!'
  sendJson(res, 200, {
    id,
    object: 'response',
    created_at: CREATED,
    status: 'completed',
    model: 'gpt-4o-mini-2024-07-18',
    output: [
      {
        type: 'message',
        id: `msg_${id}`,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text, annotations: [] }],
      },
    ],
    output_text: text,
    temperature: body.temperature ?? 1,
    top_p: body.top_p ?? 1,
    max_output_tokens: body.max_output_tokens ?? null,
    instructions: body.instructions ?? null,
    tools: [],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    usage: {
      input_tokens: 14,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens: 8,
      output_tokens_details: { reasoning_tokens: 1 },
      total_tokens: 22,
    },
    error: null,
    incomplete_details: null,
    metadata: {},
  })
}

// ------------------------------------------------------------- Anthropic ---
async function anthropicMessages(req, res, body) {
  const model = body.model || 'claude-3-5-haiku-20241022'
  if (model.includes('error')) {
    return sendJson(
      res,
      400,
      {
        type: 'error',
        error: { type: 'invalid_request_error', message: `model: ${model} not found` },
      },
      { 'request-id': 'req_mock_anthropic_error' },
    )
  }
  const id = nextId('msg_mock')
  const msgs = body.messages || []
  const last = msgs[msgs.length - 1] || {}
  const lastIsToolResult =
    Array.isArray(last.content) && last.content.some((c) => c.type === 'tool_result')
  const toolUse = Array.isArray(body.tools) && body.tools.length > 0 && !lastIsToolResult
  const text = lastIsToolResult
    ? 'It is 21 degrees Celsius and sunny in Paris.'
    : 'Hello from the mock Claude! The answer is 42.'
  const usage = {
    input_tokens: toolUse ? 380 : 21,
    output_tokens: toolUse ? 40 : 11,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 4,
    service_tier: 'standard',
  }
  const content = toolUse
    ? [
        { type: 'text', text: 'Let me check the weather.' },
        {
          type: 'tool_use',
          id: 'toolu_mock_1',
          name: body.tools[0].name,
          input: { city: 'Paris', unit: 'celsius' },
        },
      ]
    : [{ type: 'text', text }]
  const stopReason = toolUse ? 'tool_use' : 'end_turn'
  if (!body.stream) {
    return sendJson(
      res,
      200,
      {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      },
      { 'request-id': `req_${id}` },
    )
  }
  sse(res)
  const ev = (type, data) =>
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
  await sleep(60)
  ev('message_start', {
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  })
  ev('ping', {})
  let idx = 0
  for (const block of content) {
    if (block.type === 'text') {
      ev('content_block_start', { index: idx, content_block: { type: 'text', text: '' } })
      for (const word of block.text.split(/(?<= )/)) {
        await sleep(10)
        ev('content_block_delta', { index: idx, delta: { type: 'text_delta', text: word } })
      }
    } else {
      ev('content_block_start', {
        index: idx,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      })
      const json = JSON.stringify(block.input)
      for (const part of [json.slice(0, 9), json.slice(9)]) {
        await sleep(10)
        ev('content_block_delta', {
          index: idx,
          delta: { type: 'input_json_delta', partial_json: part },
        })
      }
    }
    ev('content_block_stop', { index: idx })
    idx++
  }
  ev('message_delta', {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  })
  ev('message_stop', {})
  res.end()
}

// ----------------------------------------------------------------- server ---
export function startMockLlmServer({ port = 0, host = '127.0.0.1', logFile } = {}) {
  const server = http.createServer(async (req, res) => {
    const path = req.url.split('?')[0]
    let body = {}
    try {
      body = req.method === 'POST' ? await readJson(req) : {}
    } catch {
      return sendJson(res, 400, { error: { message: 'bad json' } })
    }
    if (logFile)
      fs.appendFileSync(
        logFile,
        JSON.stringify({
          t: new Date().toISOString(),
          method: req.method,
          path,
          headers: Object.fromEntries(
            [
              'user-agent',
              'x-stainless-package-version',
              'anthropic-version',
              'traceparent',
              'tracestate',
              'baggage',
            ]
              .filter((h) => req.headers[h])
              .map((h) => [h, req.headers[h]]),
          ),
          body,
        }) + '\n',
      )
    try {
      if (req.method === 'POST' && /\/chat\/completions$/.test(path))
        return await chatCompletions(req, res, body)
      if (req.method === 'POST' && /\/embeddings$/.test(path)) return embeddings(req, res, body)
      if (req.method === 'POST' && /\/responses$/.test(path)) return responses(req, res, body)
      if (req.method === 'POST' && /\/messages$/.test(path))
        return await anthropicMessages(req, res, body)
      sendJson(res, 404, { error: { message: `mock: no route for ${req.method} ${path}` } })
    } catch (e) {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(e) } })
      else res.end()
    }
  })
  return new Promise((resolve) => server.listen(port, host, () => resolve(server)))
}

// Standalone: node mock-llm-server.mjs [port]
if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(process.argv[2] || process.env.MOCK_PORT || 18080)
  startMockLlmServer({ port, logFile: process.env.MOCK_LOG }).then((s) =>
    console.log(`mock LLM server on http://127.0.0.1:${s.address().port}`),
  )
}
