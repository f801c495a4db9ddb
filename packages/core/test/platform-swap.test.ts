/**
 * The "node-crypto" project swaps the web platform's modules for the Node entry's by path (the aliases
 * in vitest.config.ts). This checks the swap happened, so a moved or renamed file cannot quietly run
 * the whole suite twice on the same platform.
 */
import { describe, expect, it } from 'vitest';
import { nodeCryptoBackend } from '../src/crypto/node-backend.js';
import { nodeCertificateToJwk } from '../src/crypto/node-certificate.js';
import { nodeHttpFetch } from '../src/http/node-http-fetch.js';
import { webPlatform } from '../src/platform/web.js';
import { nodeCodec } from '../src/token/node-codec.js';

const onNode = process.env.CORE_TEST_PLATFORM === 'node';

describe(`the ${onNode ? 'node-crypto' : 'webcrypto'} test project`, () => {
  it('names its platform', () => {
    expect(['web', 'node']).toContain(process.env.CORE_TEST_PLATFORM);
  });

  it.each([
    ['signature backend', () => webPlatform.signatureBackend, nodeCryptoBackend],
    ['key fetcher', () => webPlatform.fetch, nodeHttpFetch],
    ['certificate reader', () => webPlatform.certificateToJwk, nodeCertificateToJwk],
    ['token codec', () => webPlatform.codec, nodeCodec],
  ] as const)(`runs the ${onNode ? "Node entry's" : 'portable'} %s`, (_what, inUse, nodeOne) => {
    expect(inUse() === nodeOne).toBe(onNode);
  });
});
