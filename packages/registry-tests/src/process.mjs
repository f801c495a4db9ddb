// Child processes with a deadline: every command the stage runs is bounded and its output kept for the report.
import { spawn } from 'node:child_process';

/**
 * The environment a user's shell would have: without the npm_config_* / pnpm settings that pnpm and
 * turbo pass to this script, which would otherwise reach the users' npm installs and programs.
 */
export function userEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|turbo_)/i.test(key)));
  return { ...env, ...extra };
}

/**
 * Runs a command; resolves { code, stdout, stderr, timedOut }. Never rejects for a non-zero exit.
 * A command past its deadline is killed with its whole process group.
 */
export function run(command, args, { cwd, env, timeoutMs = 120_000, input } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env: userEnv(env), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }, timeoutMs);
    child.on('error', (error) => {
      stderr += String(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut });
    });
    child.stdin.end(input ?? '');
  });
}

/** Starts a long-running process; `stop()` kills its process group and resolves when it has exited. */
export function start(command, args, { cwd, env } = {}) {
  const child = spawn(command, args, { cwd, env: userEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise((resolve) => child.on('close', resolve));
  return {
    get output() {
      return output;
    },
    exited,
    stop: async () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await exited;
    },
  };
}

/** The pnpm that runs this script (turbo starts it through pnpm), or pnpm 10 through npx. */
export function pnpmCommand() {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(execPath)) return [process.execPath, [execPath]];
  return ['npx', ['-y', 'pnpm@10']];
}

/** A limiter: `limit(task)` runs `task` once fewer than `size` others are running. */
export function semaphore(size) {
  let free = size;
  const waiting = [];
  return async (task) => {
    if (free > 0) free--;
    else await new Promise((resolve) => waiting.push(resolve)); // the slot is handed over, not freed
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}
