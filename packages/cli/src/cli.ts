#!/usr/bin/env node
/** The `tokenward` bin. */
import { readFileSync } from 'node:fs';
import { prefixed, processIo, runCli } from './run-cli.js';

function version(): string | undefined {
  try {
    return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

runCli(process.argv.slice(2), processIo(version())).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${prefixed(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 2;
  },
);
