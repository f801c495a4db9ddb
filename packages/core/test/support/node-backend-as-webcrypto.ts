// The "node-crypto" test project swaps this in for src/crypto/webcrypto-backend.ts, so the whole suite
// (Wycheproof vectors included) runs once per signature backend.
export { nodeCryptoBackend as webCryptoBackend } from '../../src/crypto/node-backend.js';
