/** Smoke test: Entra's call over HTTP to the function (real @azure/functions objects), a real Entra-shaped token, the real fauna driver against the local Fauna server. */
import { CUSTOM_AUTH_EXTENSION_APP_ID, withFaunaSecret, createFaunaClient } from '@tokenward/fauna';
import { tokenIssuanceStartEvent } from '@tokenward/testing/fauna';
import { fql } from 'fauna';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../src/local-stack.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack.close());

const signIn = async (event: unknown, token?: string) =>
  fetch(stack.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(event),
  });

interface Answer {
  data: { actions: { claims: Record<string, string> }[] };
}

describe('fauna-claims-provider', () => {
  it("answers Entra with a Fauna token secret that authenticates as the user's Customer document", async () => {
    const event = tokenIssuanceStartEvent({ tenantId: stack.entra.tenantId });
    const response = await signIn(event, await stack.entraToken());
    expect(response.status).toBe(200);
    const claims = ((await response.json()) as Answer).data.actions[0]?.claims ?? {};
    expect(Object.keys(claims).sort()).toEqual(['FaunaTokenExpiresAt', 'FaunaTokenSecret']);
    const client = createFaunaClient({ endpoint: stack.fauna.url, secret: stack.fauna.secret });
    try {
      const { data } = await withFaunaSecret(client, claims.FaunaTokenSecret ?? '').query(fql`Query.identity()`);
      expect(data).toMatchObject({ identity: `${stack.entra.tenantId}:${event.data.authenticationContext.user.id}` });
    } finally {
      client.close();
    }
  });

  it('reuses the Customer document on the next sign-in', async () => {
    const event = tokenIssuanceStartEvent({ tenantId: stack.entra.tenantId });
    await signIn(event, await stack.entraToken());
    await signIn(event, await stack.entraToken());
    expect(
      stack.fauna
        .documents('Customer')
        .filter((doc) => doc.identity === `${stack.entra.tenantId}:${event.data.authenticationContext.user.id}`),
    ).toHaveLength(1);
  });

  it("answers 401 without Entra's token, and to another calling application", async () => {
    const event = tokenIssuanceStartEvent({ tenantId: stack.entra.tenantId });
    expect((await signIn(event)).status).toBe(401);
    const other = await stack.entra.mint({ azp: 'b8f3c1d2-7a4e-4c9b-9d1f-2e3a4b5c6d7e' }, { profile: 'app' });
    expect(other).not.toContain(CUSTOM_AUTH_EXTENSION_APP_ID);
    expect((await signIn(event, other)).status).toBe(401);
  });
});
