/**
 * A parser for the FQL v10 subset the local Fauna server runs: `let`, blocks, object and array literals,
 * field access (`.f`, `?.f`), calls, `!` (non-null assertion), `if/else`, lambdas, `??`, `||`, `&&`,
 * `==`/`!=`, comparisons, arithmetic, literals and interpolated arguments (`$n` in the decoded text).
 * Spans are offsets into the query text, so errors can point where the core's do.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Expr =
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly span: Span }
  | { readonly kind: 'arg'; readonly index: number; readonly span: Span }
  | { readonly kind: 'ident'; readonly name: string; readonly span: Span }
  | { readonly kind: 'object'; readonly fields: readonly (readonly [string, Expr])[]; readonly span: Span }
  | { readonly kind: 'array'; readonly items: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'block'; readonly body: readonly Statement[]; readonly span: Span }
  | {
      readonly kind: 'field';
      readonly target: Expr;
      readonly name: string;
      readonly optional: boolean;
      readonly nameSpan: Span;
      readonly span: Span;
    }
  | { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[]; readonly span: Span }
  | { readonly kind: 'nonNull'; readonly target: Expr; readonly span: Span }
  | { readonly kind: 'not'; readonly target: Expr; readonly span: Span }
  | { readonly kind: 'neg'; readonly target: Expr; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr; readonly span: Span }
  | { readonly kind: 'if'; readonly test: Expr; readonly then: Expr; readonly otherwise: Expr | null; readonly span: Span }
  | { readonly kind: 'lambda'; readonly params: readonly string[]; readonly body: Expr; readonly span: Span };

export type BinaryOp = '??' | '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

export type Statement =
  | { readonly kind: 'let'; readonly name: string; readonly value: Expr; readonly span: Span }
  | { readonly kind: 'expr'; readonly expr: Expr };

/** A query the parser refuses: the core answers these as `invalid_query` with the message at `span`. */
export class FqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

type TokenKind = 'ident' | 'number' | 'string' | 'arg' | 'punct' | 'eof';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly value?: string | number;
  readonly span: Span;
}

const PUNCTS = [
  ';',
  '?.',
  '??',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '=>',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ',',
  ':',
  '.',
  '!',
  '=',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
];
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', '#': '#' };

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] ?? '';
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i += 1;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (/[A-Za-z0-9_]/.test(text[i] ?? '')) i += 1;
      tokens.push({ kind: 'ident', text: text.slice(start, i), span: { start, end: i } });
    } else if (/[0-9]/.test(c)) {
      while (/[0-9_]/.test(text[i] ?? '')) i += 1;
      if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
        i += 1;
        while (/[0-9_]/.test(text[i] ?? '')) i += 1;
      }
      const raw = text.slice(start, i);
      tokens.push({ kind: 'number', text: raw, value: Number(raw.replaceAll('_', '')), span: { start, end: i } });
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      i += 1;
      while (/[0-9]/.test(text[i] ?? '')) i += 1;
      tokens.push({ kind: 'arg', text: text.slice(start, i), value: Number(text.slice(start + 1, i)), span: { start, end: i } });
    } else if (c === '"' || c === "'") {
      i += 1;
      let value = '';
      for (;;) {
        const ch = text[i];
        if (ch === undefined) throw new FqlSyntaxError('Unterminated string literal', { start, end: i });
        if (ch === c) break;
        if (ch === '\\') {
          const escaped = ESCAPES[text[i + 1] ?? ''];
          if (escaped === undefined) throw new FqlSyntaxError('Invalid escape sequence', { start: i, end: i + 2 });
          value += escaped;
          i += 2;
        } else {
          value += ch;
          i += 1;
        }
      }
      i += 1;
      tokens.push({ kind: 'string', text: text.slice(start, i), value, span: { start, end: i } });
    } else {
      const punct = PUNCTS.find((p) => text.startsWith(p, i));
      if (punct === undefined) throw new FqlSyntaxError(`Unexpected character \`${c}\``, { start, end: start + 1 });
      i += punct.length;
      tokens.push({ kind: 'punct', text: punct, span: { start, end: i } });
    }
  }
  tokens.push({ kind: 'eof', text: '', span: { start: text.length, end: text.length } });
  return tokens;
}

const KEYWORDS = new Set(['let', 'if', 'else', 'true', 'false', 'null', 'at', 'isa']);
const LEVELS: readonly (readonly BinaryOp[])[] = [
  ['??'],
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

class Parser {
  private at = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly text: string,
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.at += 1;
    return token;
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return (token.kind === 'punct' || token.kind === 'ident') && token.text === text;
  }

  private expect(text: string): Token {
    if (!this.is(text)) this.fail(`Expected \`${text}\``);
    return this.next();
  }

  private fail(expected: string): never {
    const token = this.peek();
    const found = token.kind === 'eof' ? 'end of query' : `\`${token.text}\``;
    throw new FqlSyntaxError(`${expected}, found ${found}`, token.span);
  }

  /** A newline between two tokens ends a statement: `a\n(b)` is two statements, as in the core. */
  private newlineBefore(token: Token): boolean {
    const previous = this.tokens[this.at - 1];
    return previous !== undefined && this.text.slice(previous.span.end, token.span.start).includes('\n');
  }

  query(): Expr {
    const start = this.peek().span.start;
    const body = this.statements('eof');
    return { kind: 'block', body, span: { start, end: this.text.length } };
  }

  private statements(until: 'eof' | '}'): Statement[] {
    const body: Statement[] = [];
    while (!(until === 'eof' ? this.peek().kind === 'eof' : this.is('}'))) {
      if (this.peek().kind === 'eof') this.fail('Expected `}`');
      if (this.is('let')) {
        const start = this.next().span.start;
        const name = this.peek();
        if (name.kind !== 'ident' || KEYWORDS.has(name.text)) this.fail('Expected an identifier');
        this.next();
        this.expect('=');
        const value = this.expression();
        body.push({ kind: 'let', name: name.text, value, span: { start, end: value.span.end } });
      } else {
        body.push({ kind: 'expr', expr: this.expression() });
      }
      if (this.is(';')) this.next();
    }
    const last = body.at(-1);
    if (last === undefined) this.fail('Expected an expression');
    if (last.kind === 'let') throw new FqlSyntaxError('Expected an expression after `let`: a block must end with an expression', last.span);
    return body;
  }

  expression(): Expr {
    if (this.isLambda()) return this.lambda();
    if (this.is('if')) return this.ifExpr();
    return this.binary(0);
  }

  private isLambda(): boolean {
    if (this.peek().kind === 'ident' && this.is('=>', 1)) return true;
    if (!this.is('(')) return false;
    let depth = 0;
    for (let offset = 0; ; offset += 1) {
      const token = this.peek(offset);
      if (token.kind === 'eof') return false;
      if (this.is('(', offset)) depth += 1;
      if (this.is(')', offset)) {
        depth -= 1;
        if (depth === 0) return this.is('=>', offset + 1);
      }
    }
  }

  private lambda(): Expr {
    const start = this.peek().span.start;
    const params: string[] = [];
    if (this.is('(')) {
      this.next();
      while (!this.is(')')) {
        const param = this.next();
        if (param.kind !== 'ident') throw new FqlSyntaxError('Expected a parameter name', param.span);
        params.push(param.text);
        if (!this.is(')')) this.expect(',');
      }
      this.next();
    } else {
      params.push(this.next().text);
    }
    this.expect('=>');
    const body = this.expression();
    return { kind: 'lambda', params, body, span: { start, end: body.span.end } };
  }

  private ifExpr(): Expr {
    const start = this.next().span.start;
    this.expect('(');
    const test = this.expression();
    this.expect(')');
    const then = this.expression();
    let otherwise: Expr | null = null;
    if (this.is('else')) {
      this.next();
      otherwise = this.expression();
    }
    return { kind: 'if', test, then, otherwise, span: { start, end: (otherwise ?? then).span.end } };
  }

  private binary(level: number): Expr {
    const ops = LEVELS[level];
    if (ops === undefined) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      const op = ops.find((candidate) => token.kind === 'punct' && token.text === candidate);
      if (op === undefined) return left;
      this.next();
      const right = this.is('if') ? this.ifExpr() : this.binary(level + 1);
      left = { kind: 'binary', op, left, right, span: { start: left.span.start, end: right.span.end } };
    }
  }

  private unary(): Expr {
    if (this.is('!') || this.is('-')) {
      const op = this.next();
      const target = this.unary();
      return { kind: op.text === '!' ? 'not' : 'neg', target, span: { start: op.span.start, end: target.span.end } };
    }
    return this.postfix(this.primary());
  }

  private postfix(initial: Expr): Expr {
    let expr = initial;
    for (;;) {
      const token = this.peek();
      if (this.is('.') || this.is('?.')) {
        this.next();
        const name = this.next();
        if (name.kind !== 'ident') throw new FqlSyntaxError('Expected a field name', name.span);
        expr = {
          kind: 'field',
          target: expr,
          name: name.text,
          optional: token.text === '?.',
          nameSpan: name.span,
          span: { start: expr.span.start, end: name.span.end },
        };
      } else if (this.is('(') && !this.newlineBefore(token)) {
        this.next();
        const args = this.list(')');
        expr = {
          kind: 'call',
          callee: expr,
          args,
          span: { start: expr.span.start, end: this.tokens[this.at - 1]?.span.end ?? token.span.end },
        };
      } else if (this.is('!') && !this.newlineBefore(token)) {
        this.next();
        expr = { kind: 'nonNull', target: expr, span: { start: expr.span.start, end: token.span.end } };
      } else {
        return expr;
      }
    }
  }

  private list(close: string): Expr[] {
    const items: Expr[] = [];
    while (!this.is(close)) {
      items.push(this.expression());
      if (!this.is(close)) this.expect(',');
    }
    this.next();
    return items;
  }

  private primary(): Expr {
    const token = this.peek();
    const span = token.span;
    if (token.kind === 'number') return (this.next(), { kind: 'literal', value: token.value as number, span });
    if (token.kind === 'string') return (this.next(), { kind: 'literal', value: token.value as string, span });
    if (token.kind === 'arg') return (this.next(), { kind: 'arg', index: token.value as number, span });
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') return (this.next(), { kind: 'literal', value: token.text === 'true', span });
      if (token.text === 'null') return (this.next(), { kind: 'literal', value: null, span });
      if (KEYWORDS.has(token.text)) this.fail('Expected an expression');
      this.next();
      return { kind: 'ident', name: token.text, span };
    }
    if (this.is('(')) {
      this.next();
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (this.is('[')) {
      this.next();
      const items = this.list(']');
      return { kind: 'array', items, span: { start: span.start, end: this.tokens[this.at - 1]?.span.end ?? span.end } };
    }
    if (this.is('{')) return this.braces();
    this.fail('Expected an expression');
  }

  /** `{` opens an object when it is empty or its first entry is `name:`; otherwise a block. */
  private braces(): Expr {
    const start = this.next().span.start;
    const first = this.peek();
    if (this.is('}') || ((first.kind === 'ident' || first.kind === 'string') && this.is(':', 1))) {
      const fields: [string, Expr][] = [];
      while (!this.is('}')) {
        const key = this.next();
        if (key.kind !== 'ident' && key.kind !== 'string') throw new FqlSyntaxError('Expected a field name', key.span);
        this.expect(':');
        fields.push([key.kind === 'string' ? (key.value as string) : key.text, this.expression()]);
        if (!this.is('}')) this.expect(',');
      }
      return { kind: 'object', fields, span: { start, end: this.next().span.end } };
    }
    const body = this.statements('}');
    return { kind: 'block', body, span: { start, end: this.next().span.end } };
  }
}

/** Parses a query's text (arguments as `$n`) into one block expression, or throws `FqlSyntaxError`. */
export function parseQuery(text: string): Expr {
  return new Parser(lex(text), text).query();
}
