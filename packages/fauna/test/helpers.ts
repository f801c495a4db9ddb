/**
 * Test backends: the local Fauna server of @tokenward/testing by default, or a real self-hosted Fauna when
 * FAUNA_ENDPOINT and FAUNA_SECRET (an admin key) are set. Tests that need the local server's fault
 * injection, clock or inspection run only against it (`local` is undefined against a real Fauna).
 */
import { randomUUID } from 'node:crypto';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import {
  createFaunaServer,
  tokenIssuanceStartEvent,
  type FaunaServer,
  type TokenIssuanceStartEventOptions,
} from '@tokenward/testing/fauna';
import type { Client } from 'fauna';
import { createFaunaClient, CUSTOM_AUTH_EXTENSION_APP_ID, ensureIdentitySchema, type FaunaClientOptions } from '../src/index.js';

export const EXTENSION_APP_ID = 'a0c5b5e4-5c0e-4c59-9a7e-1f0b8c3d2e11';
export const REAL = process.env.FAUNA_ENDPOINT !== undefined && process.env.FAUNA_SECRET !== undefined;

export interface Backend {
  readonly endpoint: string;
  readonly secret: string;
  /** The local server, or undefined against a real Fauna. */
  readonly local: FaunaServer | undefined;
  /** The identity collection for this run (a fresh one against a real Fauna). */
  readonly collection: string;
  /** A client on the admin secret. */
  readonly admin: Client;
  client(options?: Partial<FaunaClientOptions>): Client;
  close(): Promise<void>;
}

export async function startBackend(): Promise<Backend> {
  const clients: Client[] = [];
  const local = REAL ? undefined : await createFaunaServer({ collections: [{ name: 'Customer', index: 'byIdentity', field: 'identity' }] });
  const endpoint = local?.url ?? (process.env.FAUNA_ENDPOINT as string);
  const secret = local?.secret ?? (process.env.FAUNA_SECRET as string);
  const client = (options: Partial<FaunaClientOptions> = {}): Client => {
    const created = createFaunaClient({ endpoint, secret, allowHttp: true, ...options });
    clients.push(created);
    return created;
  };
  const admin = client({ queryTimeoutMs: 10_000 });
  const collection = local ? 'Customer' : `Customer_${randomUUID().replace(/-/g, '')}`;
  if (!local) await ensureIdentitySchema(admin, { collection });
  return {
    endpoint,
    secret,
    local,
    collection,
    admin,
    client,
    async close() {
      for (const each of clients) each.close();
      await local?.close();
    },
  };
}

/** The tenant's Entra, as the custom authentication extension's tokens come from it. */
export async function startEntra(
  options: { clientId?: string; provider?: 'entra' | 'entra-v1' | 'entra-external' } = {},
): Promise<TestIssuer> {
  return createTestIssuer({
    provider: options.provider ?? 'entra',
    audience: EXTENSION_APP_ID,
    clientId: options.clientId ?? CUSTOM_AUTH_EXTENSION_APP_ID,
  });
}

/** Entra's call: POST with the extension service's app token and the event as JSON. */
export async function entraCall(
  issuer: TestIssuer,
  event: unknown = tokenIssuanceStartEvent({ tenantId: issuer.tenantId }),
  token?: string | null,
): Promise<Request> {
  const bearer = token === undefined ? await issuer.mint({}, { profile: 'app' }) : token;
  return new Request('http://127.0.0.1/api/fauna-claims', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }) },
    body: typeof event === 'string' ? event : JSON.stringify(event),
  });
}

export function eventFor(issuer: TestIssuer, options: TokenIssuanceStartEventOptions = {}) {
  return tokenIssuanceStartEvent({ tenantId: issuer.tenantId, ...options });
}

export interface ClaimsBody {
  data: { '@odata.type': string; actions: { '@odata.type': string; claims: Record<string, string> }[] };
}

export async function claimsOf(response: Response): Promise<Record<string, string>> {
  const body = (await response.json()) as ClaimsBody;
  return body.data.actions[0]?.claims ?? {};
}
