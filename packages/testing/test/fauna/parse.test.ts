/** The FQL parser of the local Fauna: the shapes it builds and the queries it refuses. */
import { describe, expect, it } from 'vitest';
import { FqlSyntaxError, parseQuery, type Expr } from '../../src/fauna/fql/parse.js';

/** The single expression of a one-statement query. */
function only(text: string): Expr {
  const query = parseQuery(text);
  if (query.kind !== 'block' || query.body.length !== 1 || query.body[0]?.kind !== 'expr') throw new Error('expected one expression');
  return query.body[0].expr;
}

describe('parseQuery', () => {
  it('reads a query of lets and a final expression as one block', () => {
    const query = parseQuery('let a = 1\nlet b = a\nb');
    expect(query.kind === 'block' && query.body.map((s) => s.kind)).toEqual(['let', 'let', 'expr']);
  });

  it('gives `??` the lowest precedence and `*` more than `+`', () => {
    const expr = only('a ?? 1 + 2 * 3');
    expect(expr).toMatchObject({ kind: 'binary', op: '??', right: { kind: 'binary', op: '+', right: { kind: 'binary', op: '*' } } });
  });

  it('reads `{ a: 1 }` as an object and `{ let x = 1; x }` as a block', () => {
    expect(only('{ a: 1, "b c": 2 }')).toMatchObject({
      kind: 'object',
      fields: [
        ['a', { value: 1 }],
        ['b c', { value: 2 }],
      ],
    });
    expect(only('{ let x = 1; x }')).toMatchObject({ kind: 'block' });
  });

  it('reads a postfix `!` as a non-null assertion and a prefix `!` as not', () => {
    expect(only('doc!.id')).toMatchObject({
      kind: 'field',
      name: 'id',
      target: { kind: 'nonNull', target: { kind: 'ident', name: 'doc' } },
    });
    expect(only('!a')).toMatchObject({ kind: 'not' });
  });

  it('reads method calls, optional chaining and lambdas', () => {
    expect(only('Token.where(t => t.data?.tag == tag)')).toMatchObject({
      kind: 'call',
      callee: { kind: 'field', name: 'where' },
      args: [{ kind: 'lambda', params: ['t'], body: { kind: 'binary', op: '==', left: { kind: 'field', name: 'tag', optional: true } } }],
    });
  });

  it('reads `if` without `else`, and `$n` as an interpolated argument', () => {
    expect(only('if ($0 == null) $1')).toMatchObject({
      kind: 'if',
      test: { left: { kind: 'arg', index: 0 } },
      then: { kind: 'arg', index: 1 },
      otherwise: null,
    });
  });

  it('refuses an unclosed brace at the end of the query', () => {
    expect(() => parseQuery('{ x ')).toThrow(new FqlSyntaxError('Expected `}`, found end of query', { start: 4, end: 4 }));
  });

  it('refuses a block that ends with a let', () => {
    expect(() => parseQuery('{ let x = 5 }')).toThrow(FqlSyntaxError);
  });

  it('refuses an unterminated string and an unknown character, pointing at them', () => {
    expect(() => parseQuery('"abc')).toThrow(/Unterminated string literal/);
    expect(() => parseQuery('1 # 2')).toThrow(/Unexpected character `#`/);
  });
});
