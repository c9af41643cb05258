export type {
  Span,
  SpanKind,
  SpanStatus,
  SpanEvent,
  FinishReason,
  CostSource,
  Message,
  MessagePart,
  TraceSummary,
} from './span.js'
export type {
  LogRecord,
  LogSeverity,
  MetricPoint,
  MetricType,
  AnalyticsEvent,
  EventType,
  Score,
  ScoreDataType,
} from './records.js'
export type { Project, ApiKey } from './project.js'
export {
  ObservatoryError,
  isObservatoryError,
  errorRegistry,
  apiErrorStatus,
  type ApiErrorCode,
  type ErrorCode,
  type FieldError,
} from './errors.js'
export { isTraceId, isSpanId, toTraceId, toSpanId, nanosToMicros, microsToIso } from './ids.js'
export { makeEmptySpan } from './span-factory.js'
export {
  can,
  isRole,
  isRoleWithin,
  permissionDescriptions,
  permissions,
  rolePermissions,
  roles,
  type Permission,
  type PermissionSettings,
  type Role,
} from './permissions.js'
export type { User, Membership, PersonalToken, AuthSession, RefreshToken } from './identity.js'
export { defaultProjectSettings, type ProjectSettings } from './project.js'
export {
  redactionDetectorNames,
  disabledRedactionPolicy,
  customRedactionPatternName,
  maxCustomRedactionPatternLength,
  type RedactionDetectorName,
  type RedactionMode,
  type RedactionPolicy,
  type CustomRedactionPattern,
} from './redaction-policy.js'
