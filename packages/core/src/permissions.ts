/** A user's role in one project (a membership). */
export type Role = 'admin' | 'developer' | 'viewer' | 'billing'

/** The roles, strongest first. */
export const roles: readonly Role[] = ['admin', 'developer', 'viewer', 'billing']

/** What a request may do in a project; every API route declares the one it needs. */
export type Permission =
  | 'ingest'
  | 'traces:read'
  | 'content:read'
  | 'costs:read'
  | 'keys:manage'
  | 'members:manage'
  | 'project:manage'
  | 'export'
  | 'delete'
  | 'audit:read'

/** Every permission, in the order the docs table shows them. */
export const permissions: readonly Permission[] = [
  'ingest',
  'traces:read',
  'content:read',
  'costs:read',
  'keys:manage',
  'members:manage',
  'project:manage',
  'export',
  'delete',
  'audit:read',
]

/** What each permission allows, for the docs table. */
export const permissionDescriptions: Readonly<Record<Permission, string>> = {
  ingest: 'Send traces, logs, metrics, events and scores',
  'traces:read': 'Read traces, spans, sessions, end users, logs, scores',
  'content:read': 'See prompt and response text (and search it)',
  'costs:read': 'Read costs, usage, the dashboard and model comparisons',
  'keys:manage': 'Create, rotate and revoke project API keys',
  'members:manage': 'Add and remove members, change their roles',
  'project:manage': 'Rename the project, change its settings (PII rules, retention)',
  export: 'Export the project data',
  delete: 'Delete the project and its data',
  'audit:read': 'Read the audit trail',
}

/**
 * THE permission matrix: one table in code, rendered into docs/security.md (a test checks
 * that the doc shows exactly this). `project_key` is a project ingestion key pair
 * (Langfuse-style public + secret), which also reads, as Langfuse's public API does.
 * A viewer's `content:read` additionally depends on the project setting
 * `viewer_sees_content` (see {@link can}).
 */
export const rolePermissions: Readonly<Record<Role | 'project_key', readonly Permission[]>> = {
  admin: permissions,
  developer: ['ingest', 'traces:read', 'content:read', 'costs:read', 'keys:manage', 'export'],
  viewer: ['traces:read', 'content:read', 'costs:read'],
  billing: ['costs:read'],
  project_key: ['ingest', 'traces:read', 'content:read', 'costs:read'],
}

/** Project settings that change what a role may do. */
export interface PermissionSettings {
  /** Viewers see prompt and response text; when false they see traces without it. */
  viewerSeesContent: boolean
}

/**
 * Whether `role` has `permission` in a project. A viewer reads prompt content only when the
 * project's `viewerSeesContent` is true (the default when `project` is not given).
 * @example can('viewer', 'content:read', { viewerSeesContent: false }) // false
 */
export function can(
  role: Role | 'project_key',
  permission: Permission,
  project?: PermissionSettings,
): boolean {
  if (role === 'viewer' && permission === 'content:read' && project?.viewerSeesContent === false)
    return false
  return rolePermissions[role].includes(permission)
}

/**
 * Whether `role` has no permission that `than` lacks: a personal token may carry at most its
 * owner's role. The order is by permission sets, so billing (costs only) is within viewer.
 * @example isRoleWithin('viewer', 'developer') // true; isRoleWithin('developer', 'viewer') // false
 */
export function isRoleWithin(role: Role, than: Role): boolean {
  return rolePermissions[role].every((p) => rolePermissions[than].includes(p))
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value)
}
