import { assertAlgorithm } from './algorithms.js';
import { normalizeFault, plan, type Delivery } from './faults.js';
import { jwksDocument, x509Map } from './jwks.js';
import { KeyRing, type IssuerKey } from './key-ring.js';
import { createMemoryTransport, type MemoryTransport } from './memory-fetch.js';
import { mintToken } from './mint.js';
import { startNodeServer, type NodeServerHandle } from './node-server.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { discoveryUrlOf } from './providers/shared.js';
import type { Endpoint, ProviderContext } from './providers/types.js';
import { Router } from './routes.js';
import type {
  Fault,
  MintOptions,
  TestAlgorithm,
  TestFetch,
  TestIssuer,
  TestIssuerOptions,
  TestKeyInfo,
  TestProvider,
  TestPublicJwk,
  TestRequestCounts,
} from './types.js';

/** Origin of an issuer that does not listen: port 0 can never be connected to, so nothing leaks to the network. */
const IN_MEMORY_ORIGIN = 'http://127.0.0.1:0';

class LocalTestIssuer implements TestIssuer {
  readonly url: string;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly discoveryUrl: string;
  readonly provider: TestProvider;
  readonly audience: string;
  readonly clientId: string;
  readonly tenantId?: string;
  readonly v1Authority?: string;
  readonly fetch: TestFetch;

  readonly #options: ResolvedOptions;
  readonly #ctx: ProviderContext;
  readonly #ring: KeyRing;
  readonly #memory: MemoryTransport;
  #server: NodeServerHandle | undefined;
  #fault: Fault | null = null;
  #counts = { jwks: 0, discovery: 0, total: 0 };
  #closed: Promise<void> | undefined;

  constructor(options: ResolvedOptions, url: string, ring: KeyRing, memory: MemoryTransport) {
    const { provider, settings } = options;
    const issuer = provider.issuer(url, settings);
    this.#options = options;
    this.#ctx = { ...settings, url, issuer };
    this.#ring = ring;
    this.#memory = memory;
    this.url = url;
    this.issuer = issuer;
    this.jwksUri = provider.jwksUri(this.#ctx);
    this.discoveryUrl = provider.discoveryUrl?.(this.#ctx) ?? discoveryUrlOf(issuer);
    this.provider = provider.name;
    this.audience = settings.audience;
    this.clientId = settings.clientId;
    if (settings.tenantId !== undefined) {
      this.tenantId = settings.tenantId;
      // External ID issues v2 tokens only: it has no v1 authority.
      if (provider.name !== 'entra-external') this.v1Authority = `${url}/sts`;
    }
    this.fetch = memory.fetch;
  }

  /** Builds the request handler shared by both transports. */
  static handler(issuer: () => LocalTestIssuer): (method: string, target: string) => Delivery {
    return (method, target) => issuer().#handle(method, target);
  }

  #router: Router | undefined;

  #handle(method: string, target: string): Delivery {
    this.#router ??= new Router(this.#options.provider.endpoints(this.#ctx), {
      keysCacheControl: this.#options.jwksCacheControl,
      keys: (endpoint) => (endpoint.format === 'x509' ? x509Map(this.#ring.published()) : this.#jwks(endpoint.jwkIssuer)),
      discovery: (endpoint) => endpoint.document(this.#publishedAlgorithms()),
    });
    const routed = this.#router.route(method, target);
    this.#counts.total++;
    if (routed.kind === 'keys') this.#counts.jwks++;
    if (routed.kind === 'discovery') this.#counts.discovery++;
    return plan(routed, this.#fault);
  }

  #jwks(jwkIssuer: string | undefined): { keys: TestPublicJwk[] } {
    return jwksDocument(this.#ring.published(), this.#options.provider.jwk, jwkIssuer);
  }

  #publishedAlgorithms(): TestAlgorithm[] {
    const algs = [...new Set(this.#ring.published().map((k) => k.alg))];
    return algs.length ? algs : [...this.#options.algorithms];
  }

  /** Attaches the socket transport (done after construction because the URL comes from the bound port). */
  attach(server: NodeServerHandle | undefined): void {
    this.#server = server;
  }

  mint(claims?: Readonly<Record<string, unknown>>, options?: MintOptions): Promise<string> {
    return mintToken(this.#options.provider, this.#ctx, this.#ring, claims, options);
  }

  async rotate(options: { readonly alg?: TestAlgorithm; readonly keepOld?: boolean } = {}): Promise<{ readonly kid: string }> {
    const previous = this.#ring.active;
    const alg = options.alg === undefined ? previous.alg : assertAlgorithm('rotate() alg', options.alg);
    const only = this.#options.provider.onlyAlgorithms;
    if (only && !only.includes(alg))
      throw new TypeError(`@tokenward/testing: rotate() provider '${this.provider}' signs with ${only.join(', ')} only`);
    if (options.keepOld !== undefined && typeof options.keepOld !== 'boolean')
      throw new TypeError('@tokenward/testing: rotate() keepOld must be a boolean');
    const key = this.#options.nextKey ? await this.#rotateToAnnounced(alg) : await this.#ring.add(alg, true);
    if (options.keepOld === false) previous.published = false;
    return { kid: key.kid };
  }

  /**
   * With `nextKey`: the announced key of `alg` becomes the signer and a new next key is announced,
   * as Entra rotates. A rotation to another algorithm uses a key nobody saw, and the next key that
   * was announced for the old algorithm is withdrawn.
   */
  async #rotateToAnnounced(alg: TestAlgorithm): Promise<IssuerKey> {
    const announced = this.#ring.next;
    let key: IssuerKey;
    if (announced && announced.alg === alg) {
      this.#ring.activate(announced);
      key = announced;
    } else {
      if (announced) {
        announced.next = false;
        announced.published = false;
      }
      key = await this.#ring.add(alg, true);
    }
    await this.#ring.add(alg, false, true);
    return key;
  }

  removeKey(kid: string): void {
    const key = this.#ring.find(kid);
    if (!key) throw new TypeError(`@tokenward/testing: removeKey() no key has kid ${JSON.stringify(kid)}`);
    key.published = false;
  }

  get keys(): ReadonlyArray<TestKeyInfo> {
    return Object.freeze(this.#ring.info());
  }

  publicJwks(): { keys: TestPublicJwk[] } {
    const endpoint = this.#options.provider.endpoints(this.#ctx).find((e: Endpoint) => e.kind === 'keys' && e.format === 'jwks');
    return this.#jwks(endpoint?.kind === 'keys' ? endpoint.jwkIssuer : undefined);
  }

  setFault(fault: Fault | null): void {
    this.#fault = normalizeFault(fault);
  }

  get requests(): TestRequestCounts {
    return Object.freeze({ ...this.#counts });
  }

  resetCounters(): void {
    this.#counts = { jwks: 0, discovery: 0, total: 0 };
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#memory.close();
      try {
        await this.#server?.close();
      } finally {
        this.#ring.release();
      }
    })();
    return this.#closed;
  }
}

/**
 * Starts a local issuer on 127.0.0.1 that serves discovery and keys in a provider's real shape and
 * mints tokens its verifier accepts. Close it when done.
 *
 * @example
 * const issuer = await createTestIssuer({ provider: 'entra' });
 * const token = await issuer.mint({ scp: 'Orders.Read' });
 * // entra({ tenantId: issuer.tenantId, audience: issuer.audience, authority: issuer.url })
 * await issuer.close();
 */
export async function createTestIssuer(options?: TestIssuerOptions): Promise<TestIssuer> {
  const resolved = resolveOptions(options);
  const { provider } = resolved;
  const ready: { issuer?: LocalTestIssuer } = {};
  const handle = LocalTestIssuer.handler(() => {
    if (!ready.issuer) throw new Error('@tokenward/testing: request before the issuer was ready');
    return ready.issuer;
  });
  let server: NodeServerHandle | undefined;
  if (resolved.listen) server = await startNodeServer(resolved.port, handle);
  const url = server?.url ?? resolved.origin ?? IN_MEMORY_ORIGIN;

  const ctx: ProviderContext = { ...resolved.settings, url, issuer: provider.issuer(url, resolved.settings) };
  const publishesCertificates = provider.jwk.x5c || provider.endpoints(ctx).some((e) => e.kind === 'keys' && e.format === 'x509');
  const ring = new KeyRing(publishesCertificates ? provider.certificateSubject(ctx) : undefined);
  const memory = createMemoryTransport(() => url, handle);
  try {
    for (const [index, alg] of resolved.algorithms.entries()) await ring.add(alg, index === 0);
    if (resolved.nextKey) await ring.add(ring.active.alg, false, true);
  } catch (error) {
    ring.release();
    memory.close();
    await server?.close();
    throw error;
  }
  const issuer = new LocalTestIssuer(resolved, url, ring, memory);
  issuer.attach(server);
  ready.issuer = issuer;
  return issuer;
}
