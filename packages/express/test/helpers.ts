import { createServer, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccessPolicy, entra, type VerifierOptions } from '@tokenward/core';
import { createTestIssuer, type ConformanceSetup, type TestIssuer } from '@tokenward/testing';
import express, { type Express, type Request, type Response } from 'express';
import express4 from 'express4';
import { tokenward } from '../src/index.js';

/** Both supported majors, so every spec runs against each. */
export const EXPRESS_VERSIONS: ReadonlyArray<readonly [string, () => Express]> = [
  ['Express 4', () => express4()],
  ['Express 5', () => express()],
];

export interface Server {
  readonly origin: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 on a free port; `options` go to node:http (e.g. `maxHeaderSize`). */
export function listen(app: Express, options: ServerOptions = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(options, app).listen(0, '127.0.0.1');
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
    issuers: [
      entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url, checks: [() => void onVerify()] }),
    ],
    jwks: { timeoutMs: 2_000 },
  };
}

export const bearer = (token: string): RequestInit => ({ headers: { authorization: `Bearer ${token}` } });

/** A bounded GET. */
export async function get(
  origin: string,
  path: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: unknown }> {
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

/** The conformance app of @tokenward/testing (also the attack app), built from its `setup`. */
export function conformanceApp(createApp: () => Express, setup: ConformanceSetup): Express {
  const options = {
    issuers: setup.issuers.map((settings) => entra(settings)),
    jwks: setup.jwks,
    realm: setup.realm,
    includeDescription: setup.includeDescription,
    tokenLocation: setup.tokenLocation,
    dpop: setup.dpop,
  };
  const subject = (req: Request, res: Response) => void res.json({ subject: req.auth?.principal.subject });
  const app = createApp();
  app.get(setup.routes.orders.path, tokenward(options, setup.routes.orders.requirement), subject);
  app.get(setup.routes.admin.path, tokenward(options, setup.routes.admin.requirement), subject);
  app.get(setup.routes.partner.path, tokenward(options, createAccessPolicy(setup.routes.partner.policy)), subject);
  app.get(setup.routes.stepUp.path, tokenward(options, setup.routes.stepUp.requirement), subject);
  return app;
}
