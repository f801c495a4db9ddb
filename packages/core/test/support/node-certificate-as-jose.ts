// The "node-crypto" test project swaps this in for src/crypto/jose-certificate.ts: x509 key sources are
// read by the Node platform's certificate reader there.
export { nodeCertificateToJwk as joseCertificateToJwk } from '../../src/crypto/node-certificate.js';
