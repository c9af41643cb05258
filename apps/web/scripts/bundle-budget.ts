import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/** The first-load JavaScript budget of issue 5: what index.html loads before any click. */
export const firstLoadBudgetBytes = 400 * 1024

export interface FirstLoadSize {
  /** The scripts index.html loads (entry and modulepreloads), relative to the dist folder. */
  files: string[]
  rawBytes: number
  gzipBytes: number
}

/**
 * Measures the JavaScript that index.html in `distDir` loads at first (its module script and
 * modulepreload links; lazily imported chunks are not counted), raw and gzipped (level 9, as a
 * server or CDN would compress them).
 * @example const { gzipBytes } = await measureFirstLoad('apps/web/dist')
 */
export async function measureFirstLoad(distDir: string): Promise<FirstLoadSize> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8')
  const files = new Set<string>()
  for (const match of html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.js)"/g))
    files.add(match[1]!.replace(/^\//, ''))
  let rawBytes = 0
  let gzipBytes = 0
  for (const file of files) {
    const body = await readFile(path.join(distDir, file))
    rawBytes += body.length
    gzipBytes += gzipSync(body, { level: 9 }).length
  }
  return { files: [...files], rawBytes, gzipBytes }
}

/** `123.4 kB` (1 kB = 1024 bytes, as the budget is stated). */
export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`
}
