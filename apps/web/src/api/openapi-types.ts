// Generated from the server's OpenAPI document (GET /openapi.json) by
// apps/web/scripts/generate-api-types.ts (`npm run generate:api -w apps/web`). Do not edit.

export interface paths {
  '/api/v1/admin/users': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Every user with its project memberships */
    get: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    /** Create a user (optionally with project memberships) */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            email: string
            is_instance_admin?: boolean
            memberships?: {
              project_id: string
              /** @description admin, developer, viewer, billing */
              role: 'admin' | 'developer' | 'viewer' | 'billing'
            }[]
            name?: string | null
            /** @description At least 12 characters. */
            password: string
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/admin/users/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One user with its memberships */
    get: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    /** Delete a user with its memberships, tokens and logins */
    delete: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    options?: never
    head?: never
    /** Change name, password, instance admin flag or disable a user */
    patch: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            disabled?: boolean
            is_instance_admin?: boolean
            name?: string | null
            /** @description At least 12 characters. */
            password?: string
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    trace?: never
  }
  '/api/v1/analytics/costs': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Cost totals, breakdown by group_by (top-N), trend per interval, cost per request */
    get: {
      parameters: {
        query?: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>. */
          group_by?: string
          /** @description Bucket width: 1m, 5m, 1h, 1d, 1w or auto. */
          interval?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          top?: number
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/dashboard': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Overview numbers with the change against the previous equal period */
    get: {
      parameters: {
        query?: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>. */
          group_by?: string
          /** @description Bucket width: 1m, 5m, 1h, 1d, 1w or auto. */
          interval?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          top?: number
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/errors': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Error groups: type, message fingerprint, count, first/last seen, example trace */
    get: {
      parameters: {
        query?: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>. */
          group_by?: string
          /** @description Bucket width: 1m, 5m, 1h, 1d, 1w or auto. */
          interval?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          top?: number
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/logs/recent': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The newest application and OTLP logs, with severity and trace links */
    get: {
      parameters: {
        query?: {
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          limit?: number
          min_severity?: number
          q?: string
          service?: string
          /** @description Comma list, e.g. ERROR,CRITICAL. */
          severity?: string
          /** @description End (exclusive). Default now. */
          to?: string
          trace_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/performance': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Latency and TTFT percentiles, tokens/s, requests/s, error rate and errors by type */
    get: {
      parameters: {
        query?: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>. */
          group_by?: string
          /** @description Bucket width: 1m, 5m, 1h, 1d, 1w or auto. */
          interval?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          top?: number
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/providers': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Requests, cost, tokens, latency and errors per provider */
    get: {
      parameters: {
        query?: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>. */
          group_by?: string
          /** @description Bucket width: 1m, 5m, 1h, 1d, 1w or auto. */
          interval?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          top?: number
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/quality': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Scores: averages and distributions per name, per model, over time */
    get: {
      parameters: {
        query?: {
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          interval?: string
          model?: string
          name?: string
          source?: string
          /** @description End (exclusive). Default now. */
          to?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/analytics/requests/timeseries': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Requests, errors, tokens, cost and p95 latency per interval */
    get: {
      parameters: {
        query?: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Comma list of up to 3 fields: provider, model, user (user_id), service, environment, project, tag (a row counts once per tag), name, metadata.<key>, attributes.<key>. */
          group_by?: string
          /** @description Bucket width: 1m, 5m, 1h, 1d, 1w or auto. */
          interval?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          top?: number
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/auth/login': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Log in with e-mail and password: a 15-minute access token and a refresh token */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            email: string
            password: string
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/auth/logout': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** End the login of this access token: it and its refresh token stop working */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/auth/refresh': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Exchange a refresh token for new tokens (the old refresh token is spent) */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            refresh_token: string
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/events': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List analytics events (audit trail included with audit:read), newest first */
    get: {
      parameters: {
        query?: {
          /** @description pagination.next_cursor of the previous page (deep paging). */
          cursor?: string
          /** @description telemetry, security, cost, governance, lifecycle, audit or alert. */
          event_type?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description 1-based page number. */
          page?: number
          /** @description Items per page, 1 to 1000. */
          per_page?: number
          /** @description Project id; must be the caller's project. */
          project?: string
          /** @description debug, info, warning, error or critical. */
          severity?: string
          /** @description e.g. llm-observatory, llm-sentinel (any case, _ or -). */
          source_module?: string
          /** @description End (exclusive). Default now. */
          to?: string
          /** @description Events correlated to this trace. */
          trace_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    /** Ingest analytics events */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/ingest/app': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Ingest app log records */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/ingest/llm': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Log one LLM call */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/ingest/llm/bulk': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Log up to 1000 LLM calls */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/ingest/metrics': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Ingest metrics */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/me': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Who the credentials belong to: user, projects with roles and permissions */
    get: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/models/compare': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Models side by side: cost/request, latency, error rate, tokens, quality */
    get: {
      parameters: {
        query: {
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          /** @description Comma list. */
          models: string
          name?: string
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/projects': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** The projects you belong to, with your role in each */
    get: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    /** Create a project; you become its admin */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            name: string
            pii?: {
              /** @description Attribute keys whose values are redacted (exact, or a prefix ending in *); absent: the content-bearing GenAI keys of every supported instrumentation. */
              attribute_keys?: string[]
              custom_patterns?: {
                /** @description Lower-case snake_case; the label is the name upper-cased ([REDACTED:EMPLOYEE_ID]). */
                name: string
                /** @description RE2 syntax (no backreferences or lookaround), run in linear time; must not match the empty text. */
                pattern: string
              }[]
              /** @description On/off per detector (email, phone, credit_card, iban, secret, ipv4, ipv6); unnamed ones are on. */
              detectors?: {
                credit_card?: boolean
                email?: boolean
                iban?: boolean
                ipv4?: boolean
                ipv6?: boolean
                phone?: boolean
                secret?: boolean
              }
              enabled: boolean
              /**
               * @description redact replaces a match with [REDACTED:EMAIL]; hash with [EMAIL:<12 hex>], the start of an HMAC-SHA256 under a per-project key, so equal values stay joinable (default redact).
               * @enum {string}
               */
              mode?: 'redact' | 'hash'
            } | null
            /** @description Days of data kept; null keeps everything (default). */
            retention_days?: number | null
            /** @description Viewers see prompt and response text (default true). */
            viewer_sees_content?: boolean
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/projects/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One project with its settings */
    get: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    /** Delete a project and all its data; body { "confirm": "<project name>" } */
    delete: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json':
            | ({
                confirm?: string
              } & {
                [key: string]: unknown
              })
            | null
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    options?: never
    head?: never
    /** Rename a project or change its settings (viewer_sees_content, retention_days, pii) */
    patch: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            name?: string
            pii?: {
              /** @description Attribute keys whose values are redacted (exact, or a prefix ending in *); absent: the content-bearing GenAI keys of every supported instrumentation. */
              attribute_keys?: string[]
              custom_patterns?: {
                /** @description Lower-case snake_case; the label is the name upper-cased ([REDACTED:EMPLOYEE_ID]). */
                name: string
                /** @description RE2 syntax (no backreferences or lookaround), run in linear time; must not match the empty text. */
                pattern: string
              }[]
              /** @description On/off per detector (email, phone, credit_card, iban, secret, ipv4, ipv6); unnamed ones are on. */
              detectors?: {
                credit_card?: boolean
                email?: boolean
                iban?: boolean
                ipv4?: boolean
                ipv6?: boolean
                phone?: boolean
                secret?: boolean
              }
              enabled: boolean
              /**
               * @description redact replaces a match with [REDACTED:EMAIL]; hash with [EMAIL:<12 hex>], the start of an HMAC-SHA256 under a per-project key, so equal values stay joinable (default redact).
               * @enum {string}
               */
              mode?: 'redact' | 'hash'
            } | null
            /** @description Days of data kept; null keeps everything (default). */
            retention_days?: number | null
            /** @description Viewers see prompt and response text (default true). */
            viewer_sees_content?: boolean
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    trace?: never
  }
  '/api/v1/projects/{id}/api-keys': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** A project's API keys (public key and secret prefix only) */
    get: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    /** Create an API key pair; the secret is in this answer only */
    post: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            /** @description A label (default "api key"). */
            name?: string
          } | null
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/projects/{id}/api-keys/{keyId}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /** Revoke a key at once (it stays listed as revoked) */
    delete: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
          keyId: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/projects/{id}/api-keys/{keyId}/rotate': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Give a key a new secret (same public key); the old secret stops working at once */
    post: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
          keyId: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/projects/{id}/members': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Members of a project and their roles */
    get: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    /** Add a user (by user_id or email) to a project with a role */
    post: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            email?: string
            /**
             * @description admin, developer, viewer, billing
             * @enum {string}
             */
            role: 'admin' | 'developer' | 'viewer' | 'billing'
            user_id?: string
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/projects/{id}/members/{userId}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /** Remove a member from a project */
    delete: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
          userId: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    options?: never
    head?: never
    /** Change a member's role */
    patch: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
          userId: string
        }
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            /**
             * @description admin, developer, viewer, billing
             * @enum {string}
             */
            role: 'admin' | 'developer' | 'viewer' | 'billing'
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    trace?: never
  }
  '/api/v1/query/timeseries': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Time series of a span measurement or metric: aggregation per window, group by, fill, summary */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            aggregation?:
              | string
              | {
                  /** @description Further aggregations returned per point under their names: mean, sum, min, max, count, p50, p95, p99, stddev, rate. */
                  fields?: string[]
                  function?: string
                  window?: string
                }
            /** @description Further aggregations returned per point under their names: mean, sum, min, max, count, p50, p95, p99, stddev, rate. */
            fields?: string[]
            fill?:
              | null
              | string
              | {
                  value: number
                }
            /** @description A filter tree of the filter language (seed 002). */
            filters?: unknown
            /** @description ISO-8601, epoch ms or relative (now-1h). */
            from?: string | number
            group_by?: string[] | string
            /**
             * @description Series per page.
             * @default 50
             */
            limit?: number
            /** @description A span measurement (latency_ms, ttft_ms, cost_usd, input_tokens, output_tokens, total_tokens, cached_input_tokens, reasoning_tokens, tokens_per_second, requests; or spans.<name>) or an ingested metric name (or metrics.<name>). */
            measurement: string
            /** @default 0 */
            offset?: number
            /** @description Further aggregations returned per point under their names: mean, sum, min, max, count, p50, p95, p99, stddev, rate. */
            select_fields?: string[]
            /** @description spans or metrics: which data measurement names; without it the name decides. */
            source?: string
            /** @description Equality per key (a list: any of them). Spans: any span field (model, provider, service, environment, user_id, metadata.<key>, attributes.<key>, …) or tag. Metrics: service, unit, type, tags.<key>, resource.<key>, or a bare tag key (host.name). */
            tag_filters?: {
              [key: string]: string | number | boolean | null | (string | number)[]
            }
            /** @description Equality per key (a list: any of them). Spans: any span field (model, provider, service, environment, user_id, metadata.<key>, attributes.<key>, …) or tag. Metrics: service, unit, type, tags.<key>, resource.<key>, or a bare tag key (host.name). */
            tags?: {
              [key: string]: string | number | boolean | null | (string | number)[]
            }
            /** @description Instead of from/to (seed 001 start/end). */
            time_range?: {
              /** @description ISO-8601, epoch ms or relative (now-1h). */
              end?: string | number
              /** @description ISO-8601, epoch ms or relative (now-1h). */
              from?: string | number
              /** @description ISO-8601, epoch ms or relative (now-1h). */
              start?: string | number
              /** @description ISO-8601, epoch ms or relative (now-1h). */
              to?: string | number
            }
            /** @description ISO-8601, epoch ms or relative (now-1h). */
            to?: string | number
            /** @description 1m, 5m, 15m, 1h, 6h, 1d, 1w, 1mo (30 days), any duration (90s, 2h30m), auto. */
            window?: string
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/scores': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List scores, newest first */
    get: {
      parameters: {
        query?: {
          /** @description pagination.next_cursor of the previous page (deep paging). */
          cursor?: string
          /** @description Inclusive: ISO-8601, epoch milliseconds or now-<n><s|m|h|d|w>. */
          from?: string
          name?: string
          /** @description 1-based page number. */
          page?: number
          /** @description Items per page, 1 to 1000. */
          per_page?: number
          session_id?: string
          source?: 'api' | 'user' | 'eval'
          span_id?: string
          /** @description Exclusive: ISO-8601, epoch milliseconds or now-<n><s|m|h|d|w>. */
          to?: string
          /** @description The trace's own scores and those on its spans (hex, UUID or any id). */
          trace_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content: {
            'application/json': {
              data:
                | {
                    comment: string | null
                    /** @enum {string} */
                    data_type: 'numeric' | 'boolean' | 'categorical'
                    id: string
                    name: string
                    session_id: string | null
                    /** @enum {string} */
                    source: 'api' | 'user' | 'eval'
                    span_id: string | null
                    /** @description ISO-8601 UTC. */
                    timestamp: string
                    trace_id: string | null
                    value: number | boolean | string | null
                  }[]
                | null
              error: {
                /** @enum {string} */
                code:
                  | 'bad_request'
                  | 'validation_error'
                  | 'unauthorized'
                  | 'forbidden'
                  | 'not_found'
                  | 'conflict'
                  | 'payload_too_large'
                  | 'unsupported_media_type'
                  | 'rate_limited'
                  | 'internal_error'
                  | 'service_unavailable'
                details: Record<string, never> | null
                field_errors: {
                  field: string
                  message: string
                }[]
                /** @description What to change; never contains request data. */
                message: string
                status_code: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              } | null
              meta: {
                api_version: string
                request_id: string
                response_time_ms: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              }
              pagination: {
                has_next: boolean
                has_previous: boolean
                links?: {
                  first?: string
                  last?: string
                  next?: string
                  prev?: string
                  self?: string
                }
                next_cursor?: string | null
                page: number
                per_page: number
                total_items: number | null
                total_pages: number | null
              }
              /** @enum {string} */
              status: 'success' | 'error' | 'partial'
            }
          }
        }
      }
    }
    put?: never
    /** Create one score or a batch of up to 1000 */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json':
            | {
                comment?: string | null
                /** @enum {string} */
                data_type?:
                  'numeric' | 'boolean' | 'categorical' | 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL'
                /** @description Idempotency key: the score is stored under this id, and sending the same id again replaces it (the latest timestamp wins) instead of adding a second score. */
                id?: string
                name: string
                session_id?: string | null
                /** @enum {string} */
                source?: 'api' | 'user' | 'eval'
                span_id?: string | null
                /**
                 * @description ISO-8601 (UTC when no offset) or epoch seconds/milliseconds/microseconds/nanoseconds.
                 * @example 2025-06-01T12:00:00.000Z
                 * @example 1748779200000
                 */
                timestamp?: string | number
                trace_id?: string | null
                /** @description A number (numeric), true/false (boolean; 0/1 too when data_type is boolean) or a string (categorical). */
                value: number | boolean | string
              }
            | {
                scores: {
                  comment?: string | null
                  /** @enum {string} */
                  data_type?:
                    'numeric' | 'boolean' | 'categorical' | 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL'
                  /** @description Idempotency key: the score is stored under this id, and sending the same id again replaces it (the latest timestamp wins) instead of adding a second score. */
                  id?: string
                  name: string
                  session_id?: string | null
                  /** @enum {string} */
                  source?: 'api' | 'user' | 'eval'
                  span_id?: string | null
                  /**
                   * @description ISO-8601 (UTC when no offset) or epoch seconds/milliseconds/microseconds/nanoseconds.
                   * @example 2025-06-01T12:00:00.000Z
                   * @example 1748779200000
                   */
                  timestamp?: string | number
                  trace_id?: string | null
                  /** @description A number (numeric), true/false (boolean; 0/1 too when data_type is boolean) or a string (categorical). */
                  value: number | boolean | string
                }[]
              }
            | {
                comment?: string | null
                /** @enum {string} */
                data_type?:
                  'numeric' | 'boolean' | 'categorical' | 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL'
                /** @description Idempotency key: the score is stored under this id, and sending the same id again replaces it (the latest timestamp wins) instead of adding a second score. */
                id?: string
                name: string
                session_id?: string | null
                /** @enum {string} */
                source?: 'api' | 'user' | 'eval'
                span_id?: string | null
                /**
                 * @description ISO-8601 (UTC when no offset) or epoch seconds/milliseconds/microseconds/nanoseconds.
                 * @example 2025-06-01T12:00:00.000Z
                 * @example 1748779200000
                 */
                timestamp?: string | number
                trace_id?: string | null
                /** @description A number (numeric), true/false (boolean; 0/1 too when data_type is boolean) or a string (categorical). */
                value: number | boolean | string
              }[]
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content: {
            'application/json': {
              data: {
                batch_id: string
                failure_count: number
                results: {
                  error?: {
                    /** @description validation_error for failed items, conflict for skipped. */
                    code: string
                    details?: {
                      [key: string]: unknown
                    }
                    field_errors: {
                      field: string
                      message: string
                    }[]
                    message: string
                  }
                  /** @description The id the item was stored under (span id, event id); null when it failed. */
                  id: string | null
                  /** @description Position of the item in the request. */
                  index: number
                  /** @enum {string} */
                  status: 'success' | 'failed' | 'skipped'
                }[]
                skipped_count: number
                /** @enum {string} */
                status: 'all_success' | 'partial_success' | 'all_failed'
                success_count: number
                total_items: number
              } | null
              error: {
                /** @enum {string} */
                code:
                  | 'bad_request'
                  | 'validation_error'
                  | 'unauthorized'
                  | 'forbidden'
                  | 'not_found'
                  | 'conflict'
                  | 'payload_too_large'
                  | 'unsupported_media_type'
                  | 'rate_limited'
                  | 'internal_error'
                  | 'service_unavailable'
                details: Record<string, never> | null
                field_errors: {
                  field: string
                  message: string
                }[]
                /** @description What to change; never contains request data. */
                message: string
                status_code: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              } | null
              meta: {
                api_version: string
                request_id: string
                response_time_ms: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              }
              /** @enum {string} */
              status: 'success' | 'error' | 'partial'
            }
          }
        }
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown
          }
          content: {
            'application/json': {
              data: {
                comment: string | null
                /** @enum {string} */
                data_type: 'numeric' | 'boolean' | 'categorical'
                id: string
                name: string
                session_id: string | null
                /** @enum {string} */
                source: 'api' | 'user' | 'eval'
                span_id: string | null
                /** @description ISO-8601 UTC. */
                timestamp: string
                trace_id: string | null
                value: number | boolean | string | null
              } | null
              error: {
                /** @enum {string} */
                code:
                  | 'bad_request'
                  | 'validation_error'
                  | 'unauthorized'
                  | 'forbidden'
                  | 'not_found'
                  | 'conflict'
                  | 'payload_too_large'
                  | 'unsupported_media_type'
                  | 'rate_limited'
                  | 'internal_error'
                  | 'service_unavailable'
                details: Record<string, never> | null
                field_errors: {
                  field: string
                  message: string
                }[]
                /** @description What to change; never contains request data. */
                message: string
                status_code: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              } | null
              meta: {
                api_version: string
                request_id: string
                response_time_ms: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              }
              /** @enum {string} */
              status: 'success' | 'error' | 'partial'
            }
          }
        }
        /** @description Default Response */
        207: {
          headers: {
            [name: string]: unknown
          }
          content: {
            'application/json': {
              data: {
                batch_id: string
                failure_count: number
                results: {
                  error?: {
                    /** @description validation_error for failed items, conflict for skipped. */
                    code: string
                    details?: {
                      [key: string]: unknown
                    }
                    field_errors: {
                      field: string
                      message: string
                    }[]
                    message: string
                  }
                  /** @description The id the item was stored under (span id, event id); null when it failed. */
                  id: string | null
                  /** @description Position of the item in the request. */
                  index: number
                  /** @enum {string} */
                  status: 'success' | 'failed' | 'skipped'
                }[]
                skipped_count: number
                /** @enum {string} */
                status: 'all_success' | 'partial_success' | 'all_failed'
                success_count: number
                total_items: number
              } | null
              error: {
                /** @enum {string} */
                code:
                  | 'bad_request'
                  | 'validation_error'
                  | 'unauthorized'
                  | 'forbidden'
                  | 'not_found'
                  | 'conflict'
                  | 'payload_too_large'
                  | 'unsupported_media_type'
                  | 'rate_limited'
                  | 'internal_error'
                  | 'service_unavailable'
                details: Record<string, never> | null
                field_errors: {
                  field: string
                  message: string
                }[]
                /** @description What to change; never contains request data. */
                message: string
                status_code: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              } | null
              meta: {
                api_version: string
                request_id: string
                response_time_ms: number
                /** @description ISO-8601 UTC. */
                timestamp: string
              }
              /** @enum {string} */
              status: 'success' | 'error' | 'partial'
            }
          }
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/sessions': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Sessions (conversations) with their trace counts, cost and time span */
    get: {
      parameters: {
        query?: {
          /** @description pagination.next_cursor of the previous page (deep paging). */
          cursor?: string
          environment?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description 1-based page number. */
          page?: number
          /** @description Items per page, 1 to 1000. */
          per_page?: number
          service?: string
          /** @description End (exclusive). Default now. */
          to?: string
          user?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/sessions/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One session: its traces in order and the conversation of their LLM calls */
    get: {
      parameters: {
        query?: {
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description End (exclusive). Default now. */
          to?: string
        }
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/spans': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List spans (observations) */
    get: {
      parameters: {
        query?: {
          /** @description pagination.next_cursor of the previous page (deep paging). */
          cursor?: string
          environment?: string
          /** @description Comma list of columns. */
          fields?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Same as per_page (seed 002). */
          limit?: number
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description 1-based page number. */
          page?: number
          /** @description Items per page, 1 to 1000. */
          per_page?: number
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          /** @description e.g. -latency_ms,timestamp */
          sort?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/spans/search': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Search spans with a filter tree */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            fields?: string[]
            /** @description Filter tree: {operator, conditions}. */
            filters?: unknown
            from?: string | number
            pagination?: {
              cursor?: string
              limit?: number
              page?: number
              per_page?: number
            }
            sort?: unknown
            time_range?: {
              from?: string | number
              to?: string | number
            }
            to?: string | number
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/tokens': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Your personal access tokens (prefix only) */
    get: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    /** Create a personal access token for one project (the secret is shown once) */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            /** @description Default: never expires. */
            expires_in_days?: number
            name: string
            /** @description Default: the project of this request. */
            project_id?: string
            /** @description At most your role in the project; default: your role. */
            role?: 'admin' | 'developer' | 'viewer' | 'billing'
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/tokens/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    post?: never
    /** Revoke a personal access token */
    delete: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/traces': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** List traces (filters, sort, pagination) */
    get: {
      parameters: {
        query?: {
          /** @description pagination.next_cursor of the previous page (deep paging). */
          cursor?: string
          environment?: string
          /** @description Comma list of columns. */
          fields?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          /** @description Same as per_page (seed 002). */
          limit?: number
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description 1-based page number. */
          page?: number
          /** @description Items per page, 1 to 1000. */
          per_page?: number
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          /** @description e.g. -latency_ms,timestamp */
          sort?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/traces/{id}': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** One trace with its spans, logs, scores and correlated events */
    get: {
      parameters: {
        query?: never
        header?: never
        path: {
          id: string
        }
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/traces/search': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /** Search traces with a filter tree */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': {
            fields?: string[]
            /** @description Filter tree: {operator, conditions}. */
            filters?: unknown
            from?: string | number
            pagination?: {
              cursor?: string
              limit?: number
              page?: number
              per_page?: number
            }
            sort?: unknown
            time_range?: {
              from?: string | number
              to?: string | number
            }
            to?: string | number
          }
        }
      }
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/api/v1/users': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    /** Per-user usage and cost of LLM requests */
    get: {
      parameters: {
        query?: {
          /** @description pagination.next_cursor of the previous page (deep paging). */
          cursor?: string
          environment?: string
          /** @description A filter tree (seed 002 language) as JSON. */
          filters?: string
          /** @description Start: ISO-8601, epoch ms or now-1h. Default to minus 24 h. */
          from?: string
          max_cost?: string
          max_latency?: string
          max_tokens?: string
          min_cost?: string
          min_latency?: string
          min_tokens?: string
          model?: string
          name?: string
          /** @description 1-based page number. */
          page?: number
          /** @description Items per page, 1 to 1000. */
          per_page?: number
          /** @description Project id; must be the caller's project (a key reads one project). */
          project?: string
          provider?: string
          /** @description Full-text search over prompts and responses. */
          q?: string
          service?: string
          session?: string
          session_id?: string
          status?: string
          tag?: string | string[]
          /** @description End (exclusive). Default now. */
          to?: string
          user?: string
          user_id?: string
        }
        header?: never
        path?: never
        cookie?: never
      }
      requestBody?: never
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    put?: never
    post?: never
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/v1/logs': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * OTLP/HTTP logs export
     * @description An ExportLogsServiceRequest as protobuf or JSON (gzip or deflate allowed), also under any path prefix (/api/public/otel/v1/logs). Answers follow the OTLP specification in the request encoding, not the envelope.
     */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': Record<string, never>
          'application/x-protobuf': string
        }
      }
      responses: {
        /** @description ExportLogsServiceResponse, with partialSuccess when items were rejected. */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/v1/metrics': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * OTLP/HTTP metrics export
     * @description An ExportMetricsServiceRequest as protobuf or JSON (gzip or deflate allowed), also under any path prefix (/api/public/otel/v1/metrics). Answers follow the OTLP specification in the request encoding, not the envelope.
     */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': Record<string, never>
          'application/x-protobuf': string
        }
      }
      responses: {
        /** @description ExportMetricsServiceResponse, with partialSuccess when items were rejected. */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
  '/v1/traces': {
    parameters: {
      query?: never
      header?: never
      path?: never
      cookie?: never
    }
    get?: never
    put?: never
    /**
     * OTLP/HTTP traces export
     * @description An ExportTraceServiceRequest as protobuf or JSON (gzip or deflate allowed), also under any path prefix (/api/public/otel/v1/traces). Answers follow the OTLP specification in the request encoding, not the envelope.
     */
    post: {
      parameters: {
        query?: never
        header?: never
        path?: never
        cookie?: never
      }
      requestBody: {
        content: {
          'application/json': Record<string, never>
          'application/x-protobuf': string
        }
      }
      responses: {
        /** @description ExportTraceServiceResponse, with partialSuccess when items were rejected. */
        200: {
          headers: {
            [name: string]: unknown
          }
          content?: never
        }
      }
    }
    delete?: never
    options?: never
    head?: never
    patch?: never
    trace?: never
  }
}
export type webhooks = Record<string, never>
export interface components {
  schemas: never
  responses: never
  parameters: never
  requestBodies: never
  headers: never
  pathItems: never
}
export type $defs = Record<string, never>
export type operations = Record<string, never>
