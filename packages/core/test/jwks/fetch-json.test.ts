import { describe, expect, it } from 'vitest';
import { fetchJson, MAX_REDIRECTS } from '../../src/http/fetch-json.js';
import { KeyFetchError } from '../../src/http/key-fetch-error.js';
import { fakeFetch, jsonResponse, rejectionOf, type Handler } from './helpers.js';

const URL_WITH_SECRET = 'https://keys.example.com/jwks?client_secret=s3cr3t';
const LIMITS = { timeoutMs: 1_000, maxResponseBytes: 1_024 };

function fetchWith(handler: Handler, limits: Partial<typeof LIMITS> = {}) {
  const server = fakeFetch(handler);
  return { server, get: (url = URL_WITH_SECRET) => fetchJson(url, 'JWKS', { fetch: server.fetch, ...LIMITS, ...limits }) };
}

/** A body that yields `chunk` on every read, forever, counting reads and noticing cancellation. */
function endlessBody(chunk: Uint8Array) {
  const state = { reads: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.reads++;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('fetchJson', () => {
  it('returns the parsed body and the Cache-Control header', async () => {
    const { get } = fetchWith(() => jsonResponse({ keys: [] }, { headers: { 'cache-control': 'max-age=60' } }));
    await expect(get()).resolves.toEqual({ body: { keys: [] }, cacheControl: 'max-age=60' });
  });

  it('sends a GET that does not follow redirects on its own and carries an abort signal', async () => {
    const { server, get } = fetchWith(() => jsonResponse({}));
    let seen: RequestInit | undefined;
    server.answer((_, init) => {
      seen = init;
      return jsonResponse({});
    });
    await get();
    expect(seen).toMatchObject({ method: 'GET', redirect: 'manual' });
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
  });

  it('fails on a non-2xx status, naming the status but not the body', async () => {
    const { get } = fetchWith(() => jsonResponse({ error: 'internal detail 42' }, { status: 500 }));
    const error = await rejectionOf(get());
    expect(error).toBeInstanceOf(KeyFetchError);
    expect(error.message).toBe('JWKS at https://keys.example.com/jwks answered 500');
  });

  it('fails on a body that is not JSON, without quoting it or keeping the parser error', async () => {
    const { get } = fetchWith(() => new Response('<html>upstream secret page</html>', { status: 200 }));
    const error = await rejectionOf(get());
    expect(error.message).toBe('JWKS at https://keys.example.com/jwks is not valid JSON');
    expect(error.cause).toBeUndefined();
  });

  it('fails on a body that is not valid UTF-8', async () => {
    const { get } = fetchWith(() => new Response(new Uint8Array([0x7b, 0xff, 0x7d])));
    await expect(get()).rejects.toThrow('is not valid JSON');
  });

  it('fails without reading when Content-Length exceeds maxResponseBytes', async () => {
    const { stream, state } = endlessBody(new Uint8Array(100));
    const { get } = fetchWith(() => new Response(stream, { headers: { 'content-length': '5000' } }));
    await expect(get()).rejects.toThrow('JWKS at https://keys.example.com/jwks is larger than 1024 bytes');
    expect(state.cancelled).toBe(true);
  });

  it('stops reading past maxResponseBytes when Content-Length lies', async () => {
    const { stream, state } = endlessBody(new Uint8Array(100).fill(0x20));
    const { get } = fetchWith(() => new Response(stream, { headers: { 'content-length': '10' } }));
    await expect(get()).rejects.toThrow('is larger than 1024 bytes');
    expect(state.cancelled).toBe(true);
    expect(state.reads).toBeLessThan(20);
  });

  it('stops reading past maxResponseBytes when Content-Length is absent', async () => {
    const { stream, state } = endlessBody(new Uint8Array(100).fill(0x20));
    const { get } = fetchWith(() => new Response(stream));
    await expect(get()).rejects.toThrow('is larger than 1024 bytes');
    expect(state.cancelled).toBe(true);
  });

  it('accepts a body of exactly maxResponseBytes', async () => {
    const body = JSON.stringify({ pad: 'x'.repeat(1_024 - 10) });
    expect(body.length).toBe(1_024);
    const { get } = fetchWith(() => new Response(body));
    await expect(get()).resolves.toMatchObject({ body: { pad: expect.any(String) } });
  });

  it('enforces the size cap on fetch implementations without streams', async () => {
    const big = {
      status: 200,
      ok: true,
      type: 'basic',
      headers: new Headers(),
      body: null,
      arrayBuffer: async () => new ArrayBuffer(2_048),
    };
    const { get } = fetchWith(() => big as unknown as Response);
    await expect(get()).rejects.toThrow('is larger than 1024 bytes');
  });

  it('times out waiting for headers, even when the fetch ignores the abort signal', async () => {
    const { get } = fetchWith(() => new Promise<Response>(() => undefined), { timeoutMs: 30 });
    await expect(get()).rejects.toThrow('JWKS at https://keys.example.com/jwks timed out after 30 ms');
  });

  it('aborts the request when it times out', async () => {
    let signal: AbortSignal | undefined;
    const { get } = fetchWith(
      (_, init) => {
        signal = init?.signal ?? undefined;
        return new Promise<Response>(() => undefined);
      },
      { timeoutMs: 30 },
    );
    await rejectionOf(get());
    expect(signal?.aborted).toBe(true);
  });

  it('times out on a body that drips slower than the timeout allows', async () => {
    const encoder = new TextEncoder();
    const drip = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        controller.enqueue(encoder.encode(' '));
      },
    });
    const { get } = fetchWith(() => new Response(drip), { timeoutMs: 40 });
    await expect(get()).rejects.toThrow('timed out after 40 ms');
  });

  it('follows a redirect to another https URL', async () => {
    const { server, get } = fetchWith((url) =>
      url.startsWith('https://keys.example.com/')
        ? new Response(null, { status: 302, headers: { location: 'https://cdn.example.com/jwks.json' } })
        : jsonResponse({ keys: [] }),
    );
    await expect(get()).resolves.toMatchObject({ body: { keys: [] } });
    expect(server.requests).toEqual([URL_WITH_SECRET, 'https://cdn.example.com/jwks.json']);
  });

  it('resolves a relative Location against the current URL', async () => {
    const { server, get } = fetchWith((url) =>
      url.endsWith('/old') ? new Response(null, { status: 301, headers: { location: '/new' } }) : jsonResponse({}),
    );
    await get('https://keys.example.com/old');
    expect(server.requests.at(-1)).toBe('https://keys.example.com/new');
  });

  it('refuses a redirect to plain http on a remote host without requesting it', async () => {
    const { server, get } = fetchWith(() => new Response(null, { status: 307, headers: { location: 'http://evil.example.com/jwks?x=1' } }));
    await expect(get()).rejects.toThrow(
      'JWKS at https://keys.example.com/jwks redirected to http://evil.example.com/jwks, which is not an allowed key URL (https only)',
    );
    expect(server.count()).toBe(1);
  });

  it(`refuses more than ${MAX_REDIRECTS} redirects`, async () => {
    let hop = 0;
    const { server, get } = fetchWith(
      () => new Response(null, { status: 302, headers: { location: `https://keys.example.com/${++hop}` } }),
    );
    await expect(get()).rejects.toThrow(`redirected more than ${MAX_REDIRECTS} times`);
    expect(server.count()).toBe(MAX_REDIRECTS + 1);
  });

  it('fails on a redirect without a Location', async () => {
    const { get } = fetchWith(() => new Response(null, { status: 302 }));
    await expect(get()).rejects.toThrow('redirected without a Location');
  });

  it('fails on an opaque redirect (browsers), which cannot be followed', async () => {
    const opaque = { status: 0, ok: false, type: 'opaqueredirect', headers: new Headers(), body: null };
    const { get } = fetchWith(() => opaque as unknown as Response);
    await expect(get()).rejects.toThrow('answered with a redirect that cannot be followed');
  });

  it('wraps network errors, keeping them as the cause', async () => {
    const network = new TypeError('fetch failed');
    const { get } = fetchWith(() => Promise.reject(network));
    const error = await rejectionOf(get());
    expect(error.message).toBe('JWKS at https://keys.example.com/jwks could not be fetched');
    expect(error.cause).toBe(network);
  });

  it('never puts the query string in a message', async () => {
    const { get } = fetchWith(() => jsonResponse({}, { status: 404 }));
    const error = await rejectionOf(get());
    expect(error.message).not.toContain('s3cr3t');
  });
});
