import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkers, type Workers } from './harness.js';
import { bearer } from './helpers.js';

// Firebase's keys are X.509 certificates: the portable entry reads them with jose, here inside workerd.
const ENTRY = fileURLToPath(new URL('./fixtures/firebase-worker.ts', import.meta.url));

let issuer: TestIssuer;
let workers: Workers;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'firebase' });
  workers = await startWorkers({ firebase: { PROJECT_ID: issuer.audience, AUTHORITY: issuer.url, CERTS_URL: issuer.jwksUri } }, ENTRY);
});

afterAll(async () => {
  await workers?.dispose();
  await issuer?.close();
});

describe('firebase() in workerd', () => {
  it('verifies an ID token against the certificate map', async () => {
    const token = await issuer.mint();
    const response = await workers.fetch('http://firebase.fetch.test/', bearer(token));
    expect(response.status).toBe(200);
    const [header = ''] = token.split('.');
    const { kid } = JSON.parse(Buffer.from(header, 'base64url').toString()) as { kid: string };
    expect(await response.json()).toMatchObject({ kid });
  });

  it('rejects a token signed by another key', async () => {
    const stranger = await createTestIssuer({ provider: 'firebase', listen: false, projectId: issuer.audience });
    try {
      const forged = await stranger.mint({ iss: issuer.issuer });
      const response = await workers.fetch('http://firebase.fetch.test/', bearer(forged));
      expect(response.status).toBe(401);
    } finally {
      await stranger.close();
    }
  });
});
