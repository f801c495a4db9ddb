import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webCryptoBackend } from '../src/crypto/webcrypto-backend.js';
import {
  ClaimInvalidError,
  createRequirement,
  createVerifier,
  ForbiddenError,
  oidc,
  SignatureInvalidError,
  type IssuerConfig,
  type VerifiedToken,
  type VerifierOptions,
} from '../src/index.js';
import { compileRequirement } from '../src/adapter/index.js';
import { rejection } from './support/rejection.js';

// Thenables that are not native promises, like a lazy query builder's: `then` schedules the callback
// and returns nothing. Whatever user code answers with one must be awaited and judged like a promise.
function thenable<T>(value: T): PromiseLike<T> {
  return {
    then(onFulfilled?: ((value: T) => unknown) | null) {
      queueMicrotask(() => onFulfilled?.(value));
      return undefined;
    },
  } as unknown as PromiseLike<T>;
}

function rejectingThenable(error: unknown): PromiseLike<never> {
  return {
    then(_onFulfilled?: unknown, onRejected?: ((reason: unknown) => unknown) | null) {
      queueMicrotask(() => onRejected?.(error));
      return undefined;
    },
  } as unknown as PromiseLike<never>;
}

let issuer: TestIssuer;

beforeAll(async () => {
  issuer = await createTestIssuer({ provider: 'generic' });
});

afterAll(() => issuer?.close());

function issuerWith(overrides: Partial<IssuerConfig>): IssuerConfig {
  return { ...oidc({ issuer: issuer.issuer, audience: issuer.audience }), ...overrides };
}

async function verifyWith(
  overrides: Partial<IssuerConfig>,
  options: Partial<VerifierOptions> = {},
  call?: Parameters<ReturnType<typeof createVerifier>['verify']>[1],
) {
  const verifier = createVerifier({ issuers: [issuerWith(overrides)], ...options });
  return verifier.verify(await issuer.mint(), call);
}

describe('claim checks answering with a thenable', () => {
  it('rejects the token when an issuer check resolves false', async () => {
    const error = await rejection(verifyWith({ checks: [() => thenable(false) as never] }));
    expect(error).toBeInstanceOf(ClaimInvalidError);
  });

  it('rejects with the message an issuer check resolves to', async () => {
    const error = await rejection(verifyWith({ checks: [() => thenable('the tenant is suspended') as never] }));
    expect(error).toMatchObject({ code: 'claim_invalid', message: 'the tenant is suspended' });
  });

  it('rejects the token when an issuer check rejects', async () => {
    const error = await rejection(verifyWith({ checks: [() => rejectingThenable(new Error('database down')) as never] }));
    expect(error).toMatchObject({ code: 'claim_invalid', message: 'a claim check failed with an error' });
  });

  it('rejects the token when a per-call check resolves false', async () => {
    const error = await rejection(verifyWith({}, {}, { checks: [() => thenable(false) as never] }));
    expect(error).toBeInstanceOf(ClaimInvalidError);
  });

  it('accepts the token when every check resolves true, and runs them in order', async () => {
    const order: number[] = [];
    const step = (n: number) => () => {
      order.push(n);
      return thenable(true) as never;
    };
    await expect(verifyWith({ checks: [step(1), step(2)] }, {}, { checks: [step(3)] })).resolves.toBeDefined();
    expect(order).toEqual([1, 2, 3]);
  });
});

describe('issuer prechecks and key checks answering with a thenable', () => {
  it('rejects with the error a precheck rejects with', async () => {
    const error = await rejection(verifyWith({ precheck: () => rejectingThenable(new ClaimInvalidError('not for this API')) as never }));
    expect(error).toMatchObject({ code: 'claim_invalid', message: 'not for this API' });
  });

  it('rejects with the error a key check rejects with', async () => {
    const error = await rejection(
      verifyWith({ keyCheck: () => rejectingThenable(new ClaimInvalidError('key of another issuer')) as never }),
    );
    expect(error).toMatchObject({ code: 'claim_invalid', message: 'key of another issuer' });
  });

  it('accepts the token once a precheck and a key check resolve', async () => {
    await expect(
      verifyWith({ precheck: () => thenable(undefined) as never, keyCheck: () => thenable(undefined) as never }),
    ).resolves.toBeDefined();
  });
});

describe('a signature backend answering with a thenable', () => {
  const answering = (valid: boolean) => ({
    name: 'thenable',
    importKey: webCryptoBackend.importKey,
    verify: () => thenable(valid) as never,
  });

  it('accepts the token when the thenable resolves true', async () => {
    await expect(verifyWith({}, { signatureBackend: answering(true) })).resolves.toBeDefined();
  });

  it('rejects the token when the thenable resolves false', async () => {
    expect(await rejection(verifyWith({}, { signatureBackend: answering(false) }))).toBeInstanceOf(SignatureInvalidError);
  });

  it('rejects the token when the backend answers anything but true', async () => {
    const backend = { name: 'loose', importKey: webCryptoBackend.importKey, verify: () => 1 as never };
    expect(await rejection(verifyWith({}, { signatureBackend: backend }))).toBeInstanceOf(SignatureInvalidError);
  });
});

describe('requirement checks answering with a thenable', () => {
  let token: VerifiedToken;
  beforeAll(async () => {
    token = await createVerifier({ issuers: [issuerWith({})] }).verify(await issuer.mint());
  });

  const route = async (answer: unknown): Promise<void> => compileRequirement(() => answer as never)?.(token, undefined);

  it('passes a route requirement whose check resolves true', async () => {
    await expect(route(thenable(true))).resolves.toBeUndefined();
  });

  it('denies a route requirement whose check resolves false', async () => {
    await expect(route(thenable(false))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("passes createRequirement's check when it resolves true", async () => {
    await expect(createRequirement({ check: () => thenable(true) as never })(token)).resolves.toBeUndefined();
  });

  it("denies createRequirement's check when it resolves a message", async () => {
    await expect(createRequirement({ check: () => thenable('not an auditor') as never })(token)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'not an auditor',
    });
  });
});
