import {
  CONFORMANCE_CASES,
  runConformanceCase,
  startConformance,
  type ConformanceEnvironment,
  type ConformanceSend,
} from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceSend } from './helpers.js';

// The adapters' conformance table, through real @azure/functions request, context and response objects.
let environment: ConformanceEnvironment;
let send: ConformanceSend;

beforeAll(async () => {
  environment = await startConformance();
  send = conformanceSend(environment.setup);
});

afterAll(() => environment?.close());

describe('the conformance table, answered by withAuth', () => {
  it.each(CONFORMANCE_CASES.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
    const result = await runConformanceCase(environment, testCase, send);
    expect(result.mismatches).toEqual([]);
  });
});
