import type { StoreIntegrityOptions } from '../shared/types.js';
import { isOptionsObject } from '../shared/options.js';

/** Below this a secret can be guessed offline from one stored entry. */
export const MIN_STORE_SECRET_BYTES = 32;

/** Names what the tag is over, so a tag made for anything else never verifies an entry. */
const TAG_CONTEXT = 'tokenward.jwks-store.v1';

/** `storeIntegrity` as validated: the secrets as bytes, the signing one first. */
export interface ResolvedStoreIntegrity {
  readonly secrets: readonly Uint8Array<ArrayBuffer>[];
}

export interface StoreIntegrity {
  /** The tag of an entry's canonical body, stored under `sourceId`, made with the first secret (base64url). */
  tag(sourceId: string, body: string): Promise<string>;
  /** Whether any of the secrets made this tag for this body under this `sourceId`. */
  verify(sourceId: string, body: string, tag: string): Promise<boolean>;
}

function invalid(rule: string): never {
  throw new TypeError(`tokenward: jwks.storeIntegrity.${rule}`);
}

function secretBytes(secret: unknown, index: number): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer>;
  if (typeof secret === 'string') bytes = new TextEncoder().encode(secret);
  else if (secret instanceof Uint8Array) bytes = new Uint8Array(secret);
  else invalid(`secrets[${index}] must be a string or a Uint8Array, found ${secret === null ? 'null' : typeof secret}`);
  if (bytes.length < MIN_STORE_SECRET_BYTES) {
    invalid(`secrets[${index}] must be at least ${MIN_STORE_SECRET_BYTES} bytes, found ${bytes.length}`);
  }
  return bytes;
}

/** Validates `jwks.storeIntegrity` at startup. Idempotent. */
export function resolveStoreIntegrity(options: StoreIntegrityOptions | undefined): ResolvedStoreIntegrity | undefined {
  if (options === undefined) return undefined;
  if (!isOptionsObject(options)) invalid('options must be an object with secrets');
  const known = ['secrets'];
  const unknown = Object.keys(options).find((name) => !known.includes(name));
  if (unknown !== undefined) invalid(`${unknown} is not an option (expected secrets)`);
  const { secrets } = options;
  if (!Array.isArray(secrets) || secrets.length === 0) invalid('secrets must be a non-empty array (the signing secret first)');
  return Object.freeze({ secrets: Object.freeze(secrets.map(secretBytes)) });
}

function toBase64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return undefined; // 32 bytes, unpadded
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '=');
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function message(sourceId: string, body: string): Uint8Array<ArrayBuffer> {
  // JSON-quoting the id keeps the three parts apart: it cannot contain a raw newline.
  return new TextEncoder().encode(`${TAG_CONTEXT}\n${JSON.stringify(sourceId)}\n${body}`);
}

/**
 * HMAC-SHA256 tags over stored key sets, with WebCrypto (Node, Workers, Deno, Bun alike). Keys
 * are imported once, on first use.
 */
export function createStoreIntegrity(options: ResolvedStoreIntegrity): StoreIntegrity {
  let keys: Promise<CryptoKey[]> | undefined;
  const imported = () =>
    (keys ??= Promise.all(
      options.secrets.map((secret) => crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])),
    ));

  return {
    async tag(sourceId, body) {
      const [signing] = await imported();
      const tag = await crypto.subtle.sign('HMAC', signing as CryptoKey, message(sourceId, body));
      return toBase64Url(new Uint8Array(tag));
    },
    async verify(sourceId, body, tag) {
      const expected = fromBase64Url(tag);
      if (expected === undefined) return false;
      const data = message(sourceId, body);
      for (const key of await imported()) {
        // subtle.verify compares in constant time.
        if (await crypto.subtle.verify('HMAC', key, expected, data)) return true;
      }
      return false;
    },
  };
}
