/**
 * The hostile-token table: one case per known attack on JWT verifiers, from RFC 8725 (JWT best current
 * practices), RFC 7515/7519 and the public JWT CVE history. Each case names its source and the typed
 * error core must reject it with; adapters answer with the HTTP status and body of that error.
 *
 * `startAttacks()` starts the issuers (all on 127.0.0.1): a trusted Entra-shaped issuer, a trusted
 * issuer that publishes only weak keys, and an attacker whose server must never be contacted. Its
 * `setup` has the shape of the conformance setup, so an adapter builds the attack app with the code
 * that builds its conformance app. Then each case runs through `runAttackCase(env, case, send)` (an
 * adapter) or `runAttackOnVerifier(env, case, verifier)` (core).
 */

import { createHash, createPrivateKey, createPublicKey, createHmac, sign as cryptoSign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { challenge, CONFORMANCE_COOKIE, CONFORMANCE_ORIGIN, CONFORMANCE_REALM } from './conformance-challenge.js';
import {
  compareAnswer,
  type ConformanceResponse,
  type ConformanceSend,
  type ConformanceSetup,
  type ExpectedAnswer,
} from './conformance.js';
import { TEST_KEYS } from './keys/test-keys.js';
import { WEAK_KEYS } from './keys/weak-keys.js';
import type { TestPrivateJwk } from './keys/jwk-types.js';
import { createTestIssuer } from './test-issuer.js';
import type { TestIssuer } from './types.js';

/** The error codes the table expects (core's `ErrorCode`, restated: this package never imports core). */
export type AttackErrorCode =
  | 'token_missing'
  | 'authorization_malformed'
  | 'token_malformed'
  | 'signature_invalid'
  | 'algorithm_not_allowed'
  | 'issuer_not_allowed'
  | 'audience_mismatch'
  | 'tenant_not_allowed'
  | 'key_not_found';

export type AttackCategory =
  | 'algorithm confusion'
  | 'unsecured (alg none)'
  | 'key injection'
  | 'kid injection'
  | 'crit and unencoded payload'
  | 'JWE as JWS'
  | 'ECDSA signatures'
  | 'weak keys'
  | 'duplicate JSON members'
  | 'non-object payload'
  | 'oversized input'
  | 'non-base64url input'
  | 'cross-tenant Entra'
  | 'issuer look-alikes'
  | 'Authorization header';

/** What the attacker sends: a token (as `Authorization: Bearer <token>`) or raw Authorization header values. */
export type AttackInput = { readonly token: string } | { readonly authorization: readonly string[] };

export interface AttackCase {
  readonly name: string;
  readonly category: AttackCategory;
  /** Where the attack comes from: an RFC section or a CVE. */
  readonly source: string;
  /** What `authenticate()` (and so every adapter) rejects the request with. */
  readonly code: AttackErrorCode;
  /** What `verify(token)` rejects the token with, when it differs from `code` (the header check comes first). */
  readonly verifyCode?: AttackErrorCode;
  /** Builds the hostile request against the running issuers. */
  readonly build: (environment: AttackEnvironment) => Promise<AttackInput>;
}

export interface AttackEnvironment {
  /** Same shape as the conformance setup: trusts `primary` and `weak`. */
  readonly setup: ConformanceSetup;
  /** Trusted Entra-shaped issuer with an RS256 and an ES256 key; keys are cached normally. */
  readonly primary: TestIssuer;
  /** Trusted issuer (Entra-shaped URLs) whose JWKS publishes only weak keys: an RSA-1024 key and an `e = 1` key. */
  readonly weak: { readonly tenantId: string; readonly url: string; readonly issuer: string; readonly requests: () => number };
  /** Untrusted Entra-shaped issuer serving its own JWKS and certificates: the `jku`/`x5u` target. Must never be contacted. */
  readonly attacker: TestIssuer;
  /** A token every app built from `setup` accepts on `/orders`: the control that proves the app is wired right. */
  validToken(): Promise<string>;
  close(): Promise<void>;
}

export interface AttackResult {
  readonly ok: boolean;
  /** One line per difference from the table. */
  readonly mismatches: readonly string[];
}

const TENANTS = {
  primary: '5f1c6b7e-2a0d-4c8e-9b3a-7d4e0a1b0001',
  weak: '5f1c6b7e-2a0d-4c8e-9b3a-7d4e0a1b0002',
  attacker: '5f1c6b7e-2a0d-4c8e-9b3a-7d4e0a1b0003',
  other: '5f1c6b7e-2a0d-4c8e-9b3a-7d4e0a1b0004',
} as const;
const AUDIENCE = 'api://tokenward-attacks';
const USER = '4b9d2c1e-0f3a-4e5b-8c7d-6a5b4c3d0101';

/** core's default `maxTokenBytes`: the oversized cases are one character over it. */
export const ATTACK_MAX_TOKEN_BYTES = 16_384;

async function startWeakIssuer(): Promise<{ server: Server; url: string; requests: () => number }> {
  const rsa1024 = { kty: 'RSA', kid: WEAK_KEYS.rsa1024.kid, use: 'sig', n: WEAK_KEYS.rsa1024.n, e: WEAK_KEYS.rsa1024.e };
  const body = JSON.stringify({ keys: [rsa1024, { ...WEAK_KEYS.rsaExponent1, use: 'sig' }] });
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    if (req.url === `/${TENANTS.weak}/discovery/v2.0/keys`) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' }).end(body);
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, requests: () => count };
}

/** Starts the attack issuers on 127.0.0.1. Close them with `close()`. */
export async function startAttacks(): Promise<AttackEnvironment> {
  const primary = await createTestIssuer({
    provider: 'entra',
    tenantId: TENANTS.primary,
    audience: AUDIENCE,
    algorithms: ['RS256', 'ES256'],
  });
  const attacker = await createTestIssuer({ provider: 'entra', tenantId: TENANTS.attacker, audience: AUDIENCE }).catch(
    async (error: unknown) => {
      await primary.close();
      throw error;
    },
  );
  const weak = await startWeakIssuer().catch(async (error: unknown) => {
    await Promise.all([primary.close(), attacker.close()]);
    throw error;
  });
  return {
    setup: {
      issuers: [
        // The primary issuer signs with both of its keys, so both algorithms are configured.
        { tenantId: TENANTS.primary, audience: AUDIENCE, authority: primary.url, algorithms: ['RS256', 'ES256'] },
        { tenantId: TENANTS.weak, audience: AUDIENCE, authority: weak.url },
      ],
      jwks: { cacheMaxAgeMs: 600_000, minCacheMaxAgeMs: 60_000, timeoutMs: 2_000 },
      realm: CONFORMANCE_REALM,
      includeDescription: false,
      tokenLocation: { cookie: CONFORMANCE_COOKIE, query: true },
      dpop: { origin: CONFORMANCE_ORIGIN },
      routes: {
        orders: { path: '/orders', requirement: { scopes: 'Orders.Read' } },
        admin: { path: '/admin', requirement: { roles: 'Orders.Admin' } },
        partner: { path: '/partner', policy: { clientApplications: [primary.clientId], identities: 'any' } },
        stepUp: { path: '/step-up', requirement: { authContext: 'c1' } },
      },
    },
    primary,
    weak: { tenantId: TENANTS.weak, url: weak.url, issuer: `${weak.url}/${TENANTS.weak}/v2.0`, requests: weak.requests },
    attacker,
    validToken: () => primary.mint({ oid: USER, scp: 'Orders.Read' }),
    close: async () => {
      weak.server.closeAllConnections();
      await Promise.all([primary.close(), attacker.close(), new Promise<void>((resolve) => weak.server.close(() => resolve()))]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Token building blocks

const b64 = (value: string | Uint8Array): string => Buffer.from(value).toString('base64url');
const json = (value: unknown): string => b64(JSON.stringify(value));

function privateKeyOf(kid: string): KeyObject {
  const families = Object.values(TEST_KEYS) as ReadonlyArray<readonly TestPrivateJwk[]>;
  const jwk = families.flat().find((key) => key.kid === kid);
  if (jwk === undefined) throw new Error(`@tokenward/testing: attacks need the committed key ${kid}, which is not among TEST_KEYS`);
  return createPrivateKey({ key: { ...jwk } as never, format: 'jwk' });
}

function kidOf(issuer: TestIssuer, alg: 'RS256' | 'ES256'): string {
  const key = issuer.keys.find((candidate) => candidate.alg === alg && candidate.published);
  if (key === undefined) throw new Error(`@tokenward/testing: the issuer publishes no ${alg} key`);
  return key.kid;
}

/** Signs exactly these header and payload segments with the issuer's own key: a token only the issuer could make. */
function issuerSigned(issuer: TestIssuer, alg: 'RS256' | 'ES256', header: string, payload: string): string {
  const key = privateKeyOf(kidOf(issuer, alg));
  const input = `${header}.${payload}`;
  const signature = cryptoSign('sha256', Buffer.from(input), alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' } : key);
  return `${input}.${b64(signature)}`;
}

/** The claims of a token the trusted issuer would mint for the attack route. */
async function claimsOf(env: AttackEnvironment, overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const token = await env.primary.mint({ oid: USER, scp: 'Orders.Read', ...overrides });
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

const segments = (token: string): [string, string, string] => token.split('.') as [string, string, string];

/** A valid token of the trusted issuer, signed with its RS256 (default) or ES256 key. */
const valid = (
  env: AttackEnvironment,
  alg: 'RS256' | 'ES256' = 'RS256',
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
) => env.primary.mint({ oid: USER, scp: 'Orders.Read', ...claims }, { alg, header });

/** Signed by the attacker's own key, with the trusted issuer's claims and any header the attacker likes. */
const attackerSigned = async (env: AttackEnvironment, header: Record<string, unknown>, claims: Record<string, unknown> = {}) =>
  env.attacker.mint(await claimsOf(env, claims), { header });

function hmac(
  alg: 'HS256' | 'HS384' | 'HS512',
  secret: string | Buffer,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): string {
  const input = `${json({ ...header, alg })}.${json(claims)}`;
  const digest = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }[alg];
  return `${input}.${b64(createHmac(digest, secret).update(input).digest())}`;
}

function publishedRsaPem(env: AttackEnvironment): string {
  const jwk = env.primary.publicJwks().keys.find((key) => key.kty === 'RSA');
  return createPublicKey({ key: { kty: 'RSA', n: jwk?.n, e: jwk?.e } as never, format: 'jwk' }).export({
    type: 'spki',
    format: 'pem',
  }) as string;
}

function derInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  let value = Buffer.from(bytes.subarray(start));
  if ((value[0] ?? 0) & 0x80) value = Buffer.concat([Buffer.from([0]), value]);
  return Buffer.concat([Buffer.from([0x02, value.length]), value]);
}

/** An ECDSA `r‖s` signature as the ASN.1 DER `SEQUENCE { r, s }` other ecosystems use. */
function rawToDer(raw: Uint8Array): Buffer {
  const half = raw.length / 2;
  const body = Buffer.concat([derInteger(raw.subarray(0, half)), derInteger(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** The order n of P-256: r = s = n is zero modulo n, the other "psychic" signature. */
const P256_ORDER = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');

/** EMSA-PKCS1-v1_5 (RFC 8017 §9.2) of SHA-256(input) at the modulus length: under e = 1 this is a valid "signature". */
function pkcs1Encoded(input: string, modulus: string): Buffer {
  const length = Buffer.from(modulus, 'base64url').length;
  const digestInfo = Buffer.concat([
    Buffer.from('3031300d060960864801650304020105000420', 'hex'),
    createHash('sha256').update(input).digest(),
  ]);
  return Buffer.concat([Buffer.from([0x00, 0x01]), Buffer.alloc(length - digestInfo.length - 3, 0xff), Buffer.from([0x00]), digestInfo]);
}

function rsa1024Signed(env: AttackEnvironment, claims: Record<string, unknown>): string {
  const input = `${json({ alg: 'RS256', typ: 'JWT', kid: WEAK_KEYS.rsa1024.kid })}.${json({ ...claims, iss: env.weak.issuer, tid: env.weak.tenantId })}`;
  const key = createPrivateKey({ key: { ...WEAK_KEYS.rsa1024 } as never, format: 'jwk' });
  return `${input}.${b64(cryptoSign('sha256', Buffer.from(input), key))}`;
}

/** A copy of `iss` with one character replaced by a look-alike. */
const lookAlike = (iss: string, from: string, to: string): string => {
  const index = iss.lastIndexOf(from);
  return `${iss.slice(0, index)}${to}${iss.slice(index + from.length)}`;
};

const token = (value: string): AttackInput => ({ token: value });
const headers = (...values: string[]): AttackInput => ({ authorization: values });

// ---------------------------------------------------------------------------------------------
// The table

/** Every case, grouped by category. Each builds its request from the running issuers. */
export const ATTACK_CASES: readonly AttackCase[] = [
  // Algorithm confusion: the token's alg is only a claim, checked against the key (RFC 8725 §2.1, §3.1).
  {
    name: "HS256 signed with the issuer's RSA public key (JWK JSON) as the HMAC secret",
    category: 'algorithm confusion',
    source: 'CVE-2015-9235; RFC 8725 §2.1, §3.1',
    code: 'algorithm_not_allowed',
    build: async (env) => {
      const published = env.primary.publicJwks().keys.find((key) => key.kty === 'RSA');
      return token(hmac('HS256', JSON.stringify(published), { typ: 'JWT', kid: published?.kid }, await claimsOf(env)));
    },
  },
  {
    name: "HS256 signed with the issuer's RSA public key (PEM) as the HMAC secret",
    category: 'algorithm confusion',
    source: 'CVE-2016-10555; RFC 8725 §2.1',
    code: 'algorithm_not_allowed',
    build: async (env) => token(hmac('HS256', publishedRsaPem(env), { typ: 'JWT', kid: kidOf(env.primary, 'RS256') }, await claimsOf(env))),
  },
  {
    name: "HS512 signed with the issuer's RSA public key (PEM), without kid",
    category: 'algorithm confusion',
    source: 'CVE-2016-10555; RFC 8725 §3.1',
    code: 'algorithm_not_allowed',
    build: async (env) => token(hmac('HS512', publishedRsaPem(env), { typ: 'JWT' }, await claimsOf(env))),
  },
  {
    name: "RS256 header naming the issuer's P-256 key",
    category: 'algorithm confusion',
    source: 'RFC 8725 §3.1 (each key used with one algorithm family)',
    code: 'algorithm_not_allowed',
    build: async (env) => token(await valid(env, 'RS256', {}, { kid: kidOf(env.primary, 'ES256') })),
  },
  {
    name: "ES256 header naming the issuer's RSA key",
    category: 'algorithm confusion',
    source: 'RFC 8725 §3.1',
    code: 'algorithm_not_allowed',
    build: async (env) => token(await valid(env, 'ES256', {}, { kid: kidOf(env.primary, 'RS256') })),
  },
  {
    name: 'an algorithm no key can have (ES256K)',
    category: 'algorithm confusion',
    source: 'RFC 8725 §3.1; RFC 7515 §4.1.1',
    code: 'algorithm_not_allowed',
    build: async (env) =>
      token(`${json({ alg: 'ES256K', kid: kidOf(env.primary, 'ES256') })}.${json(await claimsOf(env))}.${b64(Buffer.alloc(64, 1))}`),
  },

  // Unsecured JWTs (RFC 7519 §6, RFC 7518 §3.6).
  ...(['none', 'None', 'NONE', 'nOnE'] as const).map((alg): AttackCase => ({
    name: `alg "${alg}" with a signature segment`,
    category: 'unsecured (alg none)',
    source: 'RFC 8725 §3.2; RFC 7518 §3.6; CVE-2015-9235',
    code: 'algorithm_not_allowed',
    build: async (env) => token(`${json({ alg, typ: 'JWT', kid: kidOf(env.primary, 'RS256') })}.${json(await claimsOf(env))}.AA`),
  })),
  {
    name: 'alg "none" with an empty signature (an unsecured JWT, RFC 7519 §6.1)',
    category: 'unsecured (alg none)',
    source: 'RFC 7519 §6.1; RFC 8725 §3.2',
    code: 'token_malformed',
    build: async (env) => token(`${json({ alg: 'none' })}.${json(await claimsOf(env))}.`),
  },
  {
    name: 'no alg header at all',
    category: 'unsecured (alg none)',
    source: 'RFC 7515 §4.1.1 (alg is required)',
    code: 'token_malformed',
    build: async (env) => {
      const [, payload, signature] = segments(await valid(env));
      return token(`${json({ kid: kidOf(env.primary, 'RS256') })}.${payload}.${signature}`);
    },
  },
  {
    name: 'an alg that is not a string (["RS256"])',
    category: 'unsecured (alg none)',
    source: 'RFC 7515 §4.1.1',
    code: 'token_malformed',
    build: async (env) =>
      token(issuerSigned(env.primary, 'RS256', json({ alg: ['RS256'], kid: kidOf(env.primary, 'RS256') }), json(await claimsOf(env)))),
  },

  // Key material carried by the token is never used (RFC 8725 §3.10; RFC 7515 §4.1.2-4.1.6).
  {
    name: "embedded jwk header with the attacker's key, under the issuer's kid",
    category: 'key injection',
    source: 'CVE-2018-0114; RFC 7515 §4.1.3',
    code: 'signature_invalid',
    build: async (env) => {
      const jwk = env.attacker.publicJwks().keys[0];
      return token(await attackerSigned(env, { kid: kidOf(env.primary, 'RS256'), jwk: { kty: jwk?.kty, n: jwk?.n, e: jwk?.e } }));
    },
  },
  {
    name: "embedded jwk header with the attacker's key, under the attacker's kid",
    category: 'key injection',
    source: 'CVE-2018-0114; RFC 7515 §4.1.3',
    code: 'key_not_found',
    build: async (env) => {
      const jwk = env.attacker.publicJwks().keys[0];
      return token(await attackerSigned(env, { jwk: { kty: jwk?.kty, n: jwk?.n, e: jwk?.e, kid: jwk?.kid } }));
    },
  },
  {
    name: "jku header pointing at the attacker's JWKS, which holds the signing key",
    category: 'key injection',
    source: 'RFC 8725 §3.10; RFC 7515 §4.1.2',
    code: 'key_not_found',
    build: async (env) => token(await attackerSigned(env, { jku: env.attacker.jwksUri })),
  },
  {
    name: "jku header pointing at the attacker, under the issuer's kid",
    category: 'key injection',
    source: 'RFC 8725 §3.10; RFC 7515 §4.1.2',
    code: 'signature_invalid',
    build: async (env) => token(await attackerSigned(env, { jku: env.attacker.jwksUri, kid: kidOf(env.primary, 'RS256') })),
  },
  {
    name: "x5u header pointing at the attacker's certificate URL",
    category: 'key injection',
    source: 'RFC 8725 §3.10; RFC 7515 §4.1.5',
    code: 'key_not_found',
    build: async (env) => token(await attackerSigned(env, { x5u: `${env.attacker.url}/certs/signing.pem` })),
  },
  {
    name: "x5c header carrying the attacker's certificate",
    category: 'key injection',
    source: 'RFC 7515 §4.1.6; CVE-2018-0114 (embedded key) style',
    code: 'key_not_found',
    build: async (env) => token(await attackerSigned(env, { x5c: env.attacker.publicJwks().keys[0]?.x5c })),
  },
  {
    name: "x5c header and no kid: the issuer's one RS256 key is used, not the certificate",
    category: 'key injection',
    source: 'RFC 7515 §4.1.6; RFC 8725 §3.10',
    code: 'signature_invalid',
    build: async (env) => token(await attackerSigned(env, { kid: undefined, x5c: env.attacker.publicJwks().keys[0]?.x5c })),
  },

  // kid is an opaque lookup key, never a path, a query or a URL (RFC 7515 §4.1.4).
  {
    name: 'kid path traversal to /dev/null with HS256 and an empty secret',
    category: 'kid injection',
    source: 'RFC 8725 §3.10; RFC 7515 §4.1.4',
    code: 'algorithm_not_allowed',
    build: async (env) => token(hmac('HS256', '', { typ: 'JWT', kid: '../../../../../../../dev/null' }, await claimsOf(env))),
  },
  ...(
    [
      ['path traversal', '../../../../../../../etc/passwd'],
      ['SQL injection', "x' UNION SELECT 'attacker-key' --"],
      ["a URL on the attacker's server", 'ATTACKER_URL'],
      ['__proto__', '__proto__'],
      ['constructor', 'constructor'],
      ['control characters', 'kid\u0000\r\n\u001b[31m'],
      ['8 KiB long', 'k'.repeat(8_192)],
    ] as const
  ).map(([what, kid]): AttackCase => ({
    name: `kid injection: ${what}`,
    category: 'kid injection',
    source: 'RFC 7515 §4.1.4; RFC 8725 §3.10',
    code: 'key_not_found',
    build: async (env) => token(await attackerSigned(env, { kid: kid === 'ATTACKER_URL' ? env.attacker.jwksUri : kid })),
  })),
  {
    name: 'kid that is an object ({"$ne": null})',
    category: 'kid injection',
    source: 'RFC 7515 §4.1.4 (kid is a string)',
    code: 'token_malformed',
    build: async (env) => token(issuerSigned(env.primary, 'RS256', json({ alg: 'RS256', kid: { $ne: null } }), json(await claimsOf(env)))),
  },

  // crit and unencoded payloads (RFC 7515 §4.1.11, RFC 7797).
  {
    name: 'crit naming an extension the verifier does not understand, signed by the issuer',
    category: 'crit and unencoded payload',
    source: 'RFC 7515 §4.1.11',
    code: 'token_malformed',
    build: async (env) => token(await valid(env, 'RS256', {}, { crit: ['urn:example:policy'], 'urn:example:policy': 'ignore-exp' })),
  },
  {
    name: 'crit that is an empty list, signed by the issuer',
    category: 'crit and unencoded payload',
    source: 'RFC 7515 §4.1.11 (crit must not be empty)',
    code: 'token_malformed',
    build: async (env) =>
      token(
        issuerSigned(env.primary, 'RS256', json({ alg: 'RS256', kid: kidOf(env.primary, 'RS256'), crit: [] }), json(await claimsOf(env))),
      ),
  },
  {
    name: 'b64:false with crit ["b64"] and a detached unencoded payload, signed by the issuer',
    category: 'crit and unencoded payload',
    source: 'RFC 7797 §3, §5',
    code: 'token_malformed',
    build: async (env) => {
      const header = json({ alg: 'RS256', kid: kidOf(env.primary, 'RS256'), b64: false, crit: ['b64'] });
      const signature = segments(issuerSigned(env.primary, 'RS256', header, JSON.stringify(await claimsOf(env))))[2];
      return token(`${header}..${signature}`);
    },
  },
  {
    name: 'b64:false without crit, signed by the issuer',
    category: 'crit and unencoded payload',
    source: 'RFC 7797 §6 (b64 must be critical)',
    code: 'token_malformed',
    build: async (env) =>
      token(
        issuerSigned(env.primary, 'RS256', json({ alg: 'RS256', kid: kidOf(env.primary, 'RS256'), b64: false }), json(await claimsOf(env))),
      ),
  },

  // Encrypted tokens are not signed tokens (RFC 7516 §9, RFC 8725 §3.11).
  {
    name: 'a JWE (five segments) presented as a JWS',
    category: 'JWE as JWS',
    source: 'RFC 7516 §7.1, §9; RFC 8725 §2.7',
    code: 'token_malformed',
    build: async (env) =>
      token(
        [
          json({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: kidOf(env.primary, 'RS256') }),
          b64(Buffer.alloc(256, 7)),
          b64(Buffer.alloc(12, 1)),
          json(await claimsOf(env)),
          b64(Buffer.alloc(16, 2)),
        ].join('.'),
      ),
  },
  {
    name: 'a JWE header ("enc") in three segments',
    category: 'JWE as JWS',
    source: 'RFC 7516 §9 (enc identifies a JWE)',
    code: 'token_malformed',
    build: async (env) =>
      token(
        issuerSigned(
          env.primary,
          'RS256',
          json({ alg: 'RS256', enc: 'A128GCM', kid: kidOf(env.primary, 'RS256') }),
          json(await claimsOf(env)),
        ),
      ),
  },
  {
    name: 'JWS JSON serialization instead of compact',
    category: 'JWE as JWS',
    source: 'RFC 7515 §7.2; RFC 7519 §7.2 (JWTs are compact)',
    code: 'authorization_malformed',
    verifyCode: 'token_malformed',
    build: async (env) => {
      const [protectedHeader, payload, signature] = segments(await valid(env));
      return token(JSON.stringify({ payload, signatures: [{ protected: protectedHeader, signature }] }));
    },
  },

  // ECDSA signatures are exactly r‖s of the curve's size (RFC 7518 §3.4).
  {
    name: 'ES256 "psychic signature" r = s = 0 (64 zero bytes)',
    category: 'ECDSA signatures',
    source: 'CVE-2022-21449',
    code: 'signature_invalid',
    build: async (env) =>
      token(
        `${segments(await valid(env, 'ES256'))
          .slice(0, 2)
          .join('.')}.${b64(Buffer.alloc(64))}`,
      ),
  },
  {
    name: 'ES256 r = s = 0 in DER form',
    category: 'ECDSA signatures',
    source: 'CVE-2022-21449; RFC 7518 §3.4',
    code: 'signature_invalid',
    build: async (env) =>
      token(
        `${segments(await valid(env, 'ES256'))
          .slice(0, 2)
          .join('.')}.${b64(Buffer.from('3006020100020100', 'hex'))}`,
      ),
  },
  {
    name: 'ES256 r = s = n (the curve order, zero modulo n)',
    category: 'ECDSA signatures',
    source: 'CVE-2022-21449',
    code: 'signature_invalid',
    build: async (env) =>
      token(
        `${segments(await valid(env, 'ES256'))
          .slice(0, 2)
          .join('.')}.${b64(Buffer.concat([P256_ORDER, P256_ORDER]))}`,
      ),
  },
  {
    name: 'ES256 genuine signature re-encoded as DER',
    category: 'ECDSA signatures',
    source: 'RFC 7518 §3.4 (r‖s, not DER)',
    code: 'signature_invalid',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env, 'ES256'));
      return token(`${header}.${payload}.${b64(rawToDer(Buffer.from(signature, 'base64url')))}`);
    },
  },
  {
    name: 'ES256 genuine signature with its last byte cut off',
    category: 'ECDSA signatures',
    source: 'RFC 7518 §3.4 (64 octets for P-256)',
    code: 'signature_invalid',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env, 'ES256'));
      return token(`${header}.${payload}.${b64(Buffer.from(signature, 'base64url').subarray(0, 63))}`);
    },
  },

  // Weak keys are skipped when the key set is loaded (RFC 8725 §3.5, RFC 7518 §3.3).
  {
    name: 'token signed by an RSA-1024 key the issuer publishes',
    category: 'weak keys',
    source: 'RFC 7518 §3.3 (2048 bits or larger); RFC 8725 §3.5',
    code: 'key_not_found',
    build: async (env) => token(rsa1024Signed(env, await claimsOf(env))),
  },
  {
    name: 'forged signature under a published RSA key with e = 1 (the signature is the padded hash)',
    category: 'weak keys',
    source: 'RFC 8017 §3.1; RFC 8725 §3.5',
    code: 'key_not_found',
    build: async (env) => {
      const input = `${json({ alg: 'RS256', kid: WEAK_KEYS.rsaExponent1.kid })}.${json({ ...(await claimsOf(env)), iss: env.weak.issuer, tid: env.weak.tenantId })}`;
      return token(`${input}.${b64(pkcs1Encoded(input, WEAK_KEYS.rsaExponent1.n))}`);
    },
  },

  // Duplicate members: the lexically last one counts (RFC 7515 §4, RFC 7519 §4 allow rejecting or taking the last; tokenward takes the last, like ECMAScript JSON.parse and jose).
  {
    name: 'duplicate header alg: {"alg":"RS256","alg":"none"} is read as none',
    category: 'duplicate JSON members',
    source: 'RFC 7515 §4; RFC 8259 §4',
    code: 'algorithm_not_allowed',
    build: async (env) =>
      token(`${b64(`{"alg":"RS256","kid":${JSON.stringify(kidOf(env.primary, 'RS256'))},"alg":"none"}`)}.${json(await claimsOf(env))}.AA`),
  },
  {
    name: 'duplicate iss, signed by the issuer: the last (untrusted) one is checked',
    category: 'duplicate JSON members',
    source: 'RFC 7519 §4; RFC 8259 §4',
    code: 'issuer_not_allowed',
    build: async (env) => {
      const claims = JSON.stringify(await claimsOf(env));
      return token(
        issuerSigned(
          env.primary,
          'RS256',
          json({ alg: 'RS256', kid: kidOf(env.primary, 'RS256') }),
          b64(`${claims.slice(0, -1)},"iss":${JSON.stringify(env.attacker.issuer)}}`),
        ),
      );
    },
  },
  {
    name: 'duplicate aud, signed by the issuer: the last (another API) is checked',
    category: 'duplicate JSON members',
    source: 'RFC 7519 §4; RFC 8725 §3.9',
    code: 'audience_mismatch',
    build: async (env) => {
      const claims = JSON.stringify(await claimsOf(env));
      return token(
        issuerSigned(
          env.primary,
          'RS256',
          json({ alg: 'RS256', kid: kidOf(env.primary, 'RS256') }),
          b64(`${claims.slice(0, -1)},"aud":"api://someone-else"}`),
        ),
      );
    },
  },

  // The claims set is a JSON object (RFC 7519 §7.2 step 10).
  ...(
    [
      ['an array', '[]'],
      ['a string', '"Orders.Read"'],
      ['a number', '42'],
      ['null', 'null'],
      ['empty', ''],
      ['single-quoted pseudo-JSON', "{'iss':'x'}"],
    ] as const
  ).map(([what, payload]): AttackCase => ({
    name: `payload that is ${what}, signed by the issuer`,
    category: 'non-object payload',
    source: 'RFC 7519 §7.2; RFC 8259 §8.1',
    code: 'token_malformed',
    build: async (env) => token(issuerSigned(env.primary, 'RS256', json({ alg: 'RS256', kid: kidOf(env.primary, 'RS256') }), b64(payload))),
  })),
  {
    name: 'header that is an array, signed by the issuer',
    category: 'non-object payload',
    source: 'RFC 7515 §5.2 step 3',
    code: 'token_malformed',
    build: async (env) => token(issuerSigned(env.primary, 'RS256', json(['RS256']), json(await claimsOf(env)))),
  },

  // Size limits come before parsing (RFC 8725 §3.? resource exhaustion; core's maxTokenBytes).
  {
    name: 'token one character over maxTokenBytes (16,385)',
    category: 'oversized input',
    source: 'RFC 9110 §5.4 (field limits); RFC 8725 §2.? (resource exhaustion)',
    code: 'authorization_malformed',
    verifyCode: 'token_malformed',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env, 'RS256', { padding: 'x'.repeat(10_000) }));
      const base = `${header}.${payload}.${signature}`;
      return token(`${header}.${payload}${'A'.repeat(ATTACK_MAX_TOKEN_BYTES + 1 - base.length)}.${signature}`);
    },
  },
  {
    name: 'Authorization header of 48 KiB',
    category: 'oversized input',
    source: 'RFC 9110 §5.4',
    code: 'authorization_malformed',
    build: async () => headers(`Bearer ${'a'.repeat(48 * 1024)}`),
  },
  {
    name: "header nested 4,000 levels deep, under the issuer's kid",
    category: 'oversized input',
    source: 'RFC 8259 §9 (nesting limits)',
    code: 'signature_invalid',
    build: async (env) => {
      const header = `{"alg":"RS256","kid":${JSON.stringify(kidOf(env.primary, 'RS256'))},"x":${'['.repeat(4_000)}${']'.repeat(4_000)}}`;
      return token(`${b64(header)}.${json(await claimsOf(env))}.${b64(Buffer.alloc(256, 9))}`);
    },
  },
  {
    name: '4,000 segments',
    category: 'oversized input',
    source: 'RFC 7515 §7.1 (three segments)',
    code: 'token_malformed',
    build: async () => token(Array.from({ length: 4_000 }, () => 'e30').join('.')),
  },

  // One token, one encoding: canonical unpadded base64url only (RFC 7515 §2, RFC 4648 §5).
  {
    name: 'base64 padding after the signature',
    category: 'non-base64url input',
    source: 'RFC 7515 §2 (no padding)',
    code: 'token_malformed',
    build: async (env) => token(`${await valid(env)}==`),
  },
  {
    name: 'standard base64 alphabet (+ and /) in the header',
    category: 'non-base64url input',
    source: 'RFC 7515 §2; RFC 4648 §5',
    code: 'token_malformed',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env));
      return token(`${header.slice(0, -2)}+/.${payload}.${signature}`);
    },
  },
  {
    name: 'non-canonical base64url: stray bits in the last signature character',
    category: 'non-base64url input',
    source: 'RFC 4648 §3.5 (canonical encoding); signature malleability',
    code: 'token_malformed',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env));
      // 256 bytes are 342 characters: the last carries 4 unused bits, which must be zero.
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(signature.slice(-1));
      return token(`${header}.${payload}.${signature.slice(0, -1)}${alphabet[last | 1]}`);
    },
  },
  {
    name: 'header that is not UTF-8, signed by the issuer',
    category: 'non-base64url input',
    source: 'RFC 7515 §5.2 step 3; RFC 8259 §8.1',
    code: 'token_malformed',
    build: async (env) =>
      token(issuerSigned(env.primary, 'RS256', b64(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), json(await claimsOf(env)))),
  },
  {
    name: 'whitespace inside the token',
    category: 'non-base64url input',
    source: 'RFC 6750 §2.1 (b64token); RFC 7515 §7.1',
    code: 'authorization_malformed',
    verifyCode: 'token_malformed',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env));
      return token(`${header}. ${payload}.${signature}`);
    },
  },
  {
    name: 'a Latin-1 character inside the token',
    category: 'non-base64url input',
    source: 'RFC 6750 §2.1 (b64token)',
    code: 'authorization_malformed',
    verifyCode: 'token_malformed',
    build: async (env) => {
      const [header, payload, signature] = segments(await valid(env));
      return token(`${header}.${payload}\u00ff.${signature}`);
    },
  },

  // Entra: a token of another tenant is not yours, even when signed by the shared Microsoft keys.
  {
    name: "another tenant's v2 token (its iss and tid), signed with the shared key",
    category: 'cross-tenant Entra',
    source: 'Microsoft identity platform: validate the issuer per tenant; RFC 8725 §3.8',
    code: 'issuer_not_allowed',
    build: async (env) => token(await valid(env, 'RS256', { tid: TENANTS.other, iss: `${env.primary.url}/${TENANTS.other}/v2.0` })),
  },
  {
    name: "another tenant's v1 token (sts.windows.net), signed with the shared key",
    category: 'cross-tenant Entra',
    source: 'Microsoft identity platform: validate the issuer per tenant',
    code: 'issuer_not_allowed',
    build: async (env) =>
      token(await valid(env, 'RS256', { tid: TENANTS.other, iss: `https://sts.windows.net/${TENANTS.other}/`, ver: '1.0' })),
  },
  {
    name: "the trusted tenant's iss with another tenant's tid",
    category: 'cross-tenant Entra',
    source: 'Microsoft identity platform: tid must match the issuer',
    code: 'tenant_not_allowed',
    build: async (env) => token(await valid(env, 'RS256', { tid: TENANTS.other })),
  },
  {
    name: "the trusted tenant's iss without tid",
    category: 'cross-tenant Entra',
    source: 'Microsoft identity platform: tid must match the issuer',
    code: 'tenant_not_allowed',
    build: async (env) => token(await valid(env, 'RS256', { tid: undefined })),
  },

  // Issuers match exactly, byte for byte (RFC 8725 §3.8; OpenID Connect Discovery §4.3). All signed by the trusted key.
  ...(
    [
      ['with a trailing slash', (iss: string) => `${iss}/`],
      ['in upper case', (iss: string) => iss.toUpperCase()],
      ['with an upper-case scheme', (iss: string) => iss.replace('http://', 'HTTP://')],
      ['with a Cyrillic "е" for "e" (confusable)', (iss: string) => lookAlike(iss, 'e', '\u0435')],
      ['with a fullwidth digit (NFKC-equal)', (iss: string) => lookAlike(iss, '1', '\uff11')],
      ['with its host as a prefix of another host', (iss: string) => iss.replace('127.0.0.1', '127.0.0.1.evil.example')],
      ['as login.microsoftonline.com.evil.example', () => `https://login.microsoftonline.com.evil.example/${TENANTS.primary}/v2.0`],
      ['with a path suffix (/../evil)', (iss: string) => `${iss}/../evil`],
      ['with percent-encoding (%2F)', (iss: string) => iss.replace('/v2.0', '%2Fv2.0')],
      ['with a trailing NUL', (iss: string) => `${iss}\u0000`],
      ['with trailing whitespace', (iss: string) => `${iss} `],
      ['as an array', (iss: string) => [iss]],
    ] as const
  ).map(([what, change]): AttackCase => ({
    name: `issuer look-alike: the trusted iss ${what}`,
    category: 'issuer look-alikes',
    source: 'RFC 8725 §3.8; OpenID Connect Core §3.1.3.7 (exact match)',
    code: 'issuer_not_allowed',
    build: async (env) => token(await valid(env, 'RS256', { iss: change(env.primary.issuer) })),
  })),

  // Exactly one Bearer credential (RFC 6750 §2.1, RFC 9110 §11.6.2).
  {
    name: 'a valid token and a forged one in two Authorization headers',
    category: 'Authorization header',
    source: 'RFC 9110 §5.3 (Authorization is a singleton); RFC 6750 §2.1',
    code: 'authorization_malformed',
    build: async (env) => headers(`Bearer ${await valid(env)}`, `Bearer ${await attackerSigned(env, {})}`),
  },
  {
    name: 'two Bearer credentials joined by a comma in one header',
    category: 'Authorization header',
    source: 'RFC 9110 §5.3; RFC 6750 §2.1',
    code: 'authorization_malformed',
    build: async (env) => headers(`Bearer ${await valid(env)}, Bearer ${await attackerSigned(env, {})}`),
  },
  {
    name: 'a tab between Bearer and the token',
    category: 'Authorization header',
    source: 'RFC 6750 §2.1 (1*SP)',
    code: 'authorization_malformed',
    build: async (env) => headers(`Bearer\t${await valid(env)}`),
  },
  {
    name: 'the token after another scheme (Basic)',
    category: 'Authorization header',
    source: 'RFC 6750 §3.1',
    code: 'token_missing',
    build: async (env) => headers(`Basic ${await valid(env)}`),
  },
];

// ---------------------------------------------------------------------------------------------
// Runners

/** The answer every adapter gives for a core error code (core's fixed sentences, `includeDescription: false`). */
export function attackAnswer(code: AttackErrorCode): ExpectedAnswer {
  const failure = (status: number, error: string, description: string, wwwAuthenticate: string): ExpectedAnswer => ({
    status,
    wwwAuthenticate,
    body: { error, error_description: description },
    noStore: true,
    retryAfter: false,
  });
  if (code === 'token_missing') return failure(401, 'invalid_request', 'a Bearer token is required', challenge());
  if (code === 'authorization_malformed')
    return failure(400, 'invalid_request', 'the Authorization header is malformed', challenge(', error="invalid_request"'));
  return failure(401, 'invalid_token', 'the access token is not valid', challenge(', error="invalid_token"'));
}

/** The HTTP status each expected code maps to. */
export const ATTACK_STATUS: Readonly<Record<AttackErrorCode, 400 | 401>> = {
  token_missing: 401,
  authorization_malformed: 400,
  token_malformed: 401,
  signature_invalid: 401,
  algorithm_not_allowed: 401,
  issuer_not_allowed: 401,
  audience_mismatch: 401,
  tenant_not_allowed: 401,
  key_not_found: 401,
};

/** The Authorization header values of an input. */
export function authorizationOf(input: AttackInput): readonly string[] {
  return 'token' in input ? [`Bearer ${input.token}`] : input.authorization;
}

// Counted, never reset: a test can also assert the total over the whole table.
function attackerContacted(env: AttackEnvironment, before: number): string[] {
  const count = env.attacker.requests.total - before;
  return count === 0 ? [] : [`the attacker's server was contacted: expected 0 requests, found ${count}`];
}

/** Runs one case through an adapter (`send` speaks to the real framework) and compares the answer with the table. */
export async function runAttackCase(
  environment: AttackEnvironment,
  attack: AttackCase,
  send: ConformanceSend,
): Promise<AttackResult & { readonly response: ConformanceResponse }> {
  const input = await attack.build(environment);
  const before = environment.attacker.requests.total;
  const response = await send({
    method: 'GET',
    path: environment.setup.routes.orders.path,
    target: environment.setup.routes.orders.path,
    headers: authorizationOf(input).map((value) => ['Authorization', value] as const),
  });
  const mismatches = [...compareAnswer(attackAnswer(attack.code), response), ...attackerContacted(environment, before)];
  return { ok: mismatches.length === 0, mismatches, response };
}

/** What the core runner needs of a verifier (core's `Verifier` fits). */
export interface AttackVerifier {
  verify(token: string): Promise<unknown>;
  authenticate(request: Record<string, string | string[]>): Promise<unknown>;
}

/** How a call ended: its rejection (`error`) or, wrongly, a value. */
export type AttackOutcome = { readonly rejected: true; readonly error: unknown } | { readonly rejected: false; readonly value: unknown };

async function outcomeOf(run: () => Promise<unknown>): Promise<AttackOutcome> {
  try {
    return { rejected: false, value: await run() };
  } catch (error) {
    return { rejected: true, error };
  }
}

function judge(what: string, outcome: AttackOutcome, code: AttackErrorCode): string[] {
  if (!outcome.rejected) return [`${what}: expected a rejection with ${code}, found an accepted token`];
  const { code: found, status } = (outcome.error ?? {}) as { code?: unknown; status?: unknown };
  const lines: string[] = [];
  if (found !== code) lines.push(`${what}: code: expected ${JSON.stringify(code)}, found ${JSON.stringify(found)}`);
  if (status !== ATTACK_STATUS[code]) lines.push(`${what}: status: expected ${ATTACK_STATUS[code]}, found ${JSON.stringify(status)}`);
  return lines;
}

/**
 * Runs one case against core: `authenticate({ authorization })` (a Node header record, one entry per
 * header line) and, for token cases, `verify(token)`. Returns both outcomes so the caller can also
 * check the error classes.
 */
export async function runAttackOnVerifier(
  environment: AttackEnvironment,
  attack: AttackCase,
  verifier: AttackVerifier,
): Promise<AttackResult & { readonly authenticate: AttackOutcome; readonly verify?: AttackOutcome }> {
  const input = await attack.build(environment);
  const before = environment.attacker.requests.total;
  const values = authorizationOf(input);
  const authenticate = await outcomeOf(() =>
    verifier.authenticate({ authorization: values.length === 1 ? (values[0] as string) : [...values] }),
  );
  const mismatches = judge('authenticate', authenticate, attack.code);
  if (!('token' in input))
    return { ok: mismatches.length === 0, mismatches: [...mismatches, ...attackerContacted(environment, before)], authenticate };
  const verify = await outcomeOf(() => verifier.verify(input.token));
  mismatches.push(...judge('verify', verify, attack.verifyCode ?? attack.code), ...attackerContacted(environment, before));
  return { ok: mismatches.length === 0, mismatches, authenticate, verify };
}
