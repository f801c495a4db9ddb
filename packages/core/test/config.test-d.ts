import { describe, expectTypeOf, it } from 'vitest';
import type { createVerifier } from '../src/index.js';
import {
  entra,
  type ErrorCode,
  type IssuerConfig,
  type TokenwardErrorUnion,
  type VerifiedToken,
  type VerifierOptions,
} from '../src/index.js';

describe('public types', () => {
  it('requires an audience on every issuer config (null to opt out)', () => {
    expectTypeOf<IssuerConfig['audience']>().toEqualTypeOf<string | readonly string[] | null>();
    // @ts-expect-error audience cannot be omitted
    const missing: IssuerConfig = { name: 'x', issuer: 'https://i', keySource: { kind: 'jwks', uri: 'https://i/k' } };
    void missing;
  });

  it('accepts presets that return several configs in issuers', () => {
    expectTypeOf(entra).returns.toEqualTypeOf<IssuerConfig[]>();
    expectTypeOf<Parameters<typeof createVerifier>[0]>().toEqualTypeOf<VerifierOptions>();
  });

  it('narrows errors by code', () => {
    const error = {} as TokenwardErrorUnion;
    if (error.code === 'insufficient_scope') expectTypeOf(error.requiredScopes).toEqualTypeOf<readonly string[]>();
    if (error.code === 'jwks_unavailable') expectTypeOf(error.status).toEqualTypeOf<503>();
    expectTypeOf<TokenwardErrorUnion['code']>().toEqualTypeOf<ErrorCode>();
  });

  it('types verified claims through the generic parameter', () => {
    type MyClaims = { readonly iss: string; readonly tenant_plan: 'free' | 'pro' };
    expectTypeOf<VerifiedToken<MyClaims>['claims']['tenant_plan']>().toEqualTypeOf<'free' | 'pro'>();
  });
});
