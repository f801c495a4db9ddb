/** The checklist `inspect` prints: one line per check core's verifier runs, in the verifier's order. */
import type { ErrorCode } from '@tokenward/core';

export type CheckId =
  'format' | 'issuer' | 'algorithm' | 'key' | 'signature' | 'expiry' | 'not-before' | 'audience' | 'tenant' | 'claims' | 'scope' | 'role';

export type CheckStatus = 'passed' | 'failed' | 'skipped';

export interface CheckLine {
  readonly id: CheckId;
  readonly label: string;
  readonly status: CheckStatus;
  /** What passed, why it failed (core's message), or why it was not checked. */
  readonly detail: string;
  readonly code?: ErrorCode;
  readonly expected?: string | readonly string[];
  readonly found?: string | readonly string[];
}

export const CHECK_LABELS: Readonly<Record<CheckId, string>> = {
  format: 'format',
  issuer: 'issuer',
  algorithm: 'algorithm',
  key: 'signing key',
  signature: 'signature',
  expiry: 'expiry',
  'not-before': 'not before',
  audience: 'audience',
  tenant: 'tenant',
  claims: 'other claims',
  scope: 'scope',
  role: 'app role',
};

/** Where each check sits in core's verification order (the `tenant` of multi-tenant issuers runs with `issuer`). */
export const CHECK_STAGE: Readonly<Record<CheckId, number>> = {
  format: 0,
  issuer: 1,
  algorithm: 2,
  key: 3,
  signature: 4,
  expiry: 5,
  'not-before': 6,
  audience: 7,
  claims: 8,
  tenant: 9,
  scope: 10,
  role: 11,
};

/** Lines are printed in this order. */
export const CHECK_ORDER: readonly CheckId[] = [
  'format',
  'issuer',
  'algorithm',
  'key',
  'signature',
  'expiry',
  'not-before',
  'audience',
  'tenant',
  'claims',
  'scope',
  'role',
];

/** The checklist line a core error code belongs to. */
export function checkOf(code: ErrorCode): CheckId {
  switch (code) {
    case 'token_malformed':
    case 'token_missing':
    case 'authorization_malformed':
    case 'multiple_tokens':
      return 'format';
    case 'issuer_not_allowed':
      return 'issuer';
    case 'algorithm_not_allowed':
      return 'algorithm';
    case 'key_not_found':
    case 'jwks_unavailable':
      return 'key';
    case 'signature_invalid':
    case 'verification_failed':
      return 'signature';
    case 'token_expired':
      return 'expiry';
    case 'token_not_yet_valid':
      return 'not-before';
    case 'audience_mismatch':
      return 'audience';
    case 'tenant_not_allowed':
      return 'tenant';
    case 'claim_invalid':
    case 'token_revoked':
    case 'insufficient_claims':
    case 'dpop_required':
    case 'invalid_dpop_proof':
    case 'use_dpop_nonce':
      return 'claims';
    case 'insufficient_scope':
      return 'scope';
    case 'forbidden':
      return 'role';
  }
}
