/** Fault validation and the delivery plan both transports (socket and in-memory) carry out. */
import { concatBytes, utf8 } from './encoding.js';
import { jsonResponse, type RouteKind, type RouteResponse, type Routed } from './routes.js';
import type { Fault, FaultTarget } from './types.js';

export const DEFAULT_OVERSIZED_BYTES = 2 * 1024 * 1024;
/** Bytes per write of a slow drip. */
export const DRIP_CHUNK_BYTES = 16;

export type Delivery =
  | { readonly type: 'send'; readonly response: RouteResponse; readonly delayMs: number; readonly chunked: boolean }
  | { readonly type: 'drip'; readonly response: RouteResponse; readonly chunkDelayMs: number; readonly chunkBytes: number }
  | { readonly type: 'outage' }
  | { readonly type: 'hang' };

const TARGETS: readonly FaultTarget[] = ['keys', 'discovery', 'all'];

function fail(message: string): never {
  throw new TypeError(`@tokenward/testing: setFault() ${message}`);
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${name} must be a finite number >= 0`);
  return value;
}

/** Checks a fault and fills in its defaults. */
export function normalizeFault(value: unknown): Fault | null {
  if (value === null) return null;
  if (typeof value !== 'object' || value === undefined) fail('takes a fault object or null');
  const fault = value as Record<string, unknown>;
  const target = fault.target ?? 'all';
  if (!TARGETS.includes(target as FaultTarget)) fail(`target must be one of ${TARGETS.join(', ')}`);
  const t = target as FaultTarget;
  switch (fault.kind) {
    case 'latency':
      return { kind: 'latency', ms: nonNegative('ms', fault.ms), target: t };
    case 'status': {
      const status = fault.status;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
        fail('status must be an integer from 200 to 599');
      return { kind: 'status', status, target: t };
    }
    case 'malformed-json':
    case 'outage':
    case 'hang':
      return { kind: fault.kind, target: t };
    case 'oversized': {
      const bytes = fault.bytes ?? DEFAULT_OVERSIZED_BYTES;
      if (typeof bytes !== 'number' || !Number.isInteger(bytes) || bytes <= 0) fail('bytes must be a positive integer');
      return { kind: 'oversized', bytes, target: t };
    }
    case 'slow-drip':
      return { kind: 'slow-drip', chunkDelayMs: nonNegative('chunkDelayMs', fault.chunkDelayMs), target: t };
    default:
      return fail(
        `kind must be one of latency, status, malformed-json, oversized, outage, hang, slow-drip; got ${JSON.stringify(fault.kind)}`,
      );
  }
}

function applies(fault: Fault, kind: RouteKind): boolean {
  if (kind === 'other') return false;
  const target = fault.target ?? 'all';
  return target === 'all' || target === kind;
}

/** Valid JSON of at least `bytes` bytes: the real document with a padding member. */
function padded(body: Uint8Array, bytes: number): Uint8Array {
  const text = new TextDecoder().decode(body).trimEnd();
  const open = text.slice(0, -1); // drop the closing brace
  const prefix = utf8(`${open}${open.endsWith('{') ? '' : ','}"x-padding":"`);
  const suffix = utf8('"}');
  const fill = new Uint8Array(Math.max(0, bytes - prefix.length - suffix.length)).fill(0x61); // 'a'
  return concatBytes([prefix, fill, suffix]);
}

export function plan(routed: Routed, fault: Fault | null): Delivery {
  const send = (response: RouteResponse, delayMs = 0, chunked = false): Delivery => ({ type: 'send', response, delayMs, chunked });
  if (!fault || !applies(fault, routed.kind)) return send(routed.response);
  const { response } = routed;
  switch (fault.kind) {
    case 'latency':
      return send(response, fault.ms);
    case 'status':
      return send(jsonResponse(fault.status, { error: 'injected_fault', status: fault.status }));
    case 'malformed-json':
      // The real document cut in half: unterminated, so never valid JSON.
      return send({ ...response, body: response.body.slice(0, Math.max(1, Math.floor(response.body.length / 2))) });
    case 'oversized':
      // Streamed without Content-Length, so only a reader that counts bytes notices.
      return send({ ...response, body: padded(response.body, fault.bytes ?? DEFAULT_OVERSIZED_BYTES) }, 0, true);
    case 'outage':
      return { type: 'outage' };
    case 'hang':
      return { type: 'hang' };
    case 'slow-drip':
      return { type: 'drip', response, chunkDelayMs: fault.chunkDelayMs, chunkBytes: DRIP_CHUNK_BYTES };
  }
}
