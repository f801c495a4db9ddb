/**
 * Evaluates the pure part of the subset: literals, arguments, objects, arrays, `let` and blocks, `if/else`,
 * `??`, `!`, `&&`/`||`, comparisons, arithmetic (Int stays Int: `7 / 2` is `3`), field access on objects
 * and `.length`. Anything touching the store (collections, tokens, `Time`, `Query`) is not evaluated here:
 * `NotEvaluable` says so, and the server answers it as before.
 */
import type { Expr, Statement } from './parse.js';
import { FaunaDoc, FaunaModule, FaunaRef, FaunaTime, type FaunaValue } from '../wire.js';

export class NotEvaluable extends Error {}

type Scope = ReadonlyMap<string, FaunaValue>;

function isObject(value: FaunaValue): value is { readonly [key: string]: FaunaValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof FaunaTime || value instanceof FaunaModule || value instanceof FaunaDoc || value instanceof FaunaRef)
  );
}

function equal(a: FaunaValue, b: FaunaValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => equal(item, b[i] as FaunaValue));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && equal(a[key] as FaunaValue, b[key] as FaunaValue));
  }
  return false;
}

function arithmetic(op: string, a: FaunaValue, b: FaunaValue): FaunaValue {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (typeof a !== 'number' || typeof b !== 'number') throw new NotEvaluable(`${op} needs numbers`);
  const ints = Number.isInteger(a) && Number.isInteger(b);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (ints && b === 0) throw new NotEvaluable('division by zero');
      return ints ? Math.trunc(a / b) : a / b;
    default:
      if (ints && b === 0) throw new NotEvaluable('division by zero');
      return a % b;
  }
}

function compare(op: string, a: FaunaValue, b: FaunaValue): boolean {
  if (!((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')))
    throw new NotEvaluable(`${op} needs two numbers or two strings`);
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function block(body: readonly Statement[], scope: Scope, args: readonly FaunaValue[]): FaunaValue {
  const inner = new Map(scope);
  let last: FaunaValue = null;
  for (const statement of body) {
    if (statement.kind === 'let') {
      inner.set(statement.name, evaluate(statement.value, inner, args));
      last = null;
    } else last = evaluate(statement.expr, inner, args);
  }
  return last;
}

export function evaluate(expr: Expr, scope: Scope, args: readonly FaunaValue[]): FaunaValue {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'arg':
      return args[expr.index] ?? null;
    case 'ident': {
      const value = scope.get(expr.name);
      if (value === undefined) throw new NotEvaluable(`${expr.name} is not a local value`);
      return value;
    }
    case 'object':
      return Object.fromEntries(expr.fields.map(([key, value]) => [key, evaluate(value, scope, args)]));
    case 'array':
      return expr.items.map((item) => evaluate(item, scope, args));
    case 'block':
      return block(expr.body, scope, args);
    case 'nonNull': {
      const value = evaluate(expr.target, scope, args);
      if (value === null) throw new NotEvaluable('null asserted non-null');
      return value;
    }
    case 'not': {
      const value = evaluate(expr.target, scope, args);
      if (typeof value !== 'boolean') throw new NotEvaluable('! needs a Boolean');
      return !value;
    }
    case 'neg': {
      const value = evaluate(expr.target, scope, args);
      if (typeof value !== 'number') throw new NotEvaluable('- needs a number');
      return -value;
    }
    case 'if': {
      const test = evaluate(expr.test, scope, args);
      if (typeof test !== 'boolean') throw new NotEvaluable('if needs a Boolean');
      if (test) return evaluate(expr.then, scope, args);
      return expr.otherwise === null ? null : evaluate(expr.otherwise, scope, args);
    }
    case 'binary': {
      const left = evaluate(expr.left, scope, args);
      if (expr.op === '??') return left ?? evaluate(expr.right, scope, args);
      if (expr.op === '&&' || expr.op === '||') {
        if (typeof left !== 'boolean') throw new NotEvaluable(`${expr.op} needs Booleans`);
        if (left === (expr.op === '||')) return left;
        const right = evaluate(expr.right, scope, args);
        if (typeof right !== 'boolean') throw new NotEvaluable(`${expr.op} needs Booleans`);
        return right;
      }
      const right = evaluate(expr.right, scope, args);
      if (expr.op === '==') return equal(left, right);
      if (expr.op === '!=') return !equal(left, right);
      if (expr.op === '<' || expr.op === '<=' || expr.op === '>' || expr.op === '>=') return compare(expr.op, left, right);
      return arithmetic(expr.op, left, right);
    }
    case 'field': {
      const target = evaluate(expr.target, scope, args);
      if (target === null && expr.optional) return null;
      if ((typeof target === 'string' || Array.isArray(target)) && expr.name === 'length') return target.length;
      if (target !== null && isObject(target)) return target[expr.name] ?? null;
      throw new NotEvaluable(`.${expr.name} is not evaluated here`);
    }
    case 'call':
    case 'lambda':
      throw new NotEvaluable('calls touch the store');
  }
}
