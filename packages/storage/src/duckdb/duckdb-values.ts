import {
  DOUBLE,
  DuckDBTimestampValue,
  DuckDBTypeId,
  JSDuckDBValueConverter,
  LIST,
  listValue,
  type DuckDBAppender,
  type DuckDBType,
  type DuckDBValue,
  type DuckDBValueConverter,
  type JS,
} from '@duckdb/node-api'
import type { RowValue } from '../columns.js'

type CellAppender = (value: RowValue) => void

/**
 * Returns a function appending rows (values in table column order) through `appender`. The
 * conversion per column is chosen once from the table's column types, not per value. Integers
 * arrive as JS numbers and are truncated, so one odd float cannot fail a whole batch.
 */
export function makeDuckDbRowAppender(
  appender: DuckDBAppender,
): (rows: readonly RowValue[][]) => void {
  const cells: CellAppender[] = []
  for (let i = 0; i < appender.columnCount; i++)
    cells.push(makeCellAppender(appender, appender.columnType(i)))
  return (rows) => {
    for (const row of rows) {
      for (let i = 0; i < cells.length; i++) {
        const value = row[i]
        if (value === null || value === undefined) appender.appendNull()
        else cells[i]!(value)
      }
      appender.endRow()
    }
  }
}

function makeCellAppender(appender: DuckDBAppender, type: DuckDBType): CellAppender {
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return (value) => appender.appendVarchar(value as string)
    case DuckDBTypeId.INTEGER:
      return (value) => {
        const n = value as number
        if (Number.isFinite(n)) appender.appendInteger(Math.trunc(n))
        else appender.appendNull()
      }
    case DuckDBTypeId.BIGINT:
      return (value) => {
        const n = value as number
        if (Number.isFinite(n)) appender.appendBigInt(BigInt(Math.trunc(n)))
        else appender.appendNull()
      }
    case DuckDBTypeId.DOUBLE:
      // NaN and ±Infinity are not measurements: stored as null (unknown).
      return (value) => {
        const n = value as number
        if (Number.isFinite(n)) appender.appendDouble(n)
        else appender.appendNull()
      }
    case DuckDBTypeId.BOOLEAN:
      return (value) => appender.appendBoolean(value as boolean)
    case DuckDBTypeId.TIMESTAMP:
      return (value) => {
        const n = value as number
        if (Number.isFinite(n)) appender.appendTimestamp(microsToTimestamp(n))
        else appender.appendNull()
      }
    case DuckDBTypeId.LIST: {
      const toItem = listItemConverter(type.valueType)
      return (value) =>
        appender.appendList((value as readonly (string | number)[]).map(toItem), type)
    }
    default:
      throw new Error(`no appender for DuckDB column type ${type.toString()}`)
  }
}

function listItemConverter(type: DuckDBType): (item: string | number) => DuckDBValue {
  if (type.typeId === DuckDBTypeId.BIGINT) return (item) => BigInt(Math.trunc(Number(item)))
  return (item) => item
}

function microsToTimestamp(micros: number): DuckDBTimestampValue {
  return new DuckDBTimestampValue(BigInt(Math.trunc(micros)))
}

/** Parameters as DuckDB values; lists become LIST values. */
export function toDuckDbParams(params: readonly RowValue[]): DuckDBValue[] {
  return params.map((value) => (Array.isArray(value) ? listValue(value) : (value as DuckDBValue)))
}

/**
 * The types to bind `params` with: numeric lists as DOUBLE[], whole numbers beyond BIGINT as
 * DOUBLE, the rest inferred. The node API types a list by its first item, so `[0, 1.5]` would
 * bind as INTEGER[] and fail on 1.5; and it binds a whole number as BIGINT, so a filter value
 * such as `1e30` failed with "bigint out of int64 range".
 */
export function duckDbParamTypes(params: readonly RowValue[]): DuckDBType[] {
  const types = params.map((value) =>
    Array.isArray(value) && typeof value[0] === 'number'
      ? LIST(DOUBLE)
      : typeof value === 'number' && Math.abs(value) >= 2 ** 63
        ? DOUBLE
        : undefined,
  )
  // An undefined entry is inferred from its value (DuckDBPreparedStatement.bind); the
  // declared parameter type does not say so.
  return types as DuckDBType[]
}

/**
 * Result values as the engine-neutral shapes of columns.ts: timestamps as microseconds,
 * 64/128-bit integers (counts, sums) as numbers, everything else as the default JS value.
 */
export const duckDbResultConverter: DuckDBValueConverter<JS> = (value, type, converter) => {
  if (value === null) return null
  switch (type.typeId) {
    case DuckDBTypeId.TIMESTAMP:
      return Number((value as DuckDBTimestampValue).micros)
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return Number(value)
    default:
      return JSDuckDBValueConverter(value, type, converter)
  }
}
