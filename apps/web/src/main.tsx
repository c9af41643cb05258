import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiClient } from './api/api-client.js'
import { AuthSession } from './api/auth-session.js'
import { App } from './app/App.js'
import { applyTheme, readTheme } from './app/theme.js'
import './styles.css'

applyTheme(readTheme())
const session = new AuthSession()
const api = new ApiClient(session)
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App api={api} session={session} />
  </StrictMode>,
)
