import { HttpRequest, HttpResponse, InvocationContext, type HttpResponseInit, type LogLevel } from '@azure/functions';
import { createAccessPolicy, entra, type VerifiedToken, type VerifierOptions } from '@tokenward/core';
import type { ConformanceSend, ConformanceSetup, TestIssuer } from '@tokenward/testing';
import { withAuth, type AuthenticatedHandler, type FunctionsHttpHandler } from '../src/index.js';

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
  const context = new InvocationContext({
    functionName: 'orders',
    logHandler: (level, ...args) => logs.push({ level, message: args.map(String).join(' ') }),
  });
  return Object.assign(context, { logs });
}

/** What the host would send: status, headers and body through a real HttpResponse. */
export async function sent(
  result: HttpResponseInit | HttpResponse,
): Promise<{ status: number; headers: Headers; body: string; json: () => unknown }> {
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

/**
 * The conformance app of @tokenward/testing (also the attack app), one `withAuth` handler per route,
 * driven through real @azure/functions request, context and response objects.
 */
export function conformanceSend(setup: ConformanceSetup): ConformanceSend {
  const options = {
    issuers: setup.issuers.map((settings) => entra(settings)),
    jwks: setup.jwks,
    realm: setup.realm,
    includeDescription: setup.includeDescription,
    tokenLocation: setup.tokenLocation,
    dpop: setup.dpop,
  };
  const handler: AuthenticatedHandler<VerifiedToken> = async (_request, _context, auth) => ({
    jsonBody: { subject: auth.principal.subject },
  });
  const routes = new Map<string, FunctionsHttpHandler>([
    [setup.routes.orders.path, withAuth(options, setup.routes.orders.requirement, handler)],
    [setup.routes.admin.path, withAuth(options, setup.routes.admin.requirement, handler)],
    [setup.routes.partner.path, withAuth(options, createAccessPolicy(setup.routes.partner.policy), handler)],
    [setup.routes.stepUp.path, withAuth(options, setup.routes.stepUp.requirement, handler)],
  ]);
  return async ({ method, path, target, headers }) => {
    // Web Headers join a repeated name with ", ", as the Functions host does; HttpRequest takes a record.
    const joined = new Headers();
    for (const [name, value] of headers) joined.append(name, value);
    const request = new HttpRequest({ method, url: `http://127.0.0.1:7071${target}`, headers: record(joined) });
    const route = routes.get(path);
    if (route === undefined) throw new Error(`no route for ${path}`);
    const result = await route(request, new InvocationContext({ functionName: path.slice(1), logHandler: () => undefined }));
    const response = result instanceof HttpResponse ? result : new HttpResponse(result);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
}
