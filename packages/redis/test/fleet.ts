/** Starts fleet members (test/fixtures/fleet-member.ts) as separate Node processes and talks to them. */

import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, Reply } from './fixtures/fleet-member.js';

const MEMBER = fileURLToPath(new URL('./fixtures/fleet-member.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 20_000;
const REPLY_TIMEOUT_MS = 10_000;

type CommandInput =
  { readonly op: 'verify'; readonly token: string } | { readonly op: 'revoke'; readonly token: string; readonly by: 'jti' | 'sid' | 'sub' };

export interface Member {
  send(command: CommandInput): Promise<Reply>;
  stop(): Promise<void>;
}

export async function startMember(env: Record<string, string>): Promise<Member> {
  const child: ChildProcess = fork(MEMBER, [], {
    cwd: PACKAGE_DIR,
    // Sources, not dist: the same `source` condition vitest uses, TypeScript through tsx.
    execArgv: ['--conditions=source', '--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, (reply: Reply) => void>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fleet member did not start within ${READY_TIMEOUT_MS} ms`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fleet member exited with ${code} before it was ready`));
    });
    child.on('message', (message: Reply | { ready: true }) => {
      if ('ready' in message) {
        clearTimeout(timer);
        resolve();
        return;
      }
      waiting.get(message.id)?.(message);
      waiting.delete(message.id);
    });
  });
  return {
    send(command) {
      const id = next++;
      return new Promise<Reply>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fleet member did not answer ${command.op} within ${REPLY_TIMEOUT_MS} ms`)),
          REPLY_TIMEOUT_MS,
        );
        waiting.set(id, (reply) => {
          clearTimeout(timer);
          resolve(reply);
        });
        child.send({ ...command, id } satisfies Command);
      });
    },
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.disconnect();
      });
    },
  };
}
