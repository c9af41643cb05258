import type { Server } from 'node:http'

/** Starts the mock OpenAI/Anthropic API (see mock-llm-server.mjs) and resolves once it listens. */
export function startMockLlmServer(options?: {
  port?: number
  host?: string
  logFile?: string
}): Promise<Server>
