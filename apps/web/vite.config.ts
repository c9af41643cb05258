import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import { firstLoadBudgetBytes, formatKb, measureFirstLoad } from './scripts/bundle-budget.js'

/** Prints the gzipped first-load JS after every build and fails the build over the budget. */
function firstLoadBudget(): Plugin {
  let outDir = ''
  return {
    name: 'observatory-first-load-budget',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    async closeBundle() {
      const size = await measureFirstLoad(outDir)
      const line = `first-load JS: ${formatKb(size.gzipBytes)} gzipped (${formatKb(size.rawBytes)} raw, ${size.files.length} files; budget ${formatKb(firstLoadBudgetBytes)})`
      if (size.gzipBytes > firstLoadBudgetBytes) throw new Error(`over budget: ${line}`)
      process.stdout.write(`${line}\n`)
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [firstLoadBudget()],
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The server's CSP allows scripts from this origin only: no inline module preload polyfill.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
})
