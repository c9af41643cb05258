import { useState, type FormEvent } from 'react'
import { ApiError, type ApiClient } from '../../api/api-client.js'

/** E-mail and password against POST /api/v1/auth/login; errors shown as the API words them. */
export function LoginPage({ api }: { api: ApiClient }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [isBusy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await api.login(email.trim(), password)
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'Wrong e-mail or password.'
          : err instanceof Error
            ? err.message
            : String(err),
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} aria-label="Log in">
        <h1>LLM Observatory</h1>
        <p className="muted">Log in to see your traces, costs and latency.</p>
        <label>
          E-mail
          <input
            name="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={isBusy}>
          {isBusy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted small">
          The first admin is created at the first start (OBSERVATORY_ADMIN_EMAIL and
          OBSERVATORY_ADMIN_PASSWORD, or the password printed once in the server log).
        </p>
      </form>
    </main>
  )
}
