/**
 * The core's validation step before a query runs: parse, then typecheck unless turned off (the
 * `x-typecheck` header, else the database's setting). Either refusal is 400 `invalid_query`,
 * "The query failed 1 validation check", with the error rendered in `summary`.
 */
import { typecheckQuery, FqlTypeError, type Schema } from './check.js';
import { FqlSyntaxError, parseQuery, type Expr } from './parse.js';
import { renderSummary } from './summary.js';

export type Validation = { readonly ok: true; readonly query: Expr } | { readonly ok: false; readonly summary: string };

export const VALIDATION_FAILED = 'The query failed 1 validation check';

export function validateQuery(source: string, args: readonly unknown[], schema: Schema, typecheck: boolean): Validation {
  let query: Expr;
  try {
    query = parseQuery(source);
  } catch (error) {
    if (error instanceof FqlSyntaxError) return { ok: false, summary: renderSummary(source, error.message, error.span) };
    throw error;
  }
  if (!typecheck) return { ok: true, query };
  try {
    typecheckQuery(source, query, schema, args);
  } catch (error) {
    if (error instanceof FqlTypeError) return { ok: false, summary: error.summary };
    throw error;
  }
  return { ok: true, query };
}

/**
 * `x-typecheck` as the core reads it: `true` or `false` overrides the database's setting; any other value
 * is refused (`invalid_request`). Absent: the database's setting.
 */
export function typecheckSetting(header: string | string[] | undefined, database: boolean): boolean | 'invalid' {
  if (header === undefined) return database;
  if (header === 'true') return true;
  if (header === 'false') return false;
  return 'invalid';
}
