import type { AddressInfo } from 'node:net';
import { entra, type VerifierOptions } from '@tokenward/core';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import express, { type Express } from 'express';
import express4 from 'express4';

/** Both supported majors, so every spec runs against each. */
export const EXPRESS_VERSIONS: ReadonlyArray<readonly [string, () => Express]> = [
  ['Express 4', () => express4()],
  ['Express 5', () => express()],
];

export interface Server {
  readonly origin: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port. */
export function listen(app: Express): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** An Entra-shaped local issuer. */
export function entraIssuer(): Promise<TestIssuer> {
  return createTestIssuer({ provider: 'entra' });
}

/** Verifier options trusting `issuer`; `onVerify` runs once per token verified. */
export function optionsFor(issuer: TestIssuer, onVerify: () => void = () => undefined): VerifierOptions {
  return {
    issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url, checks: [() => void onVerify()] })],
    jwks: { timeoutMs: 2_000 },
  };
}

export const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

/** A bounded GET. */
export async function get(origin: string, path: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; body: unknown }> {
  const response = await fetch(new URL(path, origin), { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body };
}
