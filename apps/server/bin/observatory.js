#!/usr/bin/env node
// `observatory start [--port …]`: runs the TypeScript entry through tsx.
import { register } from 'tsx/esm/api'
register()
await import('../src/main.ts')
