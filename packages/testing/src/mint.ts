/** Builds and signs a token: provider defaults, the caller's claims, then the options. */
import { CompactSign } from 'jose';
import { assertAlgorithm } from './algorithms.js';
import { utf8 } from './encoding.js';
import type { IssuerKey, KeyRing } from './key-ring.js';
import type { ProviderContext, ProviderDefinition } from './providers/types.js';
import type { MintOptions } from './types.js';

const MINT_OPTIONS = new Set(['kid', 'alg', 'header', 'profile', 'expiresInSec', 'notBeforeSec', 'now', 'omit', 'signWith']);

function fail(message: string): never {
  throw new TypeError(`@tokenward/testing: mint() ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finite(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${name} must be a finite number`);
  return value;
}

/** Shallow merge where `undefined` deletes a member. */
function merge(base: Record<string, unknown>, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...overrides };
  return Object.fromEntries(Object.entries(out).filter(([, value]) => value !== undefined));
}

function selectKey(keys: KeyRing, kid: unknown, alg: unknown): IssuerKey {
  if (kid !== undefined) {
    if (typeof kid !== 'string') fail('kid must be a string');
    const key = keys.find(kid);
    if (!key) fail(`no key has kid ${JSON.stringify(kid)}; the issuer holds ${keys.all.map((k) => k.kid).join(', ')}`);
    if (alg !== undefined && key.alg !== alg) fail(`key ${kid} signs ${key.alg}, not ${String(alg)}`);
    return key;
  }
  if (alg === undefined) return keys.active;
  const wanted = assertAlgorithm('mint() alg', alg);
  if (keys.active.alg === wanted) return keys.active;
  const key = keys.published().find((k) => k.alg === wanted) ?? keys.all.find((k) => k.alg === wanted);
  if (!key) fail(`the issuer has no ${wanted} key; pass algorithms: ['${wanted}'] to createTestIssuer() or rotate({ alg: '${wanted}' })`);
  return key;
}

export async function mintToken(
  provider: ProviderDefinition,
  ctx: ProviderContext,
  keys: KeyRing,
  claims: Readonly<Record<string, unknown>> = {},
  options: MintOptions = {},
): Promise<string> {
  if (!isRecord(claims)) fail('claims must be an object');
  if (!isRecord(options)) fail('options must be an object');
  for (const name of Object.keys(options)) if (!MINT_OPTIONS.has(name)) fail(`has no option ${JSON.stringify(name)}`);
  const profile = options.profile ?? 'user';
  if (profile !== 'user' && profile !== 'app') fail("profile must be 'user' or 'app'");
  if (options.signWith !== undefined && options.signWith !== 'foreign') fail("signWith must be 'foreign'");
  if (options.header !== undefined && !isRecord(options.header)) fail('header must be an object');
  const omit = options.omit ?? [];
  if (!Array.isArray(omit) || omit.some((name) => typeof name !== 'string')) fail('omit must be a list of claim names');

  const now = finite('now', options.now) ?? Math.floor(Date.now() / 1000);
  const exp = now + (finite('expiresInSec', options.expiresInSec) ?? 3600);
  const notBefore = finite('notBeforeSec', options.notBeforeSec);
  const nbf = notBefore !== undefined ? now + notBefore : provider.mintsNbf ? now : undefined;

  const key = selectKey(keys, options.kid, options.alg);
  const defaults = provider.claims(ctx, { profile, now, exp, nbf, requested: claims });
  if (nbf !== undefined && !('nbf' in defaults)) defaults.nbf = nbf;
  const payload = Object.fromEntries(Object.entries(merge(defaults, claims)).filter(([name]) => !omit.includes(name)));

  const headerOverrides = options.header ?? {};
  if (headerOverrides.alg !== undefined && headerOverrides.alg !== key.alg) {
    fail(`header.alg cannot differ from the signing key's algorithm (${key.alg}); choose the key with options.alg or options.kid`);
  }
  const header: Record<string, unknown> & { alg: string } = {
    ...merge(provider.header({ kid: key.kid, alg: key.alg, x5t: key.certificate?.x5t }), headerOverrides),
    alg: key.alg,
  };
  const crit = Array.isArray(header.crit) ? header.crit.filter((name): name is string => typeof name === 'string') : [];

  const signer = options.signWith === 'foreign' ? await keys.foreignSigner(key) : key.signer;
  return (
    new CompactSign(utf8(JSON.stringify(payload)))
      .setProtectedHeader(header)
      // Accept any `crit` the caller asks for: recognising extensions is the verifier's job.
      .sign(signer, crit.length ? { crit: Object.fromEntries(crit.map((name) => [name, true])) } : undefined)
  );
}
