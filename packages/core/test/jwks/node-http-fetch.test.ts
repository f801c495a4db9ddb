import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, oidc } from '../../src/index.node.js';
import { fetchJson } from '../../src/http/fetch-json.js';
import { nodeHttpFetch } from '../../src/http/node-http-fetch.js';

// The Node entry's key fetcher, against real servers on 127.0.0.1, through the same fetchJson the verifier uses.
let issuer: TestIssuer;
let redirecting: Server;
let redirectOrigin: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  redirecting = createServer((request, response) => {
    if (request.url === '/moved') {
      response.writeHead(302, { location: issuer.jwksUri }).end();
      return;
    }
    if (request.url === '/cut') {
      // Headers and part of the body, then the connection goes away.
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"keys":[');
      setTimeout(() => response.socket?.destroy(), 20);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
  redirectOrigin = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await issuer?.close();
  await new Promise((resolve) => redirecting?.close(resolve));
});

const options = { fetch: nodeHttpFetch, timeoutMs: 1_000, maxResponseBytes: 64 * 1024 };

describe('nodeHttpFetch', () => {
  it('reads a JSON document and its Cache-Control header', async () => {
    const document = await fetchJson(issuer.jwksUri, 'keys', options);
    expect(document.body).toEqual(issuer.publicJwks());
    expect(document.cacheControl).toBe('public, max-age=3600');
  });

  it('reports a non-2xx status', async () => {
    issuer.setFault({ kind: 'status', status: 500 });
    try {
      await expect(fetchJson(issuer.jwksUri, 'keys', options)).rejects.toThrow(/answered 500/);
    } finally {
      issuer.setFault(null);
    }
  });

  it('stops reading an oversized response at the size cap', async () => {
    issuer.setFault({ kind: 'oversized', target: 'keys' });
    try {
      await expect(fetchJson(issuer.jwksUri, 'keys', options)).rejects.toThrow(/larger than 65536 bytes/);
    } finally {
      issuer.setFault(null);
    }
  });

  it('gives up on a server that never answers, at the deadline', async () => {
    issuer.setFault({ kind: 'hang' });
    try {
      await expect(fetchJson(issuer.jwksUri, 'keys', { ...options, timeoutMs: 200 })).rejects.toThrow(/timed out after 200 ms/);
    } finally {
      issuer.setFault(null);
    }
  });

  it('gives up on a body that drips slower than the deadline allows', async () => {
    issuer.setFault({ kind: 'slow-drip', chunkDelayMs: 100 });
    try {
      await expect(fetchJson(issuer.jwksUri, 'keys', { ...options, timeoutMs: 300 })).rejects.toThrow(/timed out after 300 ms/);
    } finally {
      issuer.setFault(null);
    }
  });

  it('hands redirects to fetchJson, which follows them within the URL rule', async () => {
    const response = await nodeHttpFetch(`${redirectOrigin}/moved`, { method: 'GET', redirect: 'manual' });
    expect([response.status, response.headers.get('location')]).toEqual([302, issuer.jwksUri]);
    await response.body?.cancel();
    await expect(fetchJson(`${redirectOrigin}/moved`, 'keys', options)).resolves.toMatchObject({ body: issuer.publicJwks() });
  });

  it('reports a body cut off by the server at once, not at the deadline', async () => {
    await expect(fetchJson(`${redirectOrigin}/cut`, 'keys', { ...options, timeoutMs: 10_000 })).rejects.toThrow(/could not be fetched/);
  });

  it('reports a connection that is refused', async () => {
    await expect(fetchJson('http://127.0.0.1:1/keys', 'keys', options)).rejects.toThrow(/could not be fetched/);
  });

  it('rejects at once for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(nodeHttpFetch(issuer.jwksUri, { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('fetches https: URLs over TLS', async () => {
    // The issuer speaks plain HTTP, so the handshake fails (the server hangs up, or answers a 400 that is no TLS
    // record, depending on timing); over node:http the same request would have succeeded.
    await expect(nodeHttpFetch(issuer.jwksUri.replace(/^http:/, 'https:'))).rejects.toThrow(/TLS|SSL/);
  });

  it('sends only GET requests that leave redirects to the caller', async () => {
    await expect(nodeHttpFetch(issuer.jwksUri, { method: 'POST' })).rejects.toThrow(TypeError);
    await expect(nodeHttpFetch(issuer.jwksUri, { redirect: 'follow' })).rejects.toThrow(TypeError);
    await expect(nodeHttpFetch('file:///etc/passwd')).rejects.toThrow(/cannot fetch file: URLs/);
  });

  it('is what the Node entry fetches keys with, leaving the global fetch unused', async () => {
    const globalFetch = globalThis.fetch;
    let globalCalls = 0;
    globalThis.fetch = (...args: Parameters<typeof fetch>) => {
      globalCalls++;
      return globalFetch(...args);
    };
    try {
      const verifier = createVerifier({ issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })] });
      await expect(verifier.verify(await issuer.mint())).resolves.toBeDefined();
      expect(globalCalls).toBe(0);
    } finally {
      globalThis.fetch = globalFetch;
    }
  });

  it('gives way to a jwks.fetch passed explicitly', async () => {
    let calls = 0;
    const verifier = createVerifier({
      issuers: [oidc({ issuer: issuer.issuer, audience: issuer.audience })],
      jwks: { fetch: (input, init) => (calls++, issuer.fetch(input, init)) },
    });
    await verifier.verify(await issuer.mint());
    expect(calls).toBe(2); // discovery, then keys
  });
});
