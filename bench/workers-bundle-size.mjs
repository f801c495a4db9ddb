#!/usr/bin/env node
/**
 * Bundle size of a Cloudflare Worker protected by @tokenward/workers, next to the same Worker written
 * with jose's jwtVerify + createRemoteJWKSet. Each Worker is bundled with esbuild (ESM, minified, for
 * workerd) and gzipped (zlib default level, as Cloudflare's upload size is reported).
 *
 *   node bench/workers-bundle-size.mjs          # from the repository root; no build needed
 *
 * Workspace packages are bundled from their sources (the `source` export condition); jose and hono from
 * their published files. Run on demand: it is not part of `pnpm test`.
 *
 * Below the table, where the first Worker's gzipped bytes go: each part's cost is how much smaller the
 * gzipped bundle gets without that part's bytes (attributed through esbuild's source map), so the costs
 * add up to about the total, not exactly (gzip shares repeats across parts).
 */
import { gzipSync } from 'node:zlib';
import { footer, writeSection } from './lib/results.mjs';
import { BUILD_FLAGS, bundle, esbuildVersion, workerSources } from './lib/worker-builds.mjs';

// The Workers as deployed against Entra's public cloud (their sources live in lib/worker-builds.mjs).
const workers = workerSources();

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

const rows = [];
for (const worker of workers) {
  const result = await bundle(worker);
  const bytes = result.outputFiles[0].contents;
  rows.push({ name: worker.name, minified: bytes.byteLength, gzip: gzipSync(bytes).byteLength });
}

/** The parts of the tokenward Worker, by source path (first match wins). */
const PARTS = [
  ['jose (imports JWKs into WebCrypto)', /node_modules\/.*\/jose\//],
  ['core: token parsing, claim checks, principal', /core\/src\/(token\/|verify\/(check-claims|check-signature|principal))/],
  ['core: issuer config validation and lookup', /core\/src\/verify\/issuer-registry/],
  ['core: the entra() preset', /core\/src\/issuers\//],
  ['core: key validation (RSA size, ROCA, curves)', /core\/src\/(keys\/(check-public-key|roca|key-set|select-key)\.ts|crypto\/algorithms)/],
  ['core: key fetching (timeouts, size limit, redirects, Cache-Control)', /core\/src\/http\//],
  ['core: key sources (JWKS, discovery, x509, static)', /core\/src\/keys\/(source-loaders|x509-to-jwk)/],
  [
    'core: key cache (cooldown, backoff, stale-if-error, background refresh, shared store)',
    /core\/src\/keys\/(key-set-cache|memory-store|options|stored-entry|store-integrity|canonical-json)/,
  ],
  ['core: key resolution and import cache', /core\/src\/(keys\/|crypto\/)/],
  [
    'core: verifier, options, token cache',
    /core\/src\/(verify\/|shared\/(deep-freeze|options|promise-like|bounded|types)|platform\/|index)/,
  ],
  ['core: Authorization header parsing', /core\/src\/rfc6750\/bearer/],
  ['core: observability events (onEvent)', /core\/src\/observe\//],
  ['core: token location (cookie, query parameter, one place)', /core\/src\/(rfc6750\/token-location|adapter\/token-location)/],
  ['core: DPoP (proofs, replay, nonces, challenges)', /core\/src\/(dpop\/|shared\/dpop-scheme)/],
  ['core: typed errors and RFC 6750 answers', /core\/src\/(shared\/(errors|format)|rfc6750\/)/],
  ['core: requirements (scopes, roles, checks)', /core\/src\/authz\//],
  ['core: the adapter kit', /core\/src\/adapter\//],
  ['@tokenward/workers', /workers\/src\//],
  ['the Worker itself', /./],
];

/** Per source byte of `code`, the index of the source it came from (-1 for none), from a v3 source map. */
function sourceOfEachByte(code, mappings) {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const owner = new Int32Array(code.length).fill(-1);
  let source = 0;
  let offset = 0;
  const lines = code.split('\n');
  mappings.split(';').forEach((line, index) => {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',').filter(Boolean)) {
      const values = [];
      for (let i = 0, value = 0, shift = 0; i < segment.length; i++) {
        const digit = digits.indexOf(segment[i]);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push([column, values.length > 1 ? source : -1]);
    }
    const length = lines[index]?.length ?? 0;
    segments.forEach(([start, from], i) => owner.fill(from, offset + start, offset + (segments[i + 1]?.[0] ?? length)));
    offset += length + 1;
  });
  return owner;
}

async function breakdown(worker, expected) {
  const result = await bundle(worker, { sourcemap: 'external', outfile: 'worker.js' });
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith('.map')).text);
  const code = result.outputFiles.find((file) => file.path.endsWith('.js')).text.replace(/\n\/\/# sourceMappingURL=.*\n?$/, '\n');
  // Only when the source-mapped build is the measured one, byte for byte.
  if (Buffer.byteLength(code) !== expected.minified) return [];
  const owner = sourceOfEachByte(code, map.mappings);
  const partOf = map.sources.map((path) => PARTS.findIndex(([, pattern]) => pattern.test(path.replaceAll('\\', '/'))));
  const total = gzipSync(code).byteLength;
  return PARTS.map(([name], part) => {
    let minified = 0;
    let rest = '';
    for (let i = 0; i < code.length; i++) {
      if (owner[i] >= 0 && partOf[owner[i]] === part) minified++;
      else rest += code[i];
    }
    return { name, minified, gzip: total - gzipSync(rest).byteLength };
  }).filter((part) => part.minified > 0);
}

const parts = await breakdown(workers[0], rows[0]);

const body = [
  `esbuild ${esbuildVersion}, ${BUILD_FLAGS}; gzip: zlib default level.`,
  '',
  '| Worker | minified | minified + gzip |',
  '| --- | ---: | ---: |',
  ...rows.map((row) => `| ${row.name} | ${kib(row.minified)} | ${kib(row.gzip)} |`),
  '',
  ...(parts.length === 0
    ? []
    : [
        `Where the gzipped bytes of "${workers[0].name}" go (a part's cost: how much the gzipped bundle shrinks without it; the costs overlap a little, so they add up to about the total):`,
        '',
        '| Part | minified | gzip cost |',
        '| --- | ---: | ---: |',
        ...parts.map((part) => `| ${part.name} | ${kib(part.minified)} | ${kib(part.gzip)} |`),
        '',
      ]),
  'What the peer Workers leave out, which is where their bytes are saved (each of these is a row of the parts table above):',
  '',
  '| guarantee | tokenward | jose by hand | aws-jwt-verify | hono jwk() |',
  '| --- | --- | --- | --- | --- |',
  '| keys cached across requests | yes, with max-age, refresh behind the traffic | yes (10 min, awaited refetch) | yes, never expire (a removed key keeps verifying) | no: the key set is fetched on every request |',
  '| keys through an IdP outage | stale-if-error 1 h, backoff, `jwks_unavailable` 503 | error per request after expiry | served forever | every request fails |',
  '| key hygiene (RSA ≥ 2048, ROCA, private members, `use`/`key_ops`) | yes | no | partial (kty, use, alg) | no |',
  '| typed errors and RFC 6750 answers (400/401/403/503, challenges) | yes | by hand | by hand | 401 only |',
  '| provider rules (Entra tenant and key issuer, v1/v2 issuers) | the entra() preset | by hand | by hand | by hand |',
  '',
  footer(['jose', 'aws-jwt-verify'], 'node bench/workers-bundle-size.mjs', { needsBuild: false }),
].join('\n');
writeSection('workers-bundle-size', 'Workers bundle size', body);
console.log(body);
