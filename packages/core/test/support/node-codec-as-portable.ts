// The "node-crypto" test project swaps this in for src/token/codec.js, so every token the suite parses
// (attack table and Wycheproof included) also goes through Node's Buffer codec.
export { nodeCodec as portableCodec } from '../../src/token/node-codec.js';
