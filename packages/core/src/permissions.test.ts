import { describe, expect, it } from 'vitest'
import { can, isRoleWithin, permissions, rolePermissions, roles } from './permissions.js'

describe('the permission matrix', () => {
  it('gives admins everything and billing costs only', () => {
    expect(permissions.filter((p) => can('admin', p))).toEqual(permissions)
    expect(permissions.filter((p) => can('billing', p))).toEqual(['costs:read'])
  })

  it('lets a viewer read content only when the project allows it', () => {
    expect(can('viewer', 'content:read')).toBe(true)
    expect(can('viewer', 'content:read', { viewerSeesContent: true })).toBe(true)
    expect(can('viewer', 'content:read', { viewerSeesContent: false })).toBe(false)
    expect(can('viewer', 'traces:read', { viewerSeesContent: false })).toBe(true)
    expect(can('developer', 'content:read', { viewerSeesContent: false })).toBe(true)
  })

  it('orders roles by their permission sets', () => {
    expect(isRoleWithin('billing', 'viewer')).toBe(true)
    expect(isRoleWithin('viewer', 'billing')).toBe(false)
    expect(isRoleWithin('developer', 'admin')).toBe(true)
    expect(isRoleWithin('admin', 'developer')).toBe(false)
    for (const role of roles) expect(isRoleWithin(role, role)).toBe(true)
  })

  it('lists only known permissions, each once', () => {
    for (const granted of Object.values(rolePermissions)) {
      expect(new Set(granted).size).toBe(granted.length)
      for (const p of granted) expect(permissions).toContain(p)
    }
  })
})
