/**
 * Every FQL v10 query this package sends, in one place. Names (collection, index) are validated
 * identifiers written into the query text; every value is an interpolated argument, so no user data is
 * ever part of the FQL text. The local Fauna server of `@tokenward/testing/fauna` recognises exactly these
 * texts and answers anything else with `invalid_query`, so a change here that it does not know fails the tests.
 */
import { fql, type Query, type QueryValue } from 'fauna';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** FQL reserved words and the system collections a name must not shadow. */
const RESERVED = new Set([
  'at',
  'else',
  'false',
  'if',
  'isa',
  'let',
  'null',
  'true',
  '_',
  'AccessProvider',
  'Collection',
  'Credential',
  'Database',
  'Function',
  'Key',
  'Query',
  'Role',
  'Time',
  'Date',
  'Token',
  'Math',
  'Object',
  'String',
  'Set',
]);

/** Throws a `TypeError` unless `value` is an FQL identifier that can name a collection, index or field. */
export function requireIdentifier(what: string, value: unknown): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value) || RESERVED.has(value)) {
    throw new TypeError(
      `tokenward: fauna: ${what} must be an FQL identifier ([A-Za-z_][A-Za-z0-9_]*, not a reserved word), found ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** Where identity documents live: `collection.index(identifier)` finds one, `identityField` holds the identifier. */
export interface IdentitySchema {
  readonly collection: string;
  readonly index: string;
  readonly identityField: string;
}

/** A value FQL accepts as an argument: plain JSON values. */
export type FqlArgument = string | number | boolean | null | readonly FqlArgument[] | { readonly [key: string]: FqlArgument };

export interface MintResult extends Record<string, QueryValue> {
  readonly id: string;
  readonly created: boolean;
  readonly token: string;
  readonly secret: string;
  readonly ttl: QueryValue;
}

/**
 * Finds the identity document by its identifier or creates it, then creates a token for it, in one
 * transaction. Two transactions that both create hit the collection's unique constraint; the loser is retried once.
 *
 * Written for Fauna's typechecker, which checks every query by default: `.first()` is `A | Null` and an
 * `if/else` does not narrow it, so `if (existing == null) C.create(..) else existing` stays `C | Null` and
 * `doc.id` is refused ("Type `Null` does not have field `id`"). `existing ?? C.create(..)` is `C`; the `!`
 * on `doc!.id` keeps the field access valid even where a schema types the collection more loosely.
 */
export function mintQuery(
  schema: IdentitySchema,
  args: { identifier: string; fields: Record<string, FqlArgument>; ttlSec: number; data: Record<string, FqlArgument> },
): Query<MintResult> {
  const { collection: c, index: i } = schema;
  return fql<MintResult>(
    [
      `let existing = ${c}.${i}(`,
      `).first()\nlet doc = existing ?? ${c}.create(`,
      `)\nlet token = Token.create({ document: doc, ttl: Time.now().add(`,
      `, "seconds"), data: `,
      ` })\n{ id: doc!.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }`,
    ],
    args.identifier,
    args.fields as QueryValue,
    args.ttlSec,
    args.data as QueryValue,
  );
}

/** Deletes the user's tokens (only those with `data.tag == tag` when a tag is given) and answers how many. */
export function revokeQuery(schema: IdentitySchema, args: { identifier: string; tag: string | null }): Query<number> {
  const { collection: c, index: i } = schema;
  return fql<number>(
    [
      `let doc = ${c}.${i}(`,
      `).first()\nlet tag = `,
      `\nlet tokens = if (doc == null) [] else Token.where(t => t.document == doc && (tag == null || t.data?.tag == tag)).toArray()\ntokens.forEach(t => t.delete())\ntokens.length`,
    ],
    args.identifier,
    args.tag,
  );
}

/** Creates the identity collection with its index and unique constraint when it does not exist yet; answers whether it did. */
export function ensureSchemaQuery(schema: IdentitySchema): Query<boolean> {
  const field = `.${schema.identityField}`;
  const definition = {
    name: schema.collection,
    indexes: { [schema.index]: { terms: [{ field, mva: false }] } },
    constraints: [{ unique: [{ field, mva: false }] }],
  };
  return fql<boolean>(
    ['let existing = Collection.byName(', ')\nlet created = if (existing == null) Collection.create(', ') else null\ncreated != null'],
    schema.collection,
    definition,
  );
}

/** Whether the identity collection exists (the claims provider's `warm()`). */
export function schemaExistsQuery(schema: IdentitySchema): Query<boolean> {
  return fql<boolean>(['Collection.byName(', ') != null'], schema.collection);
}

/** An `AccessProvider` as stored: `audience` is set by Fauna. */
export interface StoredAccessProvider extends Record<string, QueryValue> {
  readonly name: string;
  readonly issuer: string;
  readonly jwks_uri: string;
  readonly audience: string;
}

/** Creates the access provider, or replaces it with this definition when it exists. */
export function ensureAccessProviderQuery(
  definition: { readonly name: string } & Record<string, FqlArgument>,
): Query<StoredAccessProvider> {
  return fql<StoredAccessProvider>(
    [
      'let existing = AccessProvider.byName(',
      ')\nlet provider = if (existing == null) AccessProvider.create(',
      ') else existing!.replace(',
      ')\n{ name: provider.name, issuer: provider.issuer, jwks_uri: provider.jwks_uri, audience: provider.audience }',
    ],
    definition.name,
    definition as QueryValue,
    definition as QueryValue,
  );
}

/** Reads an access provider, or `null`. */
export function readAccessProviderQuery(name: string): Query<StoredAccessProvider | null> {
  return fql<StoredAccessProvider | null>(
    [
      'let provider = AccessProvider.byName(',
      ')\nif (provider == null) null else { name: provider!.name, issuer: provider!.issuer, jwks_uri: provider!.jwks_uri, audience: provider!.audience }',
    ],
    name,
  );
}
