/**
 * The database behind the local Fauna server: identity collections with an index and a unique
 * constraint, tokens with TTLs, access providers — and the exact FQL statements `@tokenward/fauna` sends.
 * Anything else is `invalid_query`, as an unknown function would be for the real service, so the tests
 * fail when the package's FQL drifts from what this server knows.
 */
import { randomId, tokenSecret } from './secrets.js';
import type { FaunaCollectionSeed, FaunaErrorCode, FaunaStatement } from './types.js';
import { FaunaDoc, FaunaModule, FaunaRef, FaunaTime, type FaunaValue } from './wire.js';

/** An error answer: code, message and (by default) the status the real service uses for the code. */
export class FaunaFailure extends Error {
  constructor(
    readonly code: FaunaErrorCode,
    message: string,
    readonly extra: { readonly constraint_failures?: readonly unknown[]; readonly summary?: string } = {},
  ) {
    super(message);
  }
}

export const STATUS_OF: Readonly<Record<FaunaErrorCode, number>> = {
  invalid_query: 400,
  invalid_request: 400,
  constraint_failure: 400,
  unauthorized: 401,
  forbidden: 403,
  contended_transaction: 409,
  limit_exceeded: 429,
  time_out: 440,
  internal_error: 500,
  service_unavailable: 503,
};

interface Collection {
  readonly name: string;
  readonly ts: number;
  /** index name → indexed field */
  readonly indexes: Map<string, string>;
  /** fields under a unique constraint */
  readonly unique: string[];
  readonly docs: Map<string, StoredDoc>;
}

interface StoredDoc {
  readonly id: string;
  readonly ts: number;
  readonly fields: Record<string, FaunaValue>;
}

export interface StoredToken {
  readonly id: string;
  readonly ts: number;
  readonly document: { readonly coll: string; readonly id: string };
  readonly ttl: number | null;
  readonly data: Record<string, FaunaValue>;
  readonly secret: string;
}

export interface StoredProvider {
  readonly name: string;
  readonly ts: number;
  issuer: string;
  jwks_uri: string;
  roles: FaunaValue[];
  readonly audience: string;
}

/** Who is asking: the admin key, a token (with its identity document) or a verified JWT. */
export type Identity =
  | { readonly kind: 'key' }
  | { readonly kind: 'token'; readonly token: StoredToken }
  | { readonly kind: 'jwt'; readonly payload: Record<string, unknown> };

export interface ExecutionContext {
  readonly now: number;
  readonly identity: Identity;
  /** Mint transactions wait here between their read and their write (the `race` fault). */
  beforeCommit(): Promise<void>;
  /** Reads the clock again, after an await. */
  clock(): number;
}

export interface Outcome {
  readonly data: FaunaValue;
  readonly reads: number;
  readonly writes: number;
}

interface Statement {
  readonly name: FaunaStatement;
  readonly pattern: RegExp;
  /** Who may run it: the admin key only unless listed. */
  readonly allow: readonly Identity['kind'][];
  run(db: Database, match: RegExpExecArray, args: readonly FaunaValue[], context: ExecutionContext): Outcome | Promise<Outcome>;
}

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';

/** Compiles a statement template: `{C}`/`{I}` capture identifiers (later uses must repeat them), `$n` are arguments. */
function template(text: string): RegExp {
  const seen = new Set<string>();
  const source = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\\\{([A-Z])\\\}/g, (_, name: string) => {
      if (seen.has(name)) return `\\k<${name}>`;
      seen.add(name);
      return `(?<${name}>${IDENT})`;
    });
  return new RegExp(`^${source}$`);
}

const invalid = (summary: string): FaunaFailure =>
  new FaunaFailure('invalid_query', 'The query failed 1 validation check', { summary: `error: ${summary}` });

function asString(value: FaunaValue | undefined, what: string): string {
  if (typeof value !== 'string') throw new FaunaFailure('invalid_request', `${what} must be a String`);
  return value;
}

function asObject(value: FaunaValue | undefined, what: string): Record<string, FaunaValue> {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof FaunaTime ||
    value instanceof FaunaModule ||
    value instanceof FaunaDoc ||
    value instanceof FaunaRef
  ) {
    throw new FaunaFailure('invalid_request', `${what} must be an Object`);
  }
  return value as Record<string, FaunaValue>;
}

/** `.identity` or `identity` → `identity`; nested paths are not supported here. */
function fieldOf(value: FaunaValue | undefined, what: string): string {
  const raw =
    typeof value === 'object' && value !== null && !Array.isArray(value) && 'field' in (value as object)
      ? (value as { field: FaunaValue }).field
      : value;
  const field = asString(raw, what).replace(/^\./, '');
  if (!new RegExp(`^${IDENT}$`).test(field))
    throw new FaunaFailure('invalid_request', `${what}: only top-level fields are supported by the local server`);
  return field;
}

const STATEMENTS: readonly Statement[] = [
  {
    name: 'mint',
    pattern: template(`let existing = {C}.{I}($0).first()
      let doc = existing ?? {C}.create($1)
      let token = Token.create({ document: doc, ttl: Time.now().add($2, "seconds"), data: $3 })
      { id: doc!.id, created: existing == null, token: token.id, secret: token.secret, ttl: token.ttl }`),
    allow: ['key'],
    async run(db, match, args, context) {
      const collection = db.collection(match.groups?.C ?? '');
      const field = db.indexField(collection, match.groups?.I ?? '');
      const fields = asObject(args[1], 'create data');
      const ttlSec = args[2];
      if (typeof ttlSec !== 'number' || !Number.isInteger(ttlSec))
        throw new FaunaFailure('invalid_request', 'Time.add amount must be an Int');
      const data = asObject(args[3], 'token data');
      // Read at the snapshot, as the real transaction does.
      const existing = db.lookup(collection, field, args[0] ?? null);
      await context.beforeCommit();
      const now = context.clock();
      let doc = existing;
      if (doc === undefined) {
        db.checkUnique(collection, fields);
        doc = db.insert(collection, fields, now);
      }
      const token = db.createToken({ coll: collection.name, id: doc.id }, now + ttlSec * 1000, data, now);
      return {
        data: {
          id: doc.id,
          created: existing === undefined,
          token: token.id,
          secret: token.secret,
          ttl: FaunaTime.fromMs(token.ttl ?? now),
        },
        reads: 1,
        writes: existing === undefined ? 2 : 1,
      };
    },
  },
  {
    name: 'revoke',
    pattern: template(`let doc = {C}.{I}($0).first()
      let tag = $1
      let tokens = if (doc == null) [] else Token.where(t => t.document == doc && (tag == null || t.data?.tag == tag)).toArray()
      tokens.forEach(t => t.delete())
      tokens.length`),
    allow: ['key'],
    run(db, match, args, context) {
      const collection = db.collection(match.groups?.C ?? '');
      const doc = db.lookup(collection, db.indexField(collection, match.groups?.I ?? ''), args[0] ?? null);
      const tag = args[1] ?? null;
      if (doc === undefined) return { data: 0, reads: 1, writes: 0 };
      const deleted = db.deleteTokens(
        (token) => token.document.coll === collection.name && token.document.id === doc.id && (tag === null || token.data.tag === tag),
        context.now,
      );
      return { data: deleted, reads: 1 + deleted, writes: deleted };
    },
  },
  {
    name: 'ensure-schema',
    pattern: template(`let existing = Collection.byName($0)
      let created = if (existing == null) Collection.create($1) else null
      created != null`),
    allow: ['key'],
    run(db, _match, args, context) {
      const name = asString(args[0], 'Collection.byName name');
      if (db.hasCollection(name)) return { data: false, reads: 1, writes: 0 };
      const definition = asObject(args[1], 'Collection.create definition');
      if (definition.name !== name) throw new FaunaFailure('invalid_request', 'Collection.create name must match');
      const indexes = asObject(definition.indexes ?? {}, 'indexes');
      const [indexName, indexDef] = Object.entries(indexes)[0] ?? [];
      const terms = indexDef === undefined ? undefined : asObject(indexDef, 'index').terms;
      if (indexName === undefined || !Array.isArray(terms) || terms.length !== 1 || Object.keys(indexes).length !== 1) {
        throw new FaunaFailure('invalid_request', 'the local server supports one index with one term');
      }
      const constraints = definition.constraints;
      const unique = Array.isArray(constraints)
        ? constraints.flatMap((constraint) => {
            const fields = asObject(constraint, 'constraint').unique;
            return Array.isArray(fields) ? fields.map((f) => fieldOf(f, 'unique field')) : [];
          })
        : [];
      db.defineCollection({ name, index: indexName, field: fieldOf(terms[0], 'index term') }, unique, context.now);
      return { data: true, reads: 1, writes: 1 };
    },
  },
  {
    name: 'schema-exists',
    pattern: template('Collection.byName($0) != null'),
    allow: ['key'],
    run: (db, _match, args) => ({ data: db.hasCollection(asString(args[0], 'Collection.byName name')), reads: 1, writes: 0 }),
  },
  {
    name: 'ensure-access-provider',
    pattern: template(`let existing = AccessProvider.byName($0)
      let provider = if (existing == null) AccessProvider.create($1) else existing!.replace($2)
      { name: provider.name, issuer: provider.issuer, jwks_uri: provider.jwks_uri, audience: provider.audience }`),
    allow: ['key'],
    run(db, _match, args, context) {
      const provider = db.putProvider(
        asString(args[0], 'AccessProvider.byName name'),
        asObject(args[1], 'AccessProvider.create data'),
        context.now,
      );
      return { data: db.providerView(provider), reads: 1, writes: 1 };
    },
  },
  {
    name: 'read-access-provider',
    pattern: template(`let provider = AccessProvider.byName($0)
      if (provider == null) null else { name: provider!.name, issuer: provider!.issuer, jwks_uri: provider!.jwks_uri, audience: provider!.audience }`),
    allow: ['key'],
    run(db, _match, args) {
      const provider = db.provider(asString(args[0], 'AccessProvider.byName name'));
      return { data: provider === undefined ? null : db.providerView(provider), reads: 1, writes: 0 };
    },
  },
  {
    name: 'identity',
    pattern: template('Query.identity()'),
    allow: ['key', 'token', 'jwt'],
    run(db, _match, _args, context) {
      // Keys and JWTs have no identity document.
      if (context.identity.kind !== 'token') return { data: null, reads: 0, writes: 0 };
      return { data: db.documentOf(context.identity.token) ?? null, reads: 1, writes: 0 };
    },
  },
  {
    name: 'token',
    pattern: template('Query.token()'),
    allow: ['key', 'token', 'jwt'],
    run(_db, _match, _args, context) {
      const { identity } = context;
      if (identity.kind === 'key') return { data: null, reads: 0, writes: 0 };
      if (identity.kind === 'jwt') return { data: toFaunaValue(identity.payload), reads: 0, writes: 0 };
      const { token } = identity;
      const fields: Record<string, FaunaValue> = { document: new FaunaRef(token.document.coll, token.document.id), data: token.data };
      if (token.ttl !== null) fields.ttl = FaunaTime.fromMs(token.ttl);
      return { data: new FaunaDoc('Token', token.id, FaunaTime.fromMs(token.ts), fields), reads: 1, writes: 0 };
    },
  },
];

function toFaunaValue(value: unknown): FaunaValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toFaunaValue);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toFaunaValue(v)]));
  return null;
}

export function recognise(text: string): { statement: Statement; match: RegExpExecArray } | undefined {
  for (const statement of STATEMENTS) {
    const match = statement.pattern.exec(text);
    if (match) return { statement, match };
  }
  return undefined;
}

const FQL_KEYWORDS = new Set(['if', 'else', 'at', 'match', 'case', 'let', 'null', 'true', 'false', 'isa', 'join', 'on', 'of']);
const BUILT_IN_ROLES = new Set(['admin', 'server', 'server-readonly', 'client']);
const LOOPBACK_HTTP = /^http:\/\/127\.0\.0\.1(?::\d+)?\//;

/**
 * The access provider checks Fauna's core makes, with its messages: the name is an identifier, `jwks_uri`
 * is https, no built-in role, no role twice. One deviation: `http://127.0.0.1` JWKS are accepted, because
 * the local issuer and this server speak no TLS (a real Fauna refuses them).
 */
function providerFailures(name: string, jwksUri: string, roles: readonly FaunaValue[]): { path: string; message: string }[] {
  const failures: { path: string; message: string }[] = [];
  if (!new RegExp(`^${IDENT}$`).test(name) || FQL_KEYWORDS.has(name) || name === '_')
    failures.push({ path: 'name', message: 'Invalid identifier.' });
  if (!jwksUri.startsWith('https://') && !LOOPBACK_HTTP.test(jwksUri))
    failures.push({ path: 'jwks_uri', message: `\`${jwksUri}\` must be a valid https URI.` });
  const seen = new Map<string, boolean>();
  for (const role of roles) {
    const roleName = typeof role === 'string' ? role : (role as { role?: FaunaValue } | null)?.role;
    if (typeof roleName !== 'string') continue;
    if (seen.get(roleName) === false) {
      failures.push({
        path: 'roles',
        message: `The role \`${roleName}\` is present more than once, there can only be one entry per role.`,
      });
      seen.set(roleName, true);
    } else if (!seen.has(roleName)) seen.set(roleName, false);
    if (BUILT_IN_ROLES.has(roleName)) failures.push({ path: 'roles', message: `Builtin role \`${roleName}\` not allowed.` });
  }
  return failures;
}

export class Database {
  private readonly collections = new Map<string, Collection>();
  private readonly tokensById = new Map<string, StoredToken>();
  private readonly tokensBySecret = new Map<string, StoredToken>();
  private readonly providers = new Map<string, StoredProvider>();
  private nextId = 412_000_000_000_000_000n;
  private readonly databaseId = randomId();

  constructor(readonly audience: string) {}

  private id(): string {
    this.nextId += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.nextId.toString();
  }

  /** The index names of a user collection, or `undefined` when there is none (the typechecker's schema). */
  collectionIndexes(name: string): ReadonlySet<string> | undefined {
    const collection = this.collections.get(name);
    return collection === undefined ? undefined : new Set(collection.indexes.keys());
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  defineCollection(seed: FaunaCollectionSeed, unique: readonly string[], now: number): void {
    this.collections.set(seed.name, {
      name: seed.name,
      ts: now,
      indexes: new Map([[seed.index, seed.field]]),
      unique: [...unique],
      docs: new Map(),
    });
  }

  collection(name: string): Collection {
    const collection = this.collections.get(name);
    if (collection === undefined) throw invalid(`Unbound variable \`${name}\``);
    return collection;
  }

  indexField(collection: Collection, index: string): string {
    const field = collection.indexes.get(index);
    if (field === undefined) throw invalid(`Type \`${collection.name}Collection\` does not have field \`${index}\``);
    return field;
  }

  lookup(collection: Collection, field: string, value: FaunaValue): StoredDoc | undefined {
    for (const doc of collection.docs.values()) if (doc.fields[field] === value) return doc;
    return undefined;
  }

  checkUnique(collection: Collection, fields: Record<string, FaunaValue>): void {
    for (const field of collection.unique) {
      const value = fields[field];
      if (value === undefined || value === null) continue;
      if (this.lookup(collection, field, value) !== undefined) {
        throw new FaunaFailure('constraint_failure', 'Failed unique constraint', {
          constraint_failures: [{ paths: [[field]], message: 'Failed unique constraint' }],
          summary: `error: Failed unique constraint\nconstraint failures:\n  ${field}: Failed unique constraint`,
        });
      }
    }
  }

  insert(collection: Collection, fields: Record<string, FaunaValue>, now: number): StoredDoc {
    const doc = { id: this.id(), ts: now, fields: { ...fields } };
    collection.docs.set(doc.id, doc);
    return doc;
  }

  createToken(document: { coll: string; id: string }, ttl: number | null, data: Record<string, FaunaValue>, now: number): StoredToken {
    const id = this.id();
    const token: StoredToken = { id, ts: now, document, ttl, data: { ...data }, secret: tokenSecret(BigInt(id), this.databaseId) };
    this.tokensById.set(token.id, token);
    this.tokensBySecret.set(token.secret, token);
    return token;
  }

  /** A token secret that exists and whose TTL has not passed. */
  tokenForSecret(secret: string, now: number): StoredToken | undefined {
    const token = this.tokensBySecret.get(secret);
    if (token === undefined || (token.ttl !== null && token.ttl <= now)) return undefined;
    return this.documentOf(token) === undefined ? undefined : token;
  }

  deleteTokens(which: (token: StoredToken) => boolean, now: number): number {
    let deleted = 0;
    for (const token of [...this.tokensById.values()]) {
      if (token.ttl !== null && token.ttl <= now) continue;
      if (!which(token)) continue;
      this.tokensById.delete(token.id);
      this.tokensBySecret.delete(token.secret);
      deleted += 1;
    }
    return deleted;
  }

  documentOf(token: StoredToken): FaunaDoc | undefined {
    const doc = this.collections.get(token.document.coll)?.docs.get(token.document.id);
    return doc === undefined ? undefined : new FaunaDoc(token.document.coll, doc.id, FaunaTime.fromMs(doc.ts), doc.fields);
  }

  putProvider(name: string, definition: Record<string, FaunaValue>, now: number): StoredProvider {
    if (definition.name !== name) throw new FaunaFailure('invalid_request', 'AccessProvider name must match');
    const issuer = asString(definition.issuer, 'issuer');
    const jwksUri = asString(definition.jwks_uri, 'jwks_uri');
    const roles = Array.isArray(definition.roles) ? [...(definition.roles as FaunaValue[])] : [];
    const existing = this.providers.get(name);
    const failures = providerFailures(name, jwksUri, roles);
    if (failures.length > 0) {
      const message = `Failed to ${existing === undefined ? 'create' : 'update'} AccessProvider.`;
      throw new FaunaFailure('constraint_failure', message, {
        constraint_failures: failures.map((failure) => ({ paths: [[failure.path]], message: failure.message })),
        summary: `error: ${message}\nconstraint failures:\n${failures.map((failure) => `  ${failure.path}: ${failure.message}`).join('\n')}`,
      });
    }
    for (const other of this.providers.values()) {
      if (other.name !== name && other.issuer === issuer)
        throw new FaunaFailure('constraint_failure', 'Failed unique constraint', {
          constraint_failures: [{ paths: [['issuer']], message: 'Failed unique constraint' }],
        });
    }
    if (existing !== undefined) {
      existing.issuer = issuer;
      existing.jwks_uri = jwksUri;
      existing.roles = roles;
      return existing;
    }
    const provider: StoredProvider = { name, ts: now, issuer, jwks_uri: jwksUri, roles, audience: this.audience };
    this.providers.set(name, provider);
    return provider;
  }

  provider(name: string): StoredProvider | undefined {
    return this.providers.get(name);
  }

  providerForIssuer(issuer: string): StoredProvider | undefined {
    for (const provider of this.providers.values()) if (provider.issuer === issuer) return provider;
    return undefined;
  }

  providerView(provider: StoredProvider): FaunaValue {
    return { name: provider.name, issuer: provider.issuer, jwks_uri: provider.jwks_uri, audience: provider.audience };
  }

  // Views for tests.
  documentViews(name: string): { id: string; ts: number; fields: Record<string, FaunaValue> }[] {
    return [...(this.collections.get(name)?.docs.values() ?? [])].map((doc) => ({ id: doc.id, ts: doc.ts, fields: doc.fields }));
  }

  tokenList(): StoredToken[] {
    return [...this.tokensById.values()];
  }

  providerList(): StoredProvider[] {
    return [...this.providers.values()];
  }
}
