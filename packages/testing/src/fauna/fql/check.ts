/**
 * A typechecker following the core's rules for the subset the local Fauna server runs. What matters, and
 * what the core does: `Set.first()`, `byName`, `byId` and `Query.identity()` are `A | Null`; `if/else` and
 * `==` narrow nothing; `a ?? b` is `a` without `Null`, joined with `b`; `a!` removes `Null`; `a.f` on a
 * type with a `Null` member is refused ("Type `Null` does not have field `f`", with the core's hint);
 * `?.` propagates `Null`. Anything this checker does not model is `Any`, which it accepts.
 */
import type { Expr, Span, Statement } from './parse.js';
import { renderSummary, type Hint } from './summary.js';

export type FqlType =
  | { readonly k: 'any' | 'null' | 'int' | 'double' | 'string' | 'boolean' | 'time' | 'object' }
  | { readonly k: 'array' | 'set'; readonly of: FqlType }
  | { readonly k: 'doc'; readonly coll: string }
  | { readonly k: 'module'; readonly name: string }
  | { readonly k: 'fn'; readonly result: (args: readonly FqlType[]) => FqlType }
  | { readonly k: 'union'; readonly of: readonly FqlType[] };

const ANY: FqlType = { k: 'any' };
const NULL: FqlType = { k: 'null' };
const INT: FqlType = { k: 'int' };
const STRING: FqlType = { k: 'string' };
const BOOLEAN: FqlType = { k: 'boolean' };
const TIME: FqlType = { k: 'time' };
const OBJECT: FqlType = { k: 'object' };

export function union(...types: FqlType[]): FqlType {
  const members: FqlType[] = [];
  for (const type of types.flatMap((t) => (t.k === 'union' ? t.of : [t]))) {
    if (type.k === 'any') return ANY;
    if (!members.some((m) => display(m) === display(type))) members.push(type);
  }
  return members.length === 1 ? (members[0] as FqlType) : { k: 'union', of: members };
}

const nullable = (type: FqlType): FqlType => union(type, NULL);

function withoutNull(type: FqlType): FqlType {
  if (type.k === 'null') return { k: 'union', of: [] };
  if (type.k !== 'union') return type;
  return union(...type.of.filter((t) => t.k !== 'null'));
}

function hasNull(type: FqlType): boolean {
  return type.k === 'null' || (type.k === 'union' && type.of.some((t) => t.k === 'null'));
}

export function display(type: FqlType): string {
  switch (type.k) {
    case 'any':
      return 'Any';
    case 'null':
      return 'Null';
    case 'int':
      return 'Int';
    case 'double':
      return 'Double';
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'time':
      return 'Time';
    case 'object':
      return '{ *: Any }';
    case 'array':
      return `Array<${display(type.of)}>`;
    case 'set':
      return `Set<${display(type.of)}>`;
    case 'doc':
      return type.coll;
    case 'module':
      return type.name;
    case 'fn':
      return 'Function';
    case 'union':
      return type.of.length === 0 ? 'Never' : type.of.map(display).join(' | ');
  }
}

/** What the checker knows about the database: user collections and their index names. */
export interface Schema {
  collectionIndexes(name: string): ReadonlySet<string> | undefined;
}

/** A refusal with its rendered `summary`. */
export class FqlTypeError extends Error {
  constructor(
    message: string,
    readonly summary: string,
  ) {
    super(message);
  }
}

const fn = (result: (args: readonly FqlType[]) => FqlType): FqlType => ({ k: 'fn', result });
const elementOf = (type: FqlType | undefined): FqlType => (type !== undefined && (type.k === 'set' || type.k === 'array') ? type.of : ANY);
const SYSTEM = new Set(['Token', 'Collection', 'AccessProvider', 'Key', 'Role', 'Function', 'Credential', 'Database']);

class Checker {
  constructor(
    private readonly text: string,
    private readonly schema: Schema,
    private readonly argTypes: readonly FqlType[],
  ) {}

  private refuse(message: string, span: Span, hint?: Hint): never {
    throw new FqlTypeError(message, renderSummary(this.text, message, span, hint));
  }

  block(body: readonly Statement[], scope: Map<string, FqlType>): FqlType {
    const inner = new Map(scope);
    let last: FqlType = NULL;
    for (const statement of body) {
      if (statement.kind === 'let') {
        inner.set(statement.name, this.expr(statement.value, inner));
        last = NULL;
      } else last = this.expr(statement.expr, inner);
    }
    return last;
  }

  private global(name: string, span: Span): FqlType {
    if (this.schema.collectionIndexes(name) !== undefined) return { k: 'module', name: `${name}Collection` };
    if (SYSTEM.has(name) || name === 'Time' || name === 'Query' || name === 'Math' || name === 'Object' || name === 'String')
      return { k: 'module', name };
    this.refuse(`Unbound variable \`${name}\``, span);
  }

  expr(expr: Expr, scope: Map<string, FqlType>): FqlType {
    switch (expr.kind) {
      case 'literal':
        if (expr.value === null) return NULL;
        if (typeof expr.value === 'number') return Number.isInteger(expr.value) ? INT : { k: 'double' };
        return typeof expr.value === 'string' ? STRING : BOOLEAN;
      case 'arg':
        return this.argTypes[expr.index] ?? ANY;
      case 'ident':
        return scope.get(expr.name) ?? this.global(expr.name, expr.span);
      case 'object':
        for (const [, value] of expr.fields) this.expr(value, scope);
        return OBJECT;
      case 'array':
        return { k: 'array', of: union(...expr.items.map((item) => this.expr(item, scope)), ...(expr.items.length === 0 ? [ANY] : [])) };
      case 'block':
        return this.block(expr.body, scope);
      case 'nonNull':
        return withoutNull(this.expr(expr.target, scope));
      case 'not':
        this.expr(expr.target, scope);
        return BOOLEAN;
      case 'neg':
        return this.number(this.expr(expr.target, scope), expr.target.span);
      case 'if': {
        this.expr(expr.test, scope);
        const then = this.expr(expr.then, scope);
        return expr.otherwise === null ? nullable(then) : union(then, this.expr(expr.otherwise, scope));
      }
      case 'lambda':
        return fn(() => ANY);
      case 'binary':
        return this.binary(expr, scope);
      case 'field':
        return this.field(expr, scope);
      case 'call':
        return this.call(expr, scope);
    }
  }

  private number(type: FqlType, span: Span): FqlType {
    if (type.k === 'int' || type.k === 'double' || type.k === 'any') return type;
    this.refuse(`Type \`${display(type)}\` is not a subtype of \`Number\``, span);
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Map<string, FqlType>): FqlType {
    const left = this.expr(expr.left, scope);
    const right = this.expr(expr.right, scope);
    switch (expr.op) {
      case '??':
        return union(withoutNull(left), right);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%': {
        if (expr.op === '+' && left.k === 'string' && right.k === 'string') return STRING;
        const a = this.number(left, expr.left.span);
        const b = this.number(right, expr.right.span);
        return a.k === 'int' && b.k === 'int' ? INT : a.k === 'any' || b.k === 'any' ? ANY : { k: 'double' };
      }
      default:
        return BOOLEAN;
    }
  }

  private field(expr: Extract<Expr, { kind: 'field' }>, scope: Map<string, FqlType>): FqlType {
    const target = this.expr(expr.target, scope);
    if (hasNull(target) && !expr.optional) {
      this.refuse(`Type \`Null\` does not have field \`${expr.name}\``, expr.nameSpan, {
        message: 'Use the ! or ?. operator to handle the null case',
        at: expr.target.span.end,
        insert: '!',
      });
    }
    const base = expr.optional ? withoutNull(target) : target;
    const members = base.k === 'union' ? base.of : [base];
    const result = union(...members.map((member) => this.member(member, expr.name, expr.nameSpan)));
    return expr.optional && hasNull(target) ? nullable(result) : result;
  }

  /** The type of `member.name`: methods are functions of their argument types. */
  private member(type: FqlType, name: string, span: Span): FqlType {
    switch (type.k) {
      case 'module':
        return this.moduleMember(type.name, name, span);
      case 'doc':
        if (name === 'id') return STRING;
        if (name === 'ts') return TIME;
        if (name === 'coll') return { k: 'module', name: type.coll };
        if (name === 'delete') return fn(() => NULL);
        if (name === 'update' || name === 'replace') return fn(() => type);
        if (type.coll === 'Token' && name === 'secret') return STRING;
        if (type.coll === 'Token' && name === 'ttl') return nullable(TIME);
        return ANY;
      case 'set':
        if (name === 'first') return fn(() => nullable(type.of));
        if (name === 'where' || name === 'take' || name === 'order') return fn(() => type);
        if (name === 'toArray') return fn(() => ({ k: 'array', of: type.of }));
        if (name === 'count') return fn(() => INT);
        if (name === 'isEmpty' || name === 'nonEmpty') return fn(() => BOOLEAN);
        if (name === 'forEach') return fn(() => NULL);
        return fn(() => ANY);
      case 'array':
        if (name === 'length') return INT;
        if (name === 'first' || name === 'last') return fn(() => nullable(type.of));
        if (name === 'where') return fn(() => type);
        if (name === 'forEach') return fn(() => NULL);
        return ANY;
      case 'time':
        if (name === 'add' || name === 'subtract') return fn(() => TIME);
        return ANY;
      case 'string':
        if (name === 'length') return INT;
        return ANY;
      case 'int':
      case 'double':
      case 'boolean':
        return this.refuse(`Type \`${display(type)}\` does not have field \`${name}\``, span);
      default:
        return ANY;
    }
  }

  private moduleMember(module: string, name: string, span: Span): FqlType {
    if (module.endsWith('Collection') && !SYSTEM.has(module)) {
      const coll = module.slice(0, -'Collection'.length);
      const doc: FqlType = { k: 'doc', coll };
      if (this.schema.collectionIndexes(coll)?.has(name) === true || name === 'all' || name === 'where')
        return fn(() => ({ k: 'set', of: doc }));
      if (name === 'create' || name === 'createData') return fn(() => doc);
      if (name === 'byId') return fn(() => nullable(doc));
      if (name === 'definition') return { k: 'doc', coll: 'Collection' };
      this.refuse(`Type \`${module}\` does not have field \`${name}\``, span);
    }
    const doc: FqlType = { k: 'doc', coll: module };
    switch (module) {
      case 'Time':
        if (name === 'now' || name === 'fromString' || name === 'epoch') return fn(() => TIME);
        break;
      case 'Query':
        if (name === 'identity') return fn(() => nullable({ k: 'doc', coll: 'Any' }));
        if (name === 'token') return fn(() => nullable(ANY));
        if (name === 'isEnvTypechecked') return fn(() => BOOLEAN);
        break;
      case 'Token':
        if (name === 'byDocument' || name === 'where' || name === 'all') return fn(() => ({ k: 'set', of: doc }));
        if (name === 'byId') return fn(() => nullable(doc));
        if (name === 'create') return fn(() => doc);
        break;
      default:
        if (!SYSTEM.has(module)) return ANY;
        if (name === 'byName' || name === 'byId') return fn(() => nullable(doc));
        if (name === 'create') return fn(() => doc);
        if (name === 'all' || name === 'where') return fn(() => ({ k: 'set', of: doc }));
    }
    this.refuse(
      `Type \`${module === 'Time' || module === 'Query' || module === 'Math' ? `${module}Module` : `${module}Collection`}\` does not have field \`${name}\``,
      span,
    );
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Map<string, FqlType>): FqlType {
    const callee = this.expr(expr.callee, scope);
    const element = expr.callee.kind === 'field' ? elementOf(withoutNull(this.expr(expr.callee.target, scope))) : ANY;
    const args = expr.args.map((arg) => {
      if (arg.kind !== 'lambda') return this.expr(arg, scope);
      const inner = new Map(scope);
      for (const param of arg.params) inner.set(param, element);
      this.expr(arg.body, inner);
      return fn(() => ANY);
    });
    if (hasNull(callee)) this.refuse('Type `Null` is not callable', expr.callee.span);
    if (callee.k === 'fn') return callee.result(args);
    if (callee.k === 'any') return ANY;
    this.refuse(`Type \`${display(callee)}\` is not callable`, expr.callee.span);
  }
}

/** The static type of an argument value as the driver sent it. */
export function typeOfValue(value: unknown): FqlType {
  if (value === null) return NULL;
  if (typeof value === 'string') return STRING;
  if (typeof value === 'boolean') return BOOLEAN;
  if (typeof value === 'number') return Number.isInteger(value) ? INT : { k: 'double' };
  if (Array.isArray(value)) return { k: 'array', of: ANY };
  return ANY;
}

/** Typechecks a parsed query; throws `FqlTypeError` for what the core refuses, answers the query's type. */
export function typecheckQuery(text: string, query: Expr, schema: Schema, args: readonly unknown[]): FqlType {
  return new Checker(text, schema, args.map(typeOfValue)).expr(query, new Map());
}
