import { HttpRequest, HttpResponse, InvocationContext, type HttpResponseInit, type LogLevel } from '@azure/functions';
import { entra, type VerifierOptions } from '@tokenward/core';
import type { TestIssuer } from '@tokenward/testing';

/** The verifier options for a local Entra-shaped issuer. */
export function optionsFor(issuer: TestIssuer): VerifierOptions {
  return { issuers: [entra({ tenantId: issuer.tenantId ?? '', audience: issuer.audience, authority: issuer.url })] };
}

/**
 * A real Functions request. Headers go through Web `Headers` first, which joins a repeated name with
 * ", " as the Functions host does (HttpRequest itself only takes a record).
 */
export function requestFor(headers: ReadonlyArray<readonly [string, string]> = [], url = 'http://127.0.0.1:7071/api/orders'): HttpRequest {
  const joined = new Headers();
  for (const [name, value] of headers) joined.append(name, value);
  return new HttpRequest({ method: 'GET', url, headers: record(joined) });
}

/** A Headers' entries as the record HttpRequest takes (repeated names are already joined). */
export function record(headers: Headers): Record<string, string> {
  const entries: Record<string, string> = {};
  headers.forEach((value, name) => {
    entries[name] = value;
  });
  return entries;
}

/** The HttpResponseInit a wrapped handler returned (the adapter's own answers are never HttpResponse objects). */
export function init(result: HttpResponseInit | HttpResponse): HttpResponseInit {
  if (result instanceof HttpResponse) throw new Error('expected an HttpResponseInit, found an HttpResponse');
  return result;
}

export const bearer = (token: string): [string, string] => ['Authorization', `Bearer ${token}`];

/** A real invocation context whose log lines are kept, not printed. */
export function invocation(): InvocationContext & { readonly logs: Array<{ level: LogLevel; message: string }> } {
  const logs: Array<{ level: LogLevel; message: string }> = [];
  const context = new InvocationContext({ functionName: 'orders', logHandler: (level, ...args) => logs.push({ level, message: args.map(String).join(' ') }) });
  return Object.assign(context, { logs });
}

/** What the host would send: status, headers and body through a real HttpResponse. */
export async function sent(result: HttpResponseInit | HttpResponse): Promise<{ status: number; headers: Headers; body: string; json: () => unknown }> {
  const response = result instanceof HttpResponse ? result : new HttpResponse(result);
  const body = await response.text();
  return { status: response.status, headers: response.headers, body, json: () => JSON.parse(body) };
}

/** App Service's `x-ms-client-principal` header for these claims. */
export function clientPrincipal(claims: ReadonlyArray<readonly [string, string]>, extra: Record<string, unknown> = {}): [string, string] {
  const json = JSON.stringify({
    auth_typ: 'aad',
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
    claims: claims.map(([typ, val]) => ({ typ, val })),
    ...extra,
  });
  return ['x-ms-client-principal', Buffer.from(json).toString('base64')];
}
