import { useState } from 'react'
import { useApp } from '../../app/app-context.js'
import { useApi } from '../../app/use-api.js'
import { envSnippet, nodeSnippet, otlpTracesUrl, pythonSnippet } from './snippets.js'

function CopyBlock({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    } catch {
      setCopied(false)
    }
  }
  return (
    <figure className="snippet">
      <figcaption>
        <span>{label}</span>
        <button type="button" onClick={() => void copy()} aria-label={`Copy ${label}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </figcaption>
      <pre>
        <code>{text}</code>
      </pre>
    </figure>
  )
}

/**
 * What a project with no trace shows: where to send OTLP, with which key, and snippets for
 * Node and Python OpenTelemetry, copyable. Lists the project's keys when the caller may see
 * them (keys:manage); the secret itself was shown once at creation.
 */
export function EmptyState() {
  const { api, me, session } = useApp()
  const projectId = session.projectId ?? me?.current_project?.project_id ?? null
  const canSeeKeys =
    me?.current_project?.permissions.includes('keys:manage') === true && projectId !== null
  const keys = useApi(`keys:${projectId ?? ''}:${canSeeKeys}`, async (signal) =>
    canSeeKeys
      ? (await api.get('/api/v1/projects/{id}/api-keys', {}, { id: projectId }, signal)).data
      : [],
  )
  const active = (keys.data ?? []).find((k) => k.revoked_at === null)
  const origin = window.location.origin
  const input = {
    origin,
    secretPlaceholder: active !== undefined ? `${active.secret_prefix}…` : 'sk-lo-…',
  }
  return (
    <div className="page empty-state" data-testid="empty-state">
      <h1>Send your first trace</h1>
      <p>
        This project has no traces yet. Point any OpenTelemetry exporter at this server; LLM calls
        show up here within a second, with tokens, cost and latency.
      </p>
      <dl className="facts">
        <dt>OTLP/HTTP endpoint</dt>
        <dd>
          <code>{otlpTracesUrl(origin)}</code> (also port 4318; OTLP/gRPC on 4317)
        </dd>
        <dt>Key</dt>
        <dd>
          {active !== undefined ? (
            <>
              secret key <code>{active.secret_prefix}…</code> (public key{' '}
              <code>{active.public_key}</code>), sent as{' '}
              <code>Authorization: Bearer &lt;secret key&gt;</code>. The secret was shown once when
              the key was created (the server prints the first one at its first start).
            </>
          ) : (
            <>
              the project&apos;s secret key <code>sk-lo-…</code>, sent as{' '}
              <code>Authorization: Bearer &lt;secret key&gt;</code>; the server prints the first one
              at its first start.
            </>
          )}
        </dd>
      </dl>
      <CopyBlock label="Node.js (OpenTelemetry)" text={nodeSnippet(input)} />
      <CopyBlock label="Python (OpenTelemetry)" text={pythonSnippet(input)} />
      <CopyBlock label="Any OpenTelemetry SDK (environment)" text={envSnippet(input)} />
    </div>
  )
}
