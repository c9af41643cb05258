import type { ChatMessage, MessagePart } from '../../api/api-types.js'

function stringify(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value, null, 2)
  } catch {
    return String(value)
  }
}

/** A scalar field as text; objects as JSON (ids and names are strings in practice). */
function text(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return value === null || value === undefined ? '' : stringify(value)
}

function Part({ part }: { part: MessagePart }) {
  switch (part.type) {
    case 'text':
      return <p className="part-text">{text(part['content'])}</p>
    case 'reasoning':
      return (
        <details className="part-reasoning">
          <summary>Reasoning</summary>
          <p className="part-text">{text(part['content'])}</p>
        </details>
      )
    case 'tool_call':
      return (
        <div className="part-tool" data-testid="tool-call">
          <div className="part-tool-head">
            Tool call <code>{text(part['name'])}</code>
            {part['id'] != null && <span className="muted small"> {text(part['id'])}</span>}
          </div>
          <pre>{stringify(part['arguments'] ?? {})}</pre>
        </div>
      )
    case 'tool_result':
      return (
        <div className="part-tool" data-testid="tool-result">
          <div className="part-tool-head">
            Tool result{part['name'] != null && <code> {text(part['name'])}</code>}
            {part['id'] != null && <span className="muted small"> {text(part['id'])}</span>}
          </div>
          <pre>{stringify(part['result'] ?? part['response'] ?? part['content'] ?? '')}</pre>
        </div>
      )
    default:
      return <pre className="part-other">{stringify(part)}</pre>
  }
}

/**
 * An LLM span's input and output messages as a chat: one bubble per message, styled by role
 * (system, user, assistant, tool), with text, reasoning, tool calls and tool results.
 */
export function ChatMessages({ messages }: { messages: readonly ChatMessage[] }) {
  return (
    <ol className="chat" aria-label="Messages">
      {messages.map((m, i) => (
        <li key={i} className={`bubble role-${m.role}`} data-role={m.role}>
          <div className="bubble-role">
            {m.role}
            {m.name != null && <span className="muted"> · {m.name}</span>}
          </div>
          {m.parts.map((p, j) => (
            <Part key={j} part={p} />
          ))}
        </li>
      ))}
    </ol>
  )
}
