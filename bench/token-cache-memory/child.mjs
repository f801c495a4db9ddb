/**
 * One fresh `node --expose-gc` process: how much heap a verifier's token cache holds when full. Reads
 * `Bearer <token>` lines from the file the parent wrote (kept as Buffer views, off the V8 heap), and
 * presents each as a fresh header string, as Node's HTTP parser hands one to a handler: the cache keeps
 * what it keeps of a real request, and nothing else holds the strings. Steps, each followed by full GCs
 * and `process.memoryUsage().heapUsed`:
 *   control   the fill tokens through a verifier without cache (what verification leaves behind anyway)
 *   fill      the same tokens through the verifier with `tokenCache: true`: the cache from empty to full
 *   turnover  as many other tokens through it again, every one an insert and an eviction
 *   text      the fill tokens' text alone (the header string's slice after `Bearer `, as core takes it) in an array
 * control and fill run in the order the parent gives (it alternates between processes).
 *   node --expose-gc child.mjs   (env TOKEN_CACHE_MEMORY: { file, entries, order, tenantId, audience, authority })
 */
import { readFileSync } from 'node:fs';
import { setImmediate as tick } from 'node:timers/promises';
import { createVerifier, entra } from '@tokenward/core';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const { file, entries, order, tenantId, audience, authority } = JSON.parse(process.env.TOKEN_CACHE_MEMORY);

const all = readFileSync(file);
const lines = [];
for (let start = 0; start < all.length;) {
  const end = all.indexOf(10, start);
  lines.push(all.subarray(start, end));
  start = end + 1;
}
if (lines.length !== 3 * entries) throw new Error(`expected ${3 * entries} tokens, read ${lines.length}`);
const warmup = lines.slice(0, entries);
const fill = lines.slice(entries, 2 * entries);
const turnover = lines.slice(2 * entries);

/** heapUsed after full collections (and the finalizers and weak callbacks between them). */
async function heap() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await tick();
  }
  return process.memoryUsage().heapUsed;
}

const preset = () => entra({ tenantId, audience, authority });
const plain = createVerifier({ issuers: [preset()] });
const cached = createVerifier({ issuers: [preset()], tokenCache: true });
// A verifier of its own warms the cached path (miss, insert, evict, hit) without filling the measured cache.
let warmer = createVerifier({ issuers: [preset()], tokenCache: { maxEntries: 10 } });
await Promise.all([plain.warm(), cached.warm(), warmer.warm()]);

async function present(verifier, tokens) {
  for (const line of tokens) {
    const token = await verifier.authenticate({ authorization: line.toString('latin1') });
    if (typeof token.principal.subject !== 'string') throw new Error('no subject');
  }
}

for (let i = 0; i < 2; i++) {
  await present(plain, warmup);
  await present(warmer, warmup);
}
await present(warmer, warmup.slice(-5));
warmer = undefined;

const result = { tokenChars: fill.reduce((sum, line) => sum + line.length - 'Bearer '.length, 0) / entries };
let before = await heap();
result.empty = before;
for (const step of order) {
  await present(step === 'control' ? plain : cached, fill);
  const after = await heap();
  result[step] = after - before;
  before = after;
}
await present(cached, turnover);
let after = await heap();
result.turnover = after - before;
before = after;
// The token text alone, kept as core keeps it: a slice of a fresh header string.
const text = fill.map((line) => line.toString('latin1').slice('Bearer '.length));
after = await heap();
result.text = after - before;
if (text.length !== entries) throw new Error('unreachable');
process.stdout.write(`${JSON.stringify(result)}\n`);
