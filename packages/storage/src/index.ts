export {
  makeWriteBatch,
  countBatchRows,
  type Backend,
  type BackendCapabilities,
  type WriteBatch,
  type TraceDetail,
  type ListTracesOptions,
  type StorageHealth,
} from './backend.js'
