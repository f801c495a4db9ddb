import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startDevIssuer, type CliIo } from '../src/index.js';

let entra: TestIssuer;
let dir: string;

beforeAll(async () => {
  entra = await createTestIssuer({ provider: 'entra' });
  dir = await mkdtemp(join(tmpdir(), 'tokenward-cli-'));
});
afterAll(async () => {
  await entra.close();
  await rm(dir, { recursive: true, force: true });
});

function io(stdin = '', shutdown: Promise<string> = new Promise(() => undefined)) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    readStdin: async () => stdin,
    stdinIsTTY: stdin === '',
    waitForShutdown: () => shutdown,
  };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

describe('tokenward inspect', () => {
  it('prints the checklist and exits 0 for a valid token given as an argument', async () => {
    const run = io();
    const code = await runCli(['inspect', await entra.mint(), '--audience', entra.audience, '--issuer', entra.issuer], run.io);
    expect(code).toBe(0);
    expect(run.out()).toMatch(/✓ signature/);
    expect(run.out()).toMatch(/^VALID: /m);
  });

  it('reads the token from standard input with -', async () => {
    const run = io(`Bearer ${await entra.mint({ aud: 'api://billing' })}\n`);
    const code = await runCli(['inspect', '-', '--audience', entra.audience, '--issuer', entra.issuer], run.io);
    expect(code).toBe(1);
    expect(run.out()).toMatch(/^INVALID: the token is meant for api:\/\/billing/m);
    expect(run.out()).toMatch(/^Fix: /m);
  });

  it('reads the token from standard input when it is piped and no token is given', async () => {
    const run = io(await entra.mint());
    expect(await runCli(['inspect', '--trust-token-issuer'], run.io)).toBe(0);
  });

  it('reads the token from --file', async () => {
    const file = join(dir, 'token.txt');
    await writeFile(file, await entra.mint());
    expect(await runCli(['inspect', '--file', file, '--issuer', entra.issuer], io().io)).toBe(0);
  });

  it('checks against the issuers of --config', async () => {
    const file = join(dir, 'tokenward.json');
    await writeFile(
      file,
      JSON.stringify({ issuers: [{ preset: 'entra', tenantId: entra.tenantId, audience: 'api://orders', authority: entra.url }] }),
    );
    const run = io();
    expect(await runCli(['inspect', await entra.mint(), '--config', file], run.io)).toBe(1);
    expect(run.out()).toMatch(/✗ audience/);
  });

  it('prints a JSON report with --json', async () => {
    const run = io();
    await runCli(
      ['inspect', await entra.mint({ scp: 'Profile.Read' }), '--scope', 'Orders.Read', '--issuer', entra.issuer, '--json'],
      run.io,
    );
    const report = JSON.parse(run.out()) as { exitCode: number; diagnosis: { code: string }; checks: { id: string; status: string }[] };
    expect([report.exitCode, report.diagnosis.code]).toEqual([1, 'missing_scope']);
    expect(report.checks.find((c) => c.id === 'scope')?.status).toBe('failed');
  });

  it('never prints the token', async () => {
    const token = await entra.mint();
    const run = io();
    await runCli(['inspect', token, '--json'], run.io);
    expect(run.out()).not.toContain(token.split('.')[2]);
  });

  it('exits 2 for a config file that does not validate', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ issuers: [{ preset: 'entra', tenantId: 'contoso', audience: 'x' }] }));
    const run = io();
    expect(await runCli(['inspect', 'a.b.c', '--config', file], run.io)).toBe(2);
    expect(run.err()).toMatch(/GUID/);
  });

  it('exits 2 without a token', async () => {
    expect(await runCli(['inspect'], io().io)).toBe(2);
  });

  it('exits 2 for an unknown option', async () => {
    const run = io();
    expect(await runCli(['inspect', 'a.b.c', '--audiance', 'x'], run.io)).toBe(2);
    expect(run.err()).toMatch(/audiance/);
  });
});

describe('tokenward dev-issuer and mint', () => {
  it('prints how to configure the API and get tokens, and stops on a signal', async () => {
    let stop: (signal: string) => void = () => undefined;
    const run = io('', new Promise((resolve) => (stop = resolve)));
    const running = runCli(['dev-issuer', '--port', '0', '--quiet'], run.io);
    await expect.poll(() => run.out(), { timeout: 5000 }).toMatch(/entra\(\{ tenantId: /);
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(run.err()).toMatch(/SIGTERM: stopping/);
  });

  it.each(['okta', 'keycloak', 'google', 'firebase'])('prints the core preset for a %s-shaped dev issuer', async (provider) => {
    let stop: (signal: string) => void = () => undefined;
    const run = io('', new Promise((resolve) => (stop = resolve)));
    const running = runCli(['dev-issuer', '--provider', provider, '--port', '0', '--quiet'], run.io);
    await expect.poll(() => run.out(), { timeout: 5000 }).toMatch(/Ctrl\+C stops it/);
    stop('SIGTERM');
    expect(await running).toBe(0);
    expect(run.out()).toMatch(new RegExp(`^  ${provider}\\(\\{ `, 'm'));
    expect(run.out()).toMatch(/DEVELOPMENT ONLY/);
  });

  it('mint prints a token from a running dev issuer', async () => {
    const dev = await startDevIssuer();
    try {
      const run = io();
      expect(await runCli(['mint', 'admin', '--url', dev.url, '--claim', 'name="Ada"'], run.io)).toBe(0);
      const payload = JSON.parse(Buffer.from(run.out().trim().split('.')[1] ?? '', 'base64url').toString()) as {
        roles: string[];
        name: string;
      };
      expect([payload.roles, payload.name]).toEqual([['Orders.Admin'], 'Ada']);
    } finally {
      await dev.close();
    }
  });

  it('mint exits 2 when no dev issuer answers', async () => {
    const dev = await startDevIssuer();
    await dev.close();
    const run = io();
    expect(await runCli(['mint', '--url', dev.url], run.io)).toBe(2);
    expect(run.err()).toMatch(/no dev issuer/);
  });
});

describe('tokenward introspect', () => {
  it('exits 2 without --config', async () => {
    expect(await runCli(['introspect'], io().io)).toBe(2);
  });
});

describe('tokenward', () => {
  it('prints help with --help and exits 0', async () => {
    const run = io();
    expect(await runCli(['--help'], run.io)).toBe(0);
    expect(run.out()).toMatch(/tokenward inspect/);
  });

  it('exits 2 for an unknown command', async () => {
    expect(await runCli(['verify'], io().io)).toBe(2);
  });
});
