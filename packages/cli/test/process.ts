/** Runs the real `tokenward` CLI as a child process (bundled from source by global-setup.ts), bounded by a timeout. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ARGS = [inject('tokenwardBin')];

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `openFiles`: start it under `ulimit -n <openFiles>` (a small descriptor limit, as on a constrained host). */
export function startTokenward(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { readonly openFiles?: number } = {},
): ChildProcess {
  const spawnOptions = { cwd: PACKAGE_DIR, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] as ['pipe', 'pipe', 'pipe'] };
  if (options.openFiles === undefined) return spawn(process.execPath, [...ARGS, ...args], spawnOptions);
  const quoted = [process.execPath, ...ARGS, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawn('/bin/sh', ['-c', `ulimit -n ${options.openFiles} && exec ${quoted}`], spawnOptions);
}

/** Runs `tokenward …args` to completion (killed after `timeoutMs`), with `stdin` piped in when given. */
export function runTokenward(
  args: readonly string[],
  options: { readonly stdin?: string; readonly timeoutMs?: number; readonly env?: Record<string, string> } = {},
): Promise<ProcessResult> {
  const child = startTokenward(args, options.env);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  // The CLI stops reading standard input at its size limit and exits: the rest of a large input meets a
  // closed pipe (EPIPE), which is the behaviour under test, not a failure of the run.
  child.stdin?.on('error', () => undefined);
  if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  else child.stdin?.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** Resolves with everything the child printed on stdout once `pattern` appears (or rejects after `timeoutMs`). */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no ${String(pattern)} within ${timeoutMs} ms: ${text}`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
  });
}

/** What must never reach a terminal from a token: C0 (but the report's own newlines), DEL, C1, bidi controls, separators. */
// eslint-disable-next-line no-control-regex
export const TERMINAL_UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
