/** A conformance `send` over real HTTP, for adapters tested behind a listening server. */

import { request as httpRequest } from 'node:http';
import type { ConformanceSend } from './conformance.js';

const TIMEOUT_MS = 10_000;

/**
 * Sends each conformance request to `origin` (e.g. `http://127.0.0.1:3000`) with `node:http`, one
 * header line per entry, so two `Authorization` headers reach the server as two lines (Web `fetch`
 * would join them into one). Bounded: a request that takes over 10 s fails.
 */
export function createHttpSender(origin: string): ConformanceSend {
  return ({ method, target, headers }) =>
    new Promise((resolve, reject) => {
      const lines: Record<string, string[]> = {};
      for (const [name, value] of headers) (lines[name.toLowerCase()] ??= []).push(value);
      const req = httpRequest(new URL(target, origin), { method, headers: lines, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const received = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const item of Array.isArray(value) ? value : [value ?? '']) received.append(name, item);
          }
          resolve({ status: res.statusCode ?? 0, headers: received, body: Buffer.concat(chunks).toString('utf8') });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${target.split('?')[0] ?? ''}: no answer within ${TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end();
    });
}
