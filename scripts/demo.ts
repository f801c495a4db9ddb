/**
 * The README's first command: a local Entra-shaped issuer on 127.0.0.1, a verifier configured the way
 * a production API would be, and a table of tokens accepted or rejected with the reason. No cloud account.
 */
import { createVerifier, entra, requireRoles, requireScopes, toErrorResponse, type VerifiedToken } from '@tokenward/core';
import { createTestIssuer } from '@tokenward/testing';

interface Row {
  readonly persona: string;
  readonly requirement: string;
  readonly outcome: string;
}

const API_CLIENT_ID = '6e74172b-be56-4843-9ff4-e66a39bb12e3';
const OTHER_TENANT = '0e3d2c1b-aaaa-4bbb-8ccc-ddddeeeeffff';

async function main(): Promise<void> {
  const issuer = await createTestIssuer({ provider: 'entra', audience: API_CLIENT_ID, algorithms: ['RS256'] });
  const tenantId = issuer.tenantId as string;
  // Production: entra({ tenantId: '<your tenant GUID>', audience: ['api://orders', '<client id>'] })
  // The demo's clock can jump ahead, so key rotation and outages play out in seconds rather than minutes.
  let skewMs = 0;
  const verifier = createVerifier({
    issuers: [entra({ tenantId, audience: [API_CLIENT_ID, `api://${API_CLIENT_ID}`], authority: issuer.url, v1Authority: `${issuer.url}/sts` })],
    now: () => Date.now() + skewMs,
  });
  await verifier.warm();

  const rows: Row[] = [];
  async function attempt(persona: string, requirement: string, token: string, authorize: (t: VerifiedToken) => void): Promise<void> {
    try {
      const verified = await verifier.authenticate({ authorization: `Bearer ${token}` });
      authorize(verified);
      rows.push({ persona, requirement, outcome: `200 accepted (${verified.principal.appOnly ? 'app' : 'user'} ${verified.principal.subject ?? ''})` });
    } catch (error) {
      const response = toErrorResponse(error);
      const code = (error as { code?: string }).code ?? 'unknown';
      // The operator's view: the typed error's message, as a log line would carry it (clients get response.body).
      rows.push({ persona, requirement, outcome: `${response.status} ${code}: ${(error as Error).message}` });
    }
  }
  const readScope = (t: VerifiedToken) => requireScopes(t, 'Orders.Read');
  const adminRole = (t: VerifiedToken) => requireRoles(t, 'Orders.Admin');

  await attempt('signed-in user', 'scope Orders.Read', await issuer.mint({ scp: 'Orders.Read' }), readScope);
  await attempt('signed-in user', 'role Orders.Admin', await issuer.mint({ scp: 'Orders.Read' }), adminRole);
  await attempt('daemon app', 'role Orders.Admin', await issuer.mint({ roles: ['Orders.Admin'] }, { profile: 'app' }), adminRole);
  await attempt('user, other scope', 'scope Orders.Read', await issuer.mint({ scp: 'Profile.Read' }), readScope);
  await attempt('expired token', 'scope Orders.Read', await issuer.mint({ scp: 'Orders.Read' }, { expiresInSec: -3600 }), readScope);
  await attempt('token for another API', 'scope Orders.Read', await issuer.mint({ aud: 'api://billing', scp: 'Orders.Read' }), readScope);
  await attempt('Microsoft Graph token', 'scope Orders.Read', await issuer.mint({ aud: '00000003-0000-0000-c000-000000000000', scp: 'User.Read' }), readScope);
  await attempt('another tenant', 'scope Orders.Read', await issuer.mint({ tid: OTHER_TENANT, scp: 'Orders.Read' }), readScope);
  await attempt('forged signature', 'scope Orders.Read', await issuer.mint({ scp: 'Orders.Read' }, { signWith: 'foreign' }), readScope);
  await attempt('unknown signing key', 'scope Orders.Read', await issuer.mint({ scp: 'Orders.Read' }, { header: { kid: 'not-published' } }), readScope);

  // An unknown kid refetches the keys at most once per 30 s cooldown, so a flood of random kids
  // cannot hammer the issuer; a key rotated in after that window is picked up at first sight.
  await issuer.rotate();
  const rotated = await issuer.mint({ scp: 'Orders.Read' });
  await attempt('new key, within 30 s cooldown', 'scope Orders.Read', rotated, readScope);
  skewMs += 31_000;
  await attempt('new key, 31 s later', 'scope Orders.Read', rotated, readScope);
  // The issuer's JWKS says max-age=3600; stale keys keep verifying for staleIfErrorMs (1 h) after that.
  issuer.setFault({ kind: 'outage' });
  const mintNow = () => issuer.mint({ scp: 'Orders.Read' }, { now: Math.floor((Date.now() + skewMs) / 1000) });
  skewMs += 11 * 60_000;
  await attempt('issuer down, keys 11 min old', 'scope Orders.Read', await mintNow(), readScope);
  skewMs += 80 * 60_000;
  await attempt('issuer down, keys expired 30 min ago', 'scope Orders.Read', await mintNow(), readScope);
  skewMs += 60 * 60_000;
  await attempt('issuer down, past the stale limit', 'scope Orders.Read', await mintNow(), readScope);
  issuer.setFault(null);

  const width = (key: keyof Row) => Math.max(key.length, ...rows.map((r) => r[key].length));
  const line = (r: Row) => `${r.persona.padEnd(width('persona'))}  ${r.requirement.padEnd(width('requirement'))}  ${r.outcome}`;
  console.log(`\ntokenward demo: local Entra issuer at ${issuer.url}, tenant ${tenantId}\n`);
  console.log(line({ persona: 'persona', requirement: 'requirement', outcome: 'outcome' }));
  console.log('-'.repeat(width('persona') + width('requirement') + 60));
  for (const row of rows) console.log(line(row));
  console.log(`\nJWKS requests that reached the issuer: ${issuer.requests.jwks}`);
  await issuer.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
