/**
 * Everything the example needs on 127.0.0.1: a local Entra issuer that signs the extension's calls, the
 * local Fauna server with the Customer collection, and the function behind the local host.
 */
import type { AddressInfo } from 'node:net';
import { CUSTOM_AUTH_EXTENSION_APP_ID } from '@tokenward/fauna';
import { claimsProviderFunction } from '@tokenward/fauna/azure-functions';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { createFaunaServer, type FaunaServer } from '@tokenward/testing/fauna';
import { createLocalHost } from './local-host.js';
import { localProvider } from './provider.js';

/** The custom authentication extension's app registration in the local tenant. */
export const EXTENSION_APP_ID = 'a0c5b5e4-5c0e-4c59-9a7e-1f0b8c3d2e11';

export interface LocalStack {
  readonly entra: TestIssuer;
  readonly fauna: FaunaServer;
  /** `http://127.0.0.1:<port>/api/fauna-claims` */
  readonly endpoint: string;
  /** A token as Entra's custom authentication extension service sends it. */
  entraToken(): Promise<string>;
  /** Request-body bytes the local host has read off its sockets. */
  bodyBytesRead(): number;
  close(): Promise<void>;
}

export async function startLocalStack(options: { port?: number; log?: (line: string) => void } = {}): Promise<LocalStack> {
  const entra = await createTestIssuer({ provider: 'entra', audience: EXTENSION_APP_ID, clientId: CUSTOM_AUTH_EXTENSION_APP_ID });
  const fauna = await createFaunaServer({ collections: [{ name: 'Customer', index: 'byIdentity', field: 'identity' }] });
  const provider = localProvider(entra, fauna);
  await provider.warm();
  const server = createLocalHost(claimsProviderFunction(provider), options.log === undefined ? {} : { log: options.log });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/fauna-claims`;
  return {
    entra,
    fauna,
    endpoint,
    entraToken: () => entra.mint({}, { profile: 'app' }),
    bodyBytesRead: () => server.bodyBytesRead(),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      provider.close();
      await fauna.close();
      await entra.close();
    },
  };
}
