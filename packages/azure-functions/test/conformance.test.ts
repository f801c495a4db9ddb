import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { createAccessPolicy, entra, type VerifiedToken } from '@tokenward/core';
import { CONFORMANCE_CASES, runConformanceCase, startConformance, type ConformanceEnvironment, type ConformanceSend } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withAuth, type AuthenticatedHandler, type FunctionsHttpHandler } from '../src/index.js';
import { record } from './helpers.js';

// The adapters' conformance table, through real @azure/functions request, context and response objects.
let environment: ConformanceEnvironment;
let send: ConformanceSend;

beforeAll(async () => {
  environment = await startConformance();
  const { setup } = environment;
  const options = {
    issuers: setup.issuers.map((settings) => entra(settings)),
    jwks: setup.jwks,
    realm: setup.realm,
    includeDescription: setup.includeDescription,
  };
  const handler: AuthenticatedHandler<VerifiedToken> = async (_request, _context, auth) => ({ jsonBody: { subject: auth.principal.subject } });
  const routes = new Map<string, FunctionsHttpHandler>([
    [setup.routes.orders.path, withAuth(options, setup.routes.orders.requirement, handler)],
    [setup.routes.admin.path, withAuth(options, setup.routes.admin.requirement, handler)],
    [setup.routes.partner.path, withAuth(options, createAccessPolicy(setup.routes.partner.policy), handler)],
  ]);
  send = async ({ method, path, headers }) => {
    // Web Headers join a repeated name with ", ", as the Functions host does; HttpRequest takes a record.
    const joined = new Headers();
    for (const [name, value] of headers) joined.append(name, value);
    const request = new HttpRequest({ method, url: `http://127.0.0.1:7071${path}`, headers: record(joined) });
    const route = routes.get(path);
    if (route === undefined) throw new Error(`no route for ${path}`);
    const result = await route(request, new InvocationContext({ functionName: path.slice(1), logHandler: () => undefined }));
    const response = result instanceof HttpResponse ? result : new HttpResponse(result);
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
});

afterAll(() => environment?.close());

describe('the conformance table, answered by withAuth', () => {
  it.each(CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});
