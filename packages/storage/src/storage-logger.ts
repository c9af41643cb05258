/**
 * The logging the storage layer needs; pino's logger satisfies it. Fields carry ids, sizes
 * and query fingerprints only, never row values.
 */
export interface StorageLogger {
  info(fields: Record<string, unknown>, message: string): void
  warn(fields: Record<string, unknown>, message: string): void
  error(fields: Record<string, unknown>, message: string): void
}

export const silentStorageLogger: StorageLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
}
