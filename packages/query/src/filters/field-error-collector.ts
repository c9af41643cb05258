import { ObservatoryError, type ErrorCode, type FieldError } from '@llm-observatory/core'

/** Past this many, more errors add nothing for the caller and only cost time on hostile input. */
const maxErrors = 20

/**
 * Collects field errors while a whole input is checked, so one 400 answer lists every problem
 * instead of the first. The thrown error takes the code of the first problem found.
 *
 * @example
 * const errors = new FieldErrorCollector()
 * errors.add('ERR_QUERY_INVALID_FILTER', 'filters.conditions[0].value', 'give a number')
 * errors.throwIfAny() // throws ObservatoryError with fieldErrors: [{ field, message }]
 */
export class FieldErrorCollector {
  readonly #errors: FieldError[] = []
  #code: ErrorCode | undefined

  get hasErrors(): boolean {
    return this.#errors.length > 0
  }

  /** True once the list is full: walkers stop descending then. */
  get isFull(): boolean {
    return this.#errors.length >= maxErrors
  }

  add(code: ErrorCode, field: string, message: string): void {
    this.#code ??= code
    if (this.#errors.length < maxErrors) this.#errors.push({ field, message })
  }

  throwIfAny(): void {
    const first = this.#errors[0]
    if (first === undefined || this.#code === undefined) return
    const more = this.#errors.length - 1
    throw new ObservatoryError(this.#code, {
      message: `${first.field}: ${first.message}${more > 0 ? ` (and ${more} more: see field_errors)` : ''}`,
      fieldErrors: [...this.#errors],
    })
  }
}
