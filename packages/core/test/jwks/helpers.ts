import type { FetchLike, IssuerConfig, JwksOptions, JwsAlgorithm, PublicJwk, SignatureBackend } from '../../src/shared/types.js';
import { joseCertificateToJwk } from '../../src/crypto/jose-certificate.js';
import { createKeyResolver } from '../../src/keys/index.js';
import { PUBLIC_KEYS } from './fixtures/public-keys.js';
import { webCryptoBackend } from '../../src/crypto/webcrypto-backend.js';

export const START = Date.UTC(2030, 0, 1);

/** A clock tests move by hand. */
export function fakeClock(start = START): { now: () => number; advance: (ms: number) => void; set: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    set: (ms) => {
      t = ms;
    },
  };
}

const assigned = new Map<string, PublicJwk>();
const used: Record<keyof typeof PUBLIC_KEYS, number> = { rsa: 0, rsa1024: 0, ec: 0, ed25519: 0 };

/** A public JWK from the fixtures, the same one for the same name and kind, with `kid` set to the name. */
export async function publicKey(name: string, kind: keyof typeof PUBLIC_KEYS = 'rsa'): Promise<PublicJwk> {
  const id = `${kind}:${name}`;
  let key = assigned.get(id);
  if (key === undefined) {
    const pool = PUBLIC_KEYS[kind];
    key = pool[used[kind]++ % pool.length] as PublicJwk;
    assigned.set(id, key);
  }
  return { ...key, kid: name };
}

export function jsonResponse(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
}

export type Handler = (url: string, init: RequestInit | undefined) => Response | Promise<Response>;

export interface FakeFetch {
  readonly fetch: FetchLike;
  /** Requests made, by URL. */
  readonly requests: string[];
  count(url?: string): number;
  /** Replaces how requests are answered. */
  answer(handler: Handler): void;
}

/** An in-memory fetch that counts requests. */
export function fakeFetch(handler: Handler): FakeFetch {
  let current = handler;
  const requests: string[] = [];
  return {
    requests,
    fetch: async (input, init) => {
      requests.push(input);
      return current(input, init);
    },
    count: (url) => (url === undefined ? requests.length : requests.filter((r) => r === url).length),
    answer: (next) => {
      current = next;
    },
  };
}

/** Serves a JWKS whose keys the test changes at will, with an optional Cache-Control. */
export function jwksServer(
  initial: readonly PublicJwk[],
  cacheControl?: string,
): FakeFetch & { setKeys(keys: readonly PublicJwk[]): void; fail(status: number): void; recover(): void } {
  let keys = initial;
  let failing: number | undefined;
  const server = fakeFetch(() =>
    failing !== undefined
      ? jsonResponse({ error: 'upstream secret detail' }, { status: failing })
      : jsonResponse({ keys }, cacheControl === undefined ? {} : { headers: { 'cache-control': cacheControl } }),
  );
  return Object.assign(server, {
    setKeys: (next: readonly PublicJwk[]) => {
      keys = next;
    },
    fail: (status: number) => {
      failing = status;
    },
    recover: () => {
      failing = undefined;
    },
  });
}

export const JWKS_URI = 'https://login.example.com/keys';

export function jwksIssuer(overrides: Partial<IssuerConfig> = {}): IssuerConfig {
  return {
    name: 'example',
    issuer: 'https://login.example.com/',
    audience: 'api',
    keySource: { kind: 'jwks', uri: JWKS_URI },
    ...overrides,
  };
}

/** The WebCrypto backend, counting imports. */
export function countingBackend(): SignatureBackend & { imports: number } {
  const backend = {
    name: 'counting',
    imports: 0,
    async importKey(jwk: PublicJwk, alg: JwsAlgorithm) {
      backend.imports++;
      return webCryptoBackend.importKey(jwk, alg);
    },
    verify: webCryptoBackend.verify,
  };
  return backend;
}

/** Awaits a rejection and returns it, failing the test when the promise resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** A resolver over an in-memory JWKS server, a hand-moved clock and a counting backend. */
export function resolverSetup(keys: readonly PublicJwk[], options: { jwks?: JwksOptions; cacheControl?: string } = {}) {
  const clock = fakeClock();
  const server = jwksServer(keys, options.cacheControl);
  const backend = countingBackend();
  const resolver = createKeyResolver({
    // Cache tests specify the refetch verifications await (backgroundRefresh: false) unless they ask for the
    // default; background-refresh.test.ts specifies refreshing behind the traffic.
    jwks: { fetch: server.fetch, backgroundRefresh: false, ...options.jwks },
    backend,
    now: clock.now,
    certificateToJwk: joseCertificateToJwk,
  });
  return { clock, server, backend, resolver, issuer: jwksIssuer() };
}

export function randomKid(): string {
  return crypto.randomUUID();
}
