import { createDuckDbBackend } from '../src/index.js'
import { describeIdentityContract } from './identity-contract.js'

describeIdentityContract('duckdb', (dataDir) =>
  createDuckDbBackend({ dataDir, memoryLimit: '256MB' }),
)
