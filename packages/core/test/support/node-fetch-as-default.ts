// The "node-crypto" test project swaps this in for src/http/default-fetch.ts, so every test that
// fetches from a real local issuer without injecting a fetch runs over the Node entry's key fetcher.
export { nodeHttpFetch as defaultFetch } from '../../src/http/node-http-fetch.js';
