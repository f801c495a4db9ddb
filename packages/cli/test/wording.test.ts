/** What the CLI says, word for word where a word was wrong: the real CLI process, the real local issuer. */
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectToken } from '../src/index.js';
import { entraConfig } from './helpers.js';
import { runTokenward, startTokenward, waitForOutput } from './process.js';

let entra: TestIssuer;
beforeAll(async () => {
  entra = await createTestIssuer({ provider: 'entra' });
});
afterAll(() => entra.close());

describe('inspect wording', () => {
  it('says "expired 35 s ago, within the 60 s clock tolerance" for a token just past its exp', async () => {
    const nowSec = 2_000_000_000;
    const token = await entra.mint({}, { now: nowSec - 3600, expiresInSec: 3600 - 35 });
    const report = await inspectToken(token, { config: entraConfig(entra), now: nowSec * 1000 });
    expect(report.exitCode).toBe(0);
    expect(report.checks.find((c) => c.id === 'expiry')?.detail).toMatch(/^expired 35 s ago \(.+\), within the 60 s clock tolerance$/);
  });

  it('names the configured clock tolerance, not the default', async () => {
    const nowSec = 2_000_000_000;
    const token = await entra.mint({}, { now: nowSec - 3600, expiresInSec: 3600 - 100 });
    const report = await inspectToken(token, { config: entraConfig(entra, { clockToleranceSec: 300 }), now: nowSec * 1000 });
    expect(report.checks.find((c) => c.id === 'expiry')?.detail).toMatch(/within the 300 s clock tolerance$/);
  });

  it('does not say the audience was not checked when --audience was given', async () => {
    const result = await runTokenward([
      'inspect',
      await entra.mint({ iss: 'https://other.example/tenant' }),
      '--issuer',
      entra.issuer,
      '--audience',
      entra.audience,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(/audience was not checked/);
  });

  it('still notes an unchecked audience when none was given', async () => {
    const result = await runTokenward(['inspect', await entra.mint(), '--issuer', entra.issuer]);
    expect(result.stdout).toMatch(/^Note: The audience was not checked/m);
  });
});

describe('dev-issuer wording', () => {
  it('prints scope=api://orders/.default, not api://api://orders/.default, for --audience api://orders', async () => {
    const child = startTokenward(['dev-issuer', '--port', '0', '--audience', 'api://orders', '--quiet']);
    try {
      const banner = await waitForOutput(child, /Ctrl\+C stops it/);
      expect(banner).toContain('-d scope=api://orders/.default');
      expect(banner).not.toContain('api://api://');
      expect(banner).toMatch(/never trust it outside development/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('prefixes an error with "tokenward" once', async () => {
    const result = await runTokenward(['dev-issuer', '--host', '0.0.0.0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^tokenward dev-issuer: host must be a loopback address/);
    expect(result.stderr).not.toMatch(/tokenward[^\n:]*: tokenward/);
  });
});

describe('help', () => {
  it.each(['inspect', 'dev-issuer', 'mint', 'introspect'])(
    "tokenward %s --help and -h print that command's help and exit 0",
    async (command) => {
      for (const flag of ['--help', '-h']) {
        const result = await runTokenward([command, flag]);
        expect([result.code, result.stderr]).toEqual([0, '']);
        expect(result.stdout).toMatch(new RegExp(`^tokenward ${command} `));
        expect(result.stdout).toMatch(/-h, --help/);
      }
    },
  );
});
