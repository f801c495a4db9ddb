import { describe, expect, it } from 'vitest';
import { createStoreGuard } from '../../src/store/index.js';

type Operation = 'get' | 'put';

class ExampleStoreError extends Error {
  constructor(
    message: string,
    readonly operation: Operation,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ExampleStoreError';
  }
}

function guard(options: { timeoutMs?: number; retryAfterErrorMs?: number } = {}) {
  const seen: [Error, Operation][] = [];
  const created = createStoreGuard({
    label: 'example',
    timeoutMs: options.timeoutMs ?? 30,
    retryAfterErrorMs: options.retryAfterErrorMs ?? 60_000,
    onError: (error, operation) => seen.push([error, operation]),
    error: ExampleStoreError,
  });
  return { guard: created, seen };
}

const hang = () => new Promise<never>(() => undefined);

describe('store guard', () => {
  it('answers with the call’s value when the store answers in time', async () => {
    expect(await guard().guard.soft('get', async () => 'value', 'fallback')).toBe('value');
  });

  it('answers the fallback for a call that does not settle within timeoutMs, and reports it', async () => {
    const { guard: g, seen } = guard();
    expect(await g.soft('get', hang, 'fallback')).toBe('fallback');
    expect(seen).toEqual([
      [expect.objectContaining({ name: 'ExampleStoreError', message: 'example get did not answer within 30 ms' }), 'get'],
    ]);
  });

  it('rejects with the package’s error class, the store’s own error as its cause', async () => {
    const cause = new Error('connection refused');
    const failure = await guard()
      .guard.strict('put', () => Promise.reject(cause))
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ExampleStoreError);
    expect(failure).toMatchObject({ message: 'example put failed', operation: 'put', cause });
  });

  it('turns a call that throws synchronously into the same typed rejection', async () => {
    const failing = (): Promise<string> => {
      throw new Error('bad client');
    };
    await expect(guard().guard.strict('get', failing)).rejects.toBeInstanceOf(ExampleStoreError);
  });

  it('skips the store for retryAfterErrorMs after a failure, without calling it', async () => {
    const { guard: g, seen } = guard();
    await g.soft('get', () => Promise.reject(new Error('down')), undefined);
    let called = false;
    await expect(
      g.strict('get', async () => {
        called = true;
      }),
    ).rejects.toThrow('example get skipped: example failed less than 60000 ms ago');
    expect(called).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('calls the store again once retryAfterErrorMs has passed', async () => {
    const { guard: g } = guard({ retryAfterErrorMs: 0 });
    await g.soft('get', () => Promise.reject(new Error('down')), undefined);
    expect(await g.soft('get', async () => 'back', 'fallback')).toBe('back');
  });

  it('reports a refused value without skipping the store afterwards', async () => {
    const { guard: g, seen } = guard();
    g.report(new ExampleStoreError('example get refused the value', 'get'));
    expect(seen.map(([error]) => error.message)).toEqual(['example get refused the value']);
    expect(await g.soft('get', async () => 'value', 'fallback')).toBe('value');
  });

  it('is not changed by an onError hook that throws', async () => {
    const g = createStoreGuard<Operation, ExampleStoreError>({
      label: 'example',
      timeoutMs: 30,
      retryAfterErrorMs: 0,
      onError: () => {
        throw new Error('hook failed');
      },
      error: ExampleStoreError,
    });
    expect(await g.soft('get', () => Promise.reject(new Error('down')), 'fallback')).toBe('fallback');
  });
});
