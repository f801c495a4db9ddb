import {
  CONFORMANCE_CASES,
  runConformanceCase,
  startConformance,
  type ConformanceEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessPolicy, createVerifier, entra, toErrorResponse, type VerifiedToken } from '../src/index.js';
import { compileRequirement, type CompiledRequirement } from '../src/authz/route-requirement.js';
import { successHeaders } from '../src/adapter/index.js';

// The adapters' conformance table, answered by core alone: the reference every adapter is held to.
let environment: ConformanceEnvironment;
let send: ConformanceSend;

beforeAll(async () => {
  environment = await startConformance();
  const { setup } = environment;
  const verifier = createVerifier({
    issuers: setup.issuers.map((settings) => entra(settings)),
    jwks: setup.jwks,
    tokenLocation: setup.tokenLocation,
    dpop: setup.dpop,
  });
  const routes = new Map<string, CompiledRequirement<Request> | undefined>([
    [setup.routes.orders.path, compileRequirement(setup.routes.orders.requirement)],
    [setup.routes.admin.path, compileRequirement(setup.routes.admin.requirement)],
    [setup.routes.partner.path, compileRequirement(createAccessPolicy(setup.routes.partner.policy))],
    [setup.routes.stepUp.path, compileRequirement(setup.routes.stepUp.requirement)],
  ]);
  send = async ({ method, path, target, headers }) => {
    const request = new Request(`http://127.0.0.1${target}`, { method, headers: headers.map(([name, value]) => [name, value]) });
    let response: Response;
    try {
      const token: VerifiedToken = await verifier.authenticate(request);
      await routes.get(path)?.(token, request);
      response = Response.json({ subject: token.principal.subject }, { headers: successHeaders(token) });
    } catch (error) {
      const {
        status,
        headers: answer,
        body,
      } = toErrorResponse(error, { realm: setup.realm, includeDescription: setup.includeDescription, dpop: verifier.dpop });
      response = Response.json(body, { status, headers: answer });
    }
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
});

afterAll(() => environment?.close());

describe('the conformance table, answered by core itself', () => {
  it.each(CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});
