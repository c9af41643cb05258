import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString } from 'openapi-typescript'
import prettier from 'prettier'
import pino from 'pino'
import { buildApp, createServices, loadConfig } from '@llm-observatory/server'

/** The committed output: the types of every path, operation and schema of the API. */
export const apiTypesFile = fileURLToPath(new URL('../src/api/openapi-types.ts', import.meta.url))

const header =
  "// Generated from the server's OpenAPI document (GET /openapi.json) by\n" +
  '// apps/web/scripts/generate-api-types.ts (`npm run generate:api -w apps/web`). Do not edit.\n\n'

/** The server's OpenAPI document, from an in-process app on a throwaway data dir. */
export async function readOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'observatory-openapi-'))
  const config = loadConfig(
    { OBSERVATORY_DATA_DIR: dataDir, OBSERVATORY_DUCKDB_MEMORY_LIMIT: '256MB' },
    [],
  )
  const services = await createServices(config, pino({ level: 'silent' }))
  try {
    const app = await buildApp(services.deps)
    try {
      await app.ready()
      return app.swagger() as unknown as Record<string, unknown>
    } finally {
      await app.close()
    }
  } finally {
    await services.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/**
 * The text of {@link apiTypesFile} for the current server: openapi-typescript's output of the
 * OpenAPI document, with the do-not-edit header, formatted by the repository's Prettier config.
 * @example await writeFile(apiTypesFile, await generateApiTypes())
 */
export async function generateApiTypes(): Promise<string> {
  const document = await readOpenApiDocument()
  const ast = await openapiTS(document as unknown as Parameters<typeof openapiTS>[0], {
    alphabetize: true,
  })
  const options = (await prettier.resolveConfig(apiTypesFile)) ?? {}
  return prettier.format(header + astToString(ast), { ...options, filepath: apiTypesFile })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(apiTypesFile, await generateApiTypes())
  process.stdout.write(`wrote ${path.relative(process.cwd(), apiTypesFile)}\n`)
}
