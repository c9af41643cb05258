import { createDuckDbBackend } from '../src/index.js'
import { describeProjectRepositoryContract } from './project-repository-contract.js'

describeProjectRepositoryContract('duckdb', (dataDir) =>
  createDuckDbBackend({ dataDir, memoryLimit: '256MB' }),
)
