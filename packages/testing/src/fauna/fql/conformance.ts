/**
 * The local Fauna's conformance table: query texts with the answer the core gives, each with where that
 * expectation comes from (a file and test of the open core `fauna/faunadb`, or `@tokenward/fauna` itself).
 * `test/fauna/conformance.test.ts` sends every case to the server over HTTP/2 and checks the answer.
 *
 * A query is an array of text fragments; `$n` between fragments are the interpolated arguments in `args`,
 * as the driver's `fql` template sends them. Cases run against a database with the collections
 * `Customer` (index `byIdentity` on `identity`, unique) and `User` (index `byName` on `name`).
 */

export interface ConformanceCase {
  readonly name: string;
  readonly fql: readonly string[];
  /** Tagged wire values, one per gap between fragments. */
  readonly args?: readonly unknown[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly expect:
    | { readonly status: 200; readonly data: unknown }
    /** `data` known by shape only: each field's kind (`time` is a tagged `@time`). */
    | { readonly status: 200; readonly dataShape: Readonly<Record<string, 'string' | 'boolean' | 'time'>> }
    | {
        readonly status: number;
        readonly code: string;
        readonly message?: string;
        readonly summary?: string;
        readonly summaryStartsWith?: string;
      };
  readonly source: string;
}

const FAILED_CHECK = 'The query failed 1 validation check';

export const CONFORMANCE: readonly ConformanceCase[] = [
  {
    name: 'the mint @tokenward/fauna sends runs: `??` removes Null from `.first()`, `doc!.id` asserts',
    fql: [
      'let existing = Customer.byIdentity(',
      ').first()\nlet doc = existing ?? Customer.create(',
      ')\nlet token = Token.create({ document: doc, ttl: Time.now().add(',
      ', "seconds"), data: ',
      ' })\n{ id: doc!.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }',
    ],
    args: ['conformance-ada', { identity: 'conformance-ada' }, { '@int': '60' }, { tag: 't' }],
    expect: { status: 200, dataShape: { id: 'string', created: 'boolean', token: 'string', secret: 'string', ttl: 'time' } },
    source:
      'packages/fauna/src/fql.ts mintQuery; core ext/fql/shared/src/main/scala/typer/TyperExprs.scala (`??` is Diff(lhs, Null) joined with rhs)',
  },
  {
    name: 'the mint sent before (if/else does not narrow `.first()`): refused, Type `Null` does not have field `id`',
    fql: [
      'let existing = Customer.byIdentity(',
      ').first()\nlet doc = if (existing == null) Customer.create(',
      ') else existing\nlet token = Token.create({ document: doc, ttl: Time.now().add(',
      ', "seconds"), data: ',
      ' })\n{ id: doc.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }',
    ],
    args: ['conformance-old', { identity: 'conformance-old' }, { '@int': '60' }, { tag: 't' }],
    expect: {
      status: 400,
      code: 'invalid_query',
      message: FAILED_CHECK,
      summaryStartsWith: 'error: Type `Null` does not have field `id`\nat *query*:4:11\n',
    },
    source:
      'core ext/fql/shared/src/test/scala/typer/TyperCoreSpec.scala "typecheck documents" (byId(..).name) and "suggest bang operator in the right place" (if/else keeps Null)',
  },
  {
    name: 'field access on a nullable document: the full summary with the `!` hint',
    fql: ["User.byId('1234').name"],
    expect: {
      status: 400,
      code: 'invalid_query',
      message: FAILED_CHECK,
      summary: [
        'error: Type `Null` does not have field `name`',
        'at *query*:1:19',
        '  |',
        "1 | User.byId('1234').name",
        '  |                   ^^^^',
        '  |',
        'hint: Use the ! or ?. operator to handle the null case',
        '  |',
        "1 | User.byId('1234')!.name",
        '  |                  +',
        '  |',
      ].join('\n'),
    },
    source: 'core ext/fql/shared/src/test/scala/typer/TyperCoreSpec.scala "typecheck documents"',
  },
  {
    name: '`==` does not narrow: `if (d == null) null else d.id` is refused',
    fql: ['let d = User.byName(', ').first()\nif (d == null) null else d.id'],
    args: ['ada'],
    expect: {
      status: 400,
      code: 'invalid_query',
      message: FAILED_CHECK,
      summaryStartsWith: 'error: Type `Null` does not have field `id`\nat *query*:2:28\n',
    },
    source:
      'core ext/fql/shared/src/test/scala/typer/TyperCoreSpec.scala (no flow typing: `let a = if (true) 3 else null` then `a.foo` refused)',
  },
  {
    name: '`Query.identity()` is a nullable document',
    fql: ['Query.identity().id'],
    expect: { status: 400, code: 'invalid_query', message: FAILED_CHECK, summaryStartsWith: 'error: Type `Null` does not have field `id`' },
    source: 'core ext/model/src/main/scala/runtime/fql2/stdlib/Query.scala (identity: tt.Optional(tt.AnyDoc))',
  },
  {
    name: '`1 + 1` answers 2 (arithmetic is in the subset)',
    fql: ['1 + 1'],
    expect: { status: 200, data: { '@int': '2' } },
    source: 'FQL v10 arithmetic; core ext/fql/shared/src/main/scala/parser/ExprParser.scala (ExprOpPrecedences)',
  },
  {
    name: 'Int arithmetic with precedence and `??` lowest: `null ?? 2 + 3 * 4` is 14',
    fql: ['null ?? 2 + 3 * 4'],
    expect: { status: 200, data: { '@int': '14' } },
    source: 'core ext/fql/shared/src/main/scala/parser/ExprParser.scala (ExprOpPrecedences: ?? lowest, * above +)',
  },
  {
    name: 'a String added to a number is refused by the typechecker',
    fql: ['2 + "a"'],
    expect: {
      status: 400,
      code: 'invalid_query',
      message: FAILED_CHECK,
      summary: ['error: Type `String` is not a subtype of `Number`', 'at *query*:1:5', '  |', '1 | 2 + "a"', '  |     ^^^', '  |'].join(
        '\n',
      ),
    },
    source: 'core ext/api/src/test/scala/fql2/FQL2UserFunctionSpec.scala (expected summary for `2 + "a"`)',
  },
  {
    name: 'string length',
    fql: ["'foo'.length"],
    expect: { status: 200, data: { '@int': '3' } },
    source: 'core ext/api/src/test/scala/fql2/FQL2BasicSpec.scala "can run queries"',
  },
  {
    name: 'an object literal with a field access',
    fql: ["{ len: 'foo'.length }"],
    expect: { status: 200, data: { len: { '@int': '3' } } },
    source: 'core ext/api/src/test/scala/fql2/FQL2BasicSpec.scala "can run queries2"',
  },
  {
    name: 'a syntax error is invalid_query',
    fql: ['{ x '],
    expect: { status: 400, code: 'invalid_query', message: FAILED_CHECK },
    source: 'core ext/api/src/test/scala/fql2/FQL2BasicSpec.scala "returns invalid_syntax when parsing the query fails"',
  },
  {
    name: 'a block that ends with `let` is invalid_query',
    fql: ['{ let x = 5 }'],
    expect: { status: 400, code: 'invalid_query', message: FAILED_CHECK },
    source: 'core ext/api/src/test/scala/fql2/FQL2BasicSpec.scala "fails no return"',
  },
  {
    name: 'x-typecheck: false runs a query',
    fql: ['1'],
    headers: { 'x-typecheck': 'false' },
    expect: { status: 200, data: { '@int': '1' } },
    source: 'core ext/api/src/test/scala/fql2/FQL2ProtocolSpec.scala "can set typecheck with headers"',
  },
  {
    name: 'x-typecheck: true runs a query',
    fql: ['1'],
    headers: { 'x-typecheck': 'true' },
    expect: { status: 200, data: { '@int': '1' } },
    source: 'core ext/api/src/test/scala/fql2/FQL2ProtocolSpec.scala "can set typecheck with headers"',
  },
  {
    name: 'x-typecheck other than true/false is refused',
    fql: ['1'],
    headers: { 'x-typecheck': 'foo' },
    expect: { status: 400, code: 'invalid_request' },
    source:
      'core ext/api/src/test/scala/fql2/FQL2ProtocolSpec.scala "can set typecheck with headers" (queryErr; the code is this server\'s choice, the test asserts only an error)',
  },
  {
    name: 'x-typecheck: false skips the typechecker: a branch never taken may access a nullable field',
    fql: ["if (false) User.byId('1234').name else 7"],
    headers: { 'x-typecheck': 'false' },
    expect: { status: 200, data: { '@int': '7' } },
    source:
      'core ext/api/src/test/scala/fql2/FQL2ProtocolSpec.scala "can set typecheck with headers" (typecheck off: only the runtime decides)',
  },
  {
    name: 'the same query typechecked is refused',
    fql: ["if (false) User.byId('1234').name else 7"],
    expect: {
      status: 400,
      code: 'invalid_query',
      message: FAILED_CHECK,
      summaryStartsWith: 'error: Type `Null` does not have field `name`\nat *query*:1:30\n',
    },
    source: 'core ext/fql/shared/src/test/scala/typer/TyperCoreSpec.scala "typecheck documents"',
  },
  {
    name: 'an unknown name is refused: Unbound variable',
    fql: ['Nope.all()'],
    expect: { status: 400, code: 'invalid_query', message: FAILED_CHECK, summaryStartsWith: 'error: Unbound variable `Nope`' },
    source: 'core ext/api/src/test/scala/fql2/FQL2BasicSpec.scala (message "Unbound variable `x`")',
  },
];
