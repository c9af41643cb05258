/** The API error codes of DESIGN.md, with their HTTP status. */
export const apiErrorStatus = {
  bad_request: 400,
  validation_error: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const

export type ApiErrorCode = keyof typeof apiErrorStatus

interface ErrorDefinition {
  apiCode: ApiErrorCode
  message: string
}

/**
 * Every error the domain throws, defined once. Codes are `ERR_<AREA>_<WHAT>` and never reused.
 * Messages say what the caller should change; they never contain prompt text or keys.
 */
export const errorRegistry = {
  ERR_INGEST_UNDECODABLE: {
    apiCode: 'bad_request',
    message: 'The request body could not be decoded.',
  },
  ERR_INGEST_CONTENT_TYPE: {
    apiCode: 'unsupported_media_type',
    message: 'Send application/x-protobuf or application/json.',
  },
  ERR_INGEST_TOO_LARGE: { apiCode: 'payload_too_large', message: 'The request body is too large.' },
  ERR_INGEST_QUEUE_FULL: {
    apiCode: 'rate_limited',
    message: 'The write queue is full; retry after the delay in Retry-After.',
  },
  ERR_INGEST_SHUTTING_DOWN: {
    apiCode: 'service_unavailable',
    message: 'The server is shutting down; retry after the delay in Retry-After.',
  },
  ERR_INGEST_VALIDATION: { apiCode: 'validation_error', message: 'The request is not valid.' },
  ERR_INGEST_SCHEMA_VERSION: {
    apiCode: 'validation_error',
    message: 'Unsupported schema_version.',
  },
  ERR_AUTH_MISSING: {
    apiCode: 'unauthorized',
    message:
      'Send an API key as Authorization: Bearer <secret>, Basic base64(public:secret) or x-api-key.',
  },
  ERR_AUTH_PROJECT_MISMATCH: {
    apiCode: 'forbidden',
    message: 'This key or token cannot read the project named in the request.',
  },
  ERR_AUTH_INVALID: {
    apiCode: 'unauthorized',
    message: 'The API key is not valid or was revoked.',
  },
  ERR_REQUEST_INVALID: { apiCode: 'bad_request', message: 'The request is not valid.' },
  ERR_REQUEST_VALIDATION: { apiCode: 'validation_error', message: 'The request is not valid.' },
  ERR_TRACE_NOT_FOUND: { apiCode: 'not_found', message: 'No trace with this id in this project.' },
  ERR_SESSION_NOT_FOUND: {
    apiCode: 'not_found',
    message: 'No session with this id in this project and time range.',
  },
  ERR_ROUTE_NOT_FOUND: { apiCode: 'not_found', message: 'No such route.' },
  ERR_STORAGE_UNAVAILABLE: { apiCode: 'service_unavailable', message: 'Storage is unavailable.' },
  ERR_STORAGE_QUERY: { apiCode: 'internal_error', message: 'A storage query failed.' },
  ERR_CONFIG_INVALID: { apiCode: 'internal_error', message: 'Invalid configuration.' },
  ERR_INTERNAL: { apiCode: 'internal_error', message: 'Internal error.' },
  ERR_QUERY_UNKNOWN_FIELD: { apiCode: 'validation_error', message: 'Unknown field.' },
  ERR_QUERY_INVALID_FILTER: { apiCode: 'validation_error', message: 'The filter is not valid.' },
  ERR_QUERY_INVALID_TIME_RANGE: {
    apiCode: 'validation_error',
    message: 'The time range is not valid.',
  },
  ERR_QUERY_INVALID_INTERVAL: {
    apiCode: 'validation_error',
    message: 'The interval is not valid.',
  },
  ERR_QUERY_INVALID_SORT: { apiCode: 'validation_error', message: 'The sort is not valid.' },
  ERR_QUERY_INVALID_SELECTION: {
    apiCode: 'validation_error',
    message: 'The selected fields, measures and group-bys do not fit together.',
  },
  ERR_AUTH_FORBIDDEN: {
    apiCode: 'forbidden',
    message: 'Your role in this project does not allow this request.',
  },
  ERR_AUTH_NO_PROJECT: {
    apiCode: 'forbidden',
    message: 'You are not a member of the selected project (x-project-id or project).',
  },
  ERR_AUTH_PROJECT_UNKNOWN: { apiCode: 'not_found', message: 'No project with this id.' },
  ERR_AUTH_PERMISSION_UNDECLARED: {
    apiCode: 'internal_error',
    message: 'This route declares no permission, so it is closed.',
  },
  ERR_AUTH_LOGIN_FAILED: { apiCode: 'unauthorized', message: 'Invalid email or password.' },
  ERR_AUTH_LOGIN_THROTTLED: {
    apiCode: 'rate_limited',
    message: 'Too many failed logins; retry after the delay in Retry-After.',
  },
  ERR_AUTH_TOKEN_INVALID: {
    apiCode: 'unauthorized',
    message: 'The access token is not valid, has expired, or its session or token was revoked.',
  },
  ERR_AUTH_REFRESH_INVALID: {
    apiCode: 'unauthorized',
    message: 'The refresh token is not valid, has expired or was already used; log in again.',
  },
  ERR_AUTH_INSTANCE_ADMIN: {
    apiCode: 'forbidden',
    message: 'Only an instance administrator may do this.',
  },
  ERR_AUTH_CONTENT_HIDDEN: {
    apiCode: 'forbidden',
    message: 'Your role cannot see or search prompt and response text in this project.',
  },
  ERR_AUTH_NOT_A_USER: {
    apiCode: 'forbidden',
    message: 'This request needs a user login (an access token from /api/v1/auth/login).',
  },
  ERR_USER_NOT_FOUND: { apiCode: 'not_found', message: 'No user with this id.' },
  ERR_USER_EXISTS: { apiCode: 'conflict', message: 'A user with this email already exists.' },
  ERR_TOKEN_NOT_FOUND: { apiCode: 'not_found', message: 'No personal access token with this id.' },
  ERR_TOKEN_ROLE_TOO_HIGH: {
    apiCode: 'forbidden',
    message: 'A personal access token may carry at most your role in its project.',
  },
  ERR_USER_LAST_ADMIN: {
    apiCode: 'conflict',
    message: 'The last active instance administrator cannot be removed, demoted or disabled.',
  },
  ERR_PROJECT_NOT_FOUND: {
    apiCode: 'not_found',
    message: 'No project with this id that you can see.',
  },
  ERR_PROJECT_CONFIRM: {
    apiCode: 'validation_error',
    message: 'To delete a project, send { "confirm": "<the project name>" }.',
  },
  ERR_PROJECT_DEFAULT: {
    apiCode: 'conflict',
    message: 'The default project (where unauthenticated local OTLP goes) cannot be deleted.',
  },
  ERR_API_KEY_NOT_FOUND: {
    apiCode: 'not_found',
    message: 'No API key with this id in this project.',
  },
  ERR_API_KEY_REVOKED: {
    apiCode: 'conflict',
    message: 'This API key is revoked; create a new one.',
  },
  ERR_MEMBER_NOT_FOUND: {
    apiCode: 'not_found',
    message: 'This user is not a member of this project.',
  },
  ERR_MEMBER_EXISTS: {
    apiCode: 'conflict',
    message: 'This user is already a member; PATCH its role.',
  },
  ERR_MEMBER_LAST_ADMIN: {
    apiCode: 'conflict',
    message: 'A project keeps at least one admin; make another member admin first.',
  },
  ERR_RATE_LIMITED: {
    apiCode: 'rate_limited',
    message: 'Too many requests for this key; retry after the delay in Retry-After.',
  },
  ERR_REQUEST_TOO_DEEP: {
    apiCode: 'validation_error',
    message: 'The JSON body is nested too deeply.',
  },
  ERR_REDACTION_POLICY_INVALID: {
    apiCode: 'internal_error',
    message:
      "The project's PII redaction rules cannot be applied; fix them in the project settings.",
  },
} as const satisfies Record<string, ErrorDefinition>

export type ErrorCode = keyof typeof errorRegistry

export interface FieldError {
  field: string
  message: string
}

/** A registered domain error; the server's error handler turns it into the API envelope. */
export class ObservatoryError extends Error {
  readonly code: ErrorCode
  readonly apiCode: ApiErrorCode
  readonly statusCode: number
  readonly details: Record<string, unknown> | undefined
  readonly fieldErrors: FieldError[] | undefined

  constructor(
    code: ErrorCode,
    options: {
      message?: string
      details?: Record<string, unknown>
      fieldErrors?: FieldError[]
      cause?: unknown
    } = {},
  ) {
    const def = errorRegistry[code]
    super(options.message ?? def.message, { cause: options.cause })
    this.name = 'ObservatoryError'
    this.code = code
    this.apiCode = def.apiCode
    this.statusCode = apiErrorStatus[def.apiCode]
    this.details = options.details
    this.fieldErrors = options.fieldErrors
  }
}

export function isObservatoryError(value: unknown): value is ObservatoryError {
  return value instanceof ObservatoryError
}
