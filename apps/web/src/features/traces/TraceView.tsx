import { useState } from 'react'
import { useApp } from '../../app/app-context.js'
import { Link } from '../../app/Link.js'
import { useApi } from '../../app/use-api.js'
import type { SpanDetail } from '../../api/api-types.js'
import { formatCost, formatCount, formatLatency, formatTimestamp } from '../../shared/format.js'
import { ChatMessages } from './ChatMessages.js'
import { buildWaterfall } from './span-tree.js'

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

function SpanPanel({ span }: { span: SpanDetail }) {
  const params = (['temperature', 'top_p', 'max_tokens', 'stream'] as const)
    .filter((k) => span[k] !== null && span[k] !== undefined)
    .map((k) => `${k}=${String(span[k])}`)
  return (
    <section className="panel span-panel" aria-label="Span detail" data-testid="span-detail">
      <h2>
        {span.name} <span className={`kind kind-${span.kind}`}>{span.kind}</span>
      </h2>
      {span.status === 'error' && (
        <p className="error" role="alert" data-testid="span-error">
          {span.error_type ?? 'Error'}: {span.error_message ?? 'no message'}
        </p>
      )}
      <dl className="facts-grid">
        <Fact label="Model" value={span.model ?? '–'} />
        <Fact label="Provider" value={span.provider ?? '–'} />
        <Fact label="Latency" value={formatLatency(span.latency_ms ?? span.duration_ms)} />
        <Fact label="TTFT" value={formatLatency(span.ttft_ms)} />
        <Fact label="Input tokens" value={formatCount(span.input_tokens)} />
        <Fact label="Cached input" value={formatCount(span.cached_input_tokens)} />
        <Fact label="Output tokens" value={formatCount(span.output_tokens)} />
        <Fact label="Reasoning" value={formatCount(span.reasoning_tokens)} />
        <Fact label="Cost" value={formatCost(span.cost_usd)} />
        <Fact
          label="Cost parts"
          value={`in ${formatCost(span.cost_input_usd)} · out ${formatCost(span.cost_output_usd)} · cache ${formatCost(span.cost_cache_read_usd)}`}
        />
        <Fact label="Cost source" value={span.cost_source ?? '–'} />
        <Fact label="Finish" value={span.finish_reason ?? '–'} />
        {params.length > 0 && <Fact label="Parameters" value={params.join(', ')} />}
      </dl>
      {span.input_messages !== null && span.input_messages.length > 0 && (
        <>
          <h3>Input</h3>
          <ChatMessages messages={span.input_messages} />
        </>
      )}
      {span.output_messages !== null && span.output_messages.length > 0 && (
        <>
          <h3>Output</h3>
          <ChatMessages messages={span.output_messages} />
        </>
      )}
      <details className="raw">
        <summary>Raw attributes</summary>
        <pre>
          {JSON.stringify(
            {
              attributes: span.attributes,
              metadata: span.metadata,
              resource: span.resource_attributes,
            },
            null,
            2,
          )}
        </pre>
      </details>
    </section>
  )
}

/**
 * One trace: its summary, the span waterfall (tree order, bars on the trace's time axis), and
 * the selected span's detail with its messages as a chat. The first LLM span is selected first.
 */
export function TraceView({ traceId }: { traceId: string }) {
  const { api, session } = useApp()
  const detail = useApi(
    `trace:${session.projectId ?? ''}:${traceId}`,
    async (signal) => (await api.get('/api/v1/traces/{id}', {}, { id: traceId }, signal)).data,
  )
  const [selected, setSelected] = useState<string | null>(null)
  if (detail.error !== null)
    return (
      <div className="page">
        <p className="error" role="alert">
          {detail.error.message}
        </p>
        <Link href="/traces">Back to traces</Link>
      </div>
    )
  if (detail.data === null) return <div className="page muted">Loading trace…</div>
  const { trace, spans } = detail.data
  const rows = buildWaterfall(spans)
  const firstLlm = spans.find((s) => s.kind === 'llm') ?? spans[0]
  const current = spans.find((s) => s.span_id === selected) ?? firstLlm
  return (
    <div className="page">
      <header className="page-header">
        <p className="small">
          <Link href="/traces">← Traces</Link>
        </p>
        <h1>{trace.root_name ?? trace.trace_id}</h1>
        <dl className="facts-grid summary" data-testid="trace-summary">
          <Fact label="Started" value={formatTimestamp(trace.start_time)} />
          <Fact label="Duration" value={formatLatency(trace.duration_ms)} />
          <Fact label="Spans" value={formatCount(trace.span_count)} />
          <Fact label="LLM calls" value={formatCount(trace.llm_call_count)} />
          <Fact label="Tokens" value={formatCount(trace.total_tokens)} />
          <Fact label="Cost" value={formatCost(trace.cost_usd)} />
          <Fact label="User" value={trace.user_id ?? '–'} />
          <Fact label="Session" value={trace.session_id ?? '–'} />
          <Fact label="Status" value={trace.has_error ? `error (${trace.error_count})` : 'ok'} />
        </dl>
      </header>
      <div className="trace-layout">
        <section className="panel waterfall" aria-label="Spans">
          <h2>Spans</h2>
          <ol>
            {rows.map((r) => (
              <li key={r.span.span_id}>
                <button
                  type="button"
                  className={`waterfall-row${current?.span_id === r.span.span_id ? ' selected' : ''}`}
                  onClick={() => setSelected(r.span.span_id)}
                  aria-pressed={current?.span_id === r.span.span_id}
                >
                  <span className="waterfall-name" style={{ paddingLeft: `${r.depth * 14}px` }}>
                    <span className={`kind kind-${r.span.kind}`}>{r.span.kind}</span> {r.span.name}
                  </span>
                  <span className="waterfall-track">
                    <span
                      className={`waterfall-bar${r.span.status === 'error' ? ' error' : ''}`}
                      style={{
                        left: `${r.offset * 100}%`,
                        width: `${Math.min(r.width, 1 - r.offset) * 100}%`,
                      }}
                    />
                  </span>
                  <span className="waterfall-time">{formatLatency(r.span.duration_ms)}</span>
                </button>
              </li>
            ))}
          </ol>
        </section>
        {current !== undefined && <SpanPanel span={current} />}
      </div>
    </div>
  )
}
