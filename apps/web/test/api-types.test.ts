import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { apiTypesFile, generateApiTypes } from '../scripts/generate-api-types.js'

describe('the generated API types', () => {
  it('equal a fresh generation from the current server OpenAPI document (run `npm run generate:api -w apps/web` after changing a route schema)', async () => {
    const committed = await readFile(apiTypesFile, 'utf8')
    const fresh = await generateApiTypes()
    expect(committed.startsWith('// Generated from the server')).toBe(true)
    expect(committed === fresh, 'apps/web/src/api/openapi-types.ts is stale').toBe(true)
  })
})
