import type { Me } from '../../api/api-types.js'
import type { AuthSession } from '../../api/auth-session.js'

/**
 * The project picker of the top bar: the caller's memberships (GET /api/v1/me). The choice is
 * sent as `x-project-id` on every request from then on.
 */
export function ProjectSwitcher({ me, session }: { me: Me; session: AuthSession }) {
  const current = session.projectId ?? me.current_project?.project_id ?? ''
  if (me.memberships.length === 0) return null
  return (
    <label className="project-switcher">
      <span className="sr-only">Project</span>
      <select
        aria-label="Project"
        value={current}
        onChange={(e) => session.setProject(e.target.value)}
      >
        {me.memberships.map((m) => (
          <option key={m.project_id} value={m.project_id}>
            {m.project_name ?? m.project_id} ({m.role})
          </option>
        ))}
      </select>
    </label>
  )
}
