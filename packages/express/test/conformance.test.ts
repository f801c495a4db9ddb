import { createAccessPolicy, entra } from '@tokenward/core';
import { CONFORMANCE_CASES, createHttpSender, runConformanceCase, startConformance, type ConformanceEnvironment, type ConformanceSend } from '@tokenward/testing';
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenward } from '../src/index.js';
import { EXPRESS_VERSIONS, listen, type Server } from './helpers.js';

// The adapters' conformance table, answered by a real Express server over HTTP, for each major.
describe.each(EXPRESS_VERSIONS)('the conformance table, answered by %s', (_name, createApp) => {
  let environment: ConformanceEnvironment;
  let server: Server;
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
    const subject = (req: Request, res: Response) => void res.json({ subject: req.auth?.principal.subject });
    const app = createApp();
    app.get(setup.routes.orders.path, tokenward(options, setup.routes.orders.requirement), subject);
    app.get(setup.routes.admin.path, tokenward(options, setup.routes.admin.requirement), subject);
    app.get(setup.routes.partner.path, tokenward(options, createAccessPolicy(setup.routes.partner.policy)), subject);
    server = await listen(app);
    send = createHttpSender(server.origin);
  });

  afterAll(async () => {
    await server?.close();
    await environment?.close();
  });

  it.each(CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_case, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});
