/**
 * The default connection cap must sit below the process's file-descriptor limit: past it `accept()`
 * fails and even `/healthz` cannot get in. Node has no API for the limit; Linux shows it in
 * /proc/self/limits. Elsewhere the plain default applies.
 */
import { readFileSync } from 'node:fs';

/** Descriptors kept for everything that is not a client connection (keys fetches, logs, the loader …). */
const RESERVED_DESCRIPTORS = 64;

/** The soft limit on open files, when the platform says. */
export function openFileLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** `fallback`, lowered to leave `RESERVED_DESCRIPTORS` free under the descriptor limit (at least 16). */
export function defaultMaxConnections(fallback: number, limit: number | undefined = openFileLimit()): number {
  if (limit === undefined) return fallback;
  return Math.max(16, Math.min(fallback, limit - RESERVED_DESCRIPTORS));
}
