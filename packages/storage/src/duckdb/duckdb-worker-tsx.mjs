// Worker entry used when the sources run as TypeScript (node --import tsx, Vitest): a worker
// does not inherit the parent's TypeScript loader, so register tsx here, then load the real
// entry given by DuckDbDriver. Plain .mjs on purpose: it must load before any loader exists.
import { workerData } from 'node:worker_threads'
import { register } from 'tsx/esm/api'

register()
await import(workerData.entry)
