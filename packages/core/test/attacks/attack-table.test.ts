import { ATTACK_CASES, runAttackOnVerifier, startAttacks, type AttackCategory, type AttackEnvironment } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, entra, isTokenwardError, type Verifier } from '../../src/index.js';

// The hostile-token table of @tokenward/testing against core: verify(token) and authenticate(headers).
// Each case names its source (RFC section or CVE) and the one typed error it must be rejected with.
let environment: AttackEnvironment;
let verifier: Verifier;

beforeAll(async () => {
  environment = await startAttacks();
  const { setup } = environment;
  verifier = createVerifier({ issuers: setup.issuers.map((settings) => entra(settings)), jwks: setup.jwks });
});

afterAll(() => environment?.close());

const CATEGORIES: readonly AttackCategory[] = [
  'algorithm confusion',
  'unsecured (alg none)',
  'key injection',
  'kid injection',
  'crit and unencoded payload',
  'JWE as JWS',
  'ECDSA signatures',
  'weak keys',
  'duplicate JSON members',
  'non-object payload',
  'oversized input',
  'non-base64url input',
  'cross-tenant Entra',
  'issuer look-alikes',
  'Authorization header',
];

describe('the attack table', () => {
  it('covers every attack category, each case naming its source', () => {
    expect(new Set(ATTACK_CASES.map((attack) => attack.category))).toEqual(new Set(CATEGORIES));
    for (const attack of ATTACK_CASES) expect(attack.source, attack.name).toMatch(/RFC \d+|CVE-\d{4}-\d+|Microsoft|OpenID/);
  });

  it('has unique case names', () => {
    expect(new Set(ATTACK_CASES.map((attack) => attack.name)).size).toBe(ATTACK_CASES.length);
  });
});

describe('attacks on core: the control', () => {
  it("accepts a genuine token of the attack environment, so every rejection below is the attack's doing", async () => {
    await expect(verifier.authenticate({ authorization: `Bearer ${await environment.validToken()}` })).resolves.toMatchObject({
      principal: { tenantId: environment.setup.issuers[0]?.tenantId },
    });
  });
});

describe.each(CATEGORIES)('attacks on core: %s', (category) => {
  const cases = ATTACK_CASES.filter((attack) => attack.category === category).map(
    (attack) => [`${attack.name} → ${attack.verifyCode ?? attack.code}`, attack] as const,
  );

  it.each(cases)('%s', async (_name, attack) => {
    const result = await runAttackOnVerifier(environment, attack, verifier);
    expect(result.mismatches).toEqual([]);
    // Typed errors only: the class tree, not just an object with a code.
    expect(result.authenticate.rejected && isTokenwardError(result.authenticate.error)).toBe(true);
    if (result.verify !== undefined) expect(result.verify.rejected && isTokenwardError(result.verify.error)).toBe(true);
  });
});

describe('attacks on core: what the whole table caused', () => {
  it("never contacted the attacker's server, whose URLs the tokens carry", () => {
    expect(environment.attacker.requests.total).toBe(0);
  });
});
