import {
  CONFORMANCE_CASES,
  createHttpSender,
  runConformanceCase,
  startConformance,
  type ConformanceEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceApp, EXPRESS_VERSIONS, listen, type Server } from './helpers.js';

// The adapters' conformance table, answered by a real Express server over HTTP, for each major.
describe.each(EXPRESS_VERSIONS)('the conformance table, answered by %s', (_name, createApp) => {
  let environment: ConformanceEnvironment;
  let server: Server;
  let send: ConformanceSend;

  beforeAll(async () => {
    environment = await startConformance();
    server = await listen(conformanceApp(createApp, environment.setup));
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
