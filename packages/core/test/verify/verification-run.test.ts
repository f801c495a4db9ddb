import { describe, expect, it } from 'vitest';
import { runSteps, VerificationRun, type Step } from '../../src/verify/verification-run.js';
import type { CompiledIssuer } from '../../src/verify/issuer-registry.js';

const issuer = { config: { issuer: 'https://issuer.test' }, rules: { clockToleranceSec: 60 } } as unknown as CompiledIssuer;
const newRun = () => new VerificationRun('t', undefined, { alg: 'RS256' }, { iss: 'https://issuer.test' }, issuer, 'k', 'RS256');

describe('runSteps', () => {
  it('runs every step synchronously when none answers with a thenable', () => {
    const order: string[] = [];
    const steps: Step[] = [() => void order.push('a'), () => true, () => void order.push('c')];
    expect(runSteps(steps, newRun())).toBeUndefined();
    expect(order).toEqual(['a', 'c']);
  });

  it('awaits a thenable, then runs the rest in order', async () => {
    const order: string[] = [];
    let settle: () => void = () => undefined;
    const thenable = { then: (resolve: () => void) => void (settle = resolve) };
    const steps: Step[] = [() => void order.push('a'), () => thenable, () => void order.push('c')];
    const pending = runSteps(steps, newRun());
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order).toEqual(['a']);
    settle();
    await pending;
    expect(order).toEqual(['a', 'c']);
  });

  it('fails the run with a rejected step and runs nothing after it', async () => {
    const after: string[] = [];
    const steps: Step[] = [() => Promise.reject(new Error('no')), () => void after.push('b')];
    await expect(runSteps(steps, newRun())).rejects.toThrow('no');
    expect(after).toEqual([]);
  });

  it('lets a throwing step throw synchronously', () => {
    const steps: Step[] = [
      () => {
        throw new Error('sync');
      },
    ];
    expect(() => runSteps(steps, newRun())).toThrow('sync');
  });

  it('stops at a step that marks the run stale', () => {
    const after: string[] = [];
    const steps: Step[] = [(run) => void (run.stale = true), () => void after.push('b')];
    expect(runSteps(steps, newRun())).toBeUndefined();
    expect(after).toEqual([]);
  });

  it('makes the claim-check context once per run', () => {
    const run = newRun();
    run.nowSec = 1_000;
    expect(run.context()).toBe(run.context());
    expect(run.context()).toEqual({ header: { alg: 'RS256' }, issuer: issuer.config, nowSec: 1_000, clockToleranceSec: 60 });
  });
});
