import { useEffect, useState, useSyncExternalStore } from 'react'
import type { ApiClient } from '../api/api-client.js'
import type { AuthSession } from '../api/auth-session.js'
import type { Me } from '../api/api-types.js'
import { LoginPage } from '../features/auth/LoginPage.js'
import { OverviewPage } from '../features/overview/OverviewPage.js'
import { ProjectSwitcher } from '../features/projects/ProjectSwitcher.js'
import { TracesPage } from '../features/traces/TracesPage.js'
import { TraceView } from '../features/traces/TraceView.js'
import { AppContext } from './app-context.js'
import { Link } from './Link.js'
import { useLocation } from './router.js'
import { applyTheme, readTheme, type Theme } from './theme.js'

function Page({ pathname }: { pathname: string }) {
  const trace = /^\/traces\/([^/]+)$/.exec(pathname)
  if (trace !== null) return <TraceView traceId={decodeURIComponent(trace[1]!)} />
  if (pathname === '/traces') return <TracesPage />
  if (pathname === '/' || pathname === '/overview') return <OverviewPage />
  return (
    <div className="page">
      <h1>Not found</h1>
      <p>
        No page at <code>{pathname}</code>. <Link href="/">Go to the overview</Link>.
      </p>
    </div>
  )
}

const navItems = [
  { href: '/', label: 'Overview', isActive: (p: string) => p === '/' || p === '/overview' },
  { href: '/traces', label: 'Traces', isActive: (p: string) => p.startsWith('/traces') },
]

/**
 * The app shell: the login page until there is a session; then the navigation, the project
 * switcher, the theme toggle and the page of the current path. The global query (range and
 * filters) travels with the navigation links.
 */
export function App({ api, session }: { api: ApiClient; session: AuthSession }) {
  const version = useSyncExternalStore(
    (l) => session.subscribe(l),
    () => `${session.isLoggedIn}:${session.projectId ?? ''}`,
  )
  const { pathname, search } = useLocation()
  const [me, setMe] = useState<Me | null>(null)
  const [theme, setTheme] = useState<Theme>(readTheme)
  const isLoggedIn = session.isLoggedIn

  useEffect(() => {
    if (!isLoggedIn) {
      setMe(null)
      return
    }
    let isCurrent = true
    api.get('/api/v1/me', {}).then(
      ({ data }) => {
        if (!isCurrent) return
        setMe(data)
        if (session.projectId === null && data.current_project !== null)
          session.setProject(data.current_project.project_id)
      },
      () => {
        if (isCurrent) setMe(null)
      },
    )
    return () => {
      isCurrent = false
    }
  }, [isLoggedIn, version])

  if (!isLoggedIn) return <LoginPage api={api} />
  const globalSearch = new URLSearchParams(search)
  for (const key of [...globalSearch.keys()])
    if (
      ![
        'range',
        'from',
        'to',
        'model',
        'provider',
        'service',
        'environment',
        'user',
        'tag',
      ].includes(key)
    )
      globalSearch.delete(key)
  const carry = globalSearch.toString() === '' ? '' : `?${globalSearch.toString()}`

  return (
    <AppContext.Provider value={{ api, session, me }}>
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <div className="brand">LLM Observatory</div>
          <ul>
            {navItems.map((item) => (
              <li key={item.href}>
                <Link
                  href={`${item.href}${carry}`}
                  className={item.isActive(pathname) ? 'active' : undefined}
                  aria-current={item.isActive(pathname) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="main">
          <header className="topbar">
            {me !== null && <ProjectSwitcher me={me} session={session} />}
            <span className="spacer" />
            {me?.user != null && <span className="muted small hide-narrow">{me.user.email}</span>}
            <button
              type="button"
              aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
              onClick={() => {
                const next = theme === 'dark' ? 'light' : 'dark'
                applyTheme(next, { persist: true })
                setTheme(next)
              }}
            >
              {theme === 'dark' ? '☀ Light' : '☾ Dark'}
            </button>
            <button type="button" onClick={() => void api.logout()}>
              Log out
            </button>
          </header>
          {/* Keyed by project: switching projects remounts the page and reloads its data. */}
          <Page key={session.projectId ?? ''} pathname={pathname} />
        </div>
      </div>
    </AppContext.Provider>
  )
}
