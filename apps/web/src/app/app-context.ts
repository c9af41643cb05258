import { createContext, useContext } from 'react'
import type { ApiClient } from '../api/api-client.js'
import type { AuthSession } from '../api/auth-session.js'
import type { Me } from '../api/api-types.js'

export interface AppServices {
  api: ApiClient
  session: AuthSession
  /** The caller and their projects (GET /api/v1/me); null until loaded. */
  me: Me | null
}

export const AppContext = createContext<AppServices | null>(null)

/** The API client, the login session and the caller, from the nearest provider. */
export function useApp(): AppServices {
  const services = useContext(AppContext)
  if (services === null) throw new Error('useApp outside <AppContext.Provider>')
  return services
}
