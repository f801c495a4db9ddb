/**
 * `tokenward inspect` as a user runs it: the real CLI in a child process, tokens from the real local
 * issuer (or hand-built, unsigned, as an attacker pastes them).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer, nestedClaimsToken, unsignedToken, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTokenward, TERMINAL_UNSAFE } from './process.js';

let entra: TestIssuer;
let dir: string;

beforeAll(async () => {
  entra = await createTestIssuer({ provider: 'entra' });
  dir = await mkdtemp(join(tmpdir(), 'tokenward-inspect-'));
});
afterAll(async () => {
  await entra.close();
  await rm(dir, { recursive: true, force: true });
});

/** Terminal tricks an attacker can put in any header or claim value. */
const HOSTILE_TEXT = {
  clearScreen: '\u001b[2J\u001b[HVALID: the token is valid',
  title: '\u001b]0;owned\u0007',
  hyperlink: '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\',
  clipboard: '\u001b]52;c;ZWNobyBvd25lZA==\u0007',
  c1Csi: '\u009b31mred',
  bidi: 'user\u202eexe.txt\u2066x\u2069',
  separators: 'line\u2028para\u2029end',
  del: 'a\u007fb',
};

describe('tokenward inspect: terminal safety', () => {
  it('prints control characters, escape sequences, bidi controls and separators from an unsigned token escaped, never raw', async () => {
    const token = unsignedToken({
      iss: `https://issuer.example${HOSTILE_TEXT.title}`,
      sub: HOSTILE_TEXT.clearScreen,
      aud: HOSTILE_TEXT.hyperlink,
      azp: HOSTILE_TEXT.clipboard,
      tid: HOSTILE_TEXT.c1Csi,
      scp: HOSTILE_TEXT.bidi,
      roles: [HOSTILE_TEXT.separators, HOSTILE_TEXT.del],
    });
    const result = await runTokenward(['inspect', token]);
    expect(result.stdout).toContain('\\u001b[2J');
    expect(result.stdout).toContain('\\u202e');
    expect(result.stdout).not.toMatch(TERMINAL_UNSAFE);
    expect(result.stderr).not.toMatch(TERMINAL_UNSAFE);
  });

  it('escapes them in the --json report too, which stays the same JSON', async () => {
    const claims = {
      iss: 'https://issuer.example',
      sub: HOSTILE_TEXT.clearScreen,
      scp: HOSTILE_TEXT.bidi,
      tid: HOSTILE_TEXT.c1Csi,
      name: HOSTILE_TEXT.separators,
    };
    const result = await runTokenward(['inspect', unsignedToken(claims), '--json']);
    expect(result.stdout).not.toMatch(TERMINAL_UNSAFE);
    expect((JSON.parse(result.stdout) as { claims: unknown }).claims).toEqual(claims);
  });

  it("escapes token text quoted in the checks (core's expected and found) of a signed token", async () => {
    const token = await entra.mint({ aud: HOSTILE_TEXT.clearScreen });
    const result = await runTokenward(['inspect', token, '--issuer', entra.issuer, '--audience', entra.audience]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✗ audience/);
    expect(result.stdout).not.toMatch(TERMINAL_UNSAFE);
  });
});

describe('tokenward inspect: what it contacts', () => {
  it('contacts nothing and reports the signature as not checked when no issuer is named', async () => {
    const before = entra.requests.total;
    const result = await runTokenward(['inspect', await entra.mint()]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/- signature +not checked: no issuer named/);
    expect(result.stdout).toMatch(/--trust-token-issuer/);
    expect(result.stdout).toMatch(/^Contacted: nothing/m);
    expect(entra.requests.total).toBe(before);
  });

  it('says in the --json report that nothing was contacted and why the signature was not checked', async () => {
    const result = await runTokenward(['inspect', await entra.mint(), '--json']);
    const report = JSON.parse(result.stdout) as {
      contacted: string[];
      diagnosis: { code: string };
      checks: { id: string; detail: string }[];
    };
    expect([report.contacted, report.diagnosis.code]).toEqual([[], 'issuer_not_named']);
    expect(report.checks.find((c) => c.id === 'signature')?.detail).toBe('not checked: no issuer named');
  });

  it("fetches from the token's own iss with --trust-token-issuer and lists the URLs it contacted", async () => {
    const result = await runTokenward(['inspect', await entra.mint(), '--trust-token-issuer', '--audience', entra.audience]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Contacted: ${entra.discoveryUrl}, ${entra.jwksUri}`);
  });

  it("fetches only from the issuer named with --issuer, never from the token's iss", async () => {
    const attacker = await createTestIssuer({ provider: 'entra' });
    try {
      const result = await runTokenward(['inspect', await attacker.mint(), '--issuer', entra.issuer, '--json']);
      const report = JSON.parse(result.stdout) as { contacted: string[]; exitCode: number };
      expect(report.exitCode).toBe(1);
      expect(report.contacted.every((url) => url.startsWith(entra.url))).toBe(true);
      expect(attacker.requests.total).toBe(0);
    } finally {
      await attacker.close();
    }
  });
});

describe('tokenward inspect: malformed input', () => {
  it('reports a token whose claims nest 4,400 levels as malformed instead of crashing, as text and as JSON', async () => {
    const file = join(dir, 'nested.txt');
    await writeFile(file, nestedClaimsToken(4400));
    const text = await runTokenward(['inspect', '--file', file, '--issuer', entra.issuer]);
    expect([text.code, text.stderr]).toEqual([1, '']);
    expect(text.stdout).toMatch(/^INVALID: this is not a signed JWT: the payload nests deeper than 32 levels/m);
    const json = await runTokenward(['inspect', '--file', file, '--json']);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { diagnosis: { code: string } }).diagnosis.code).toBe('malformed');
  });

  it('gives a 1 MiB string one diagnosis: the checklist and the verdict say the same', async () => {
    const file = join(dir, 'large.txt');
    await writeFile(file, 'a'.repeat(1024 * 1024));
    const result = await runTokenward(['inspect', '--file', file, '--json']);
    const report = JSON.parse(result.stdout) as { diagnosis: { summary: string }; checks: { detail: string }[] };
    expect(report.checks[0]?.detail).toBe('the token is too large');
    expect(report.diagnosis.summary).toBe('this is not a signed JWT: the token is too large');
  });

  it('gives an oversized string the same diagnosis on standard input as from a file', async () => {
    const file = join(dir, 'larger.txt');
    const text = 'a'.repeat(2 * 1024 * 1024);
    await writeFile(file, text);
    const fromFile = await runTokenward(['inspect', '--file', file, '--json']);
    const fromStdin = await runTokenward(['inspect', '-', '--json'], { stdin: text });
    const diagnosis = (result: { stdout: string }) => (JSON.parse(result.stdout) as { diagnosis: unknown }).diagnosis;
    expect([fromFile.code, fromStdin.code]).toEqual([1, 1]);
    expect(diagnosis(fromStdin)).toEqual(diagnosis(fromFile));
  });
});
