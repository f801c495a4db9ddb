import { ClaimInvalidError } from '../shared/errors.js';
import type { ClaimCheck, IssuerConfig } from '../shared/types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export const FIREBASE_CERTS_URL = 'https://www.googleapis.com/robot/v1/metadata/x509/securetoken@system.gserviceaccount.com';

export interface FirebaseOptions extends IssuerOverrides {
  readonly projectId: string;
  /** Replaces `https://securetoken.google.com` (a local issuer in tests). */
  readonly authority?: string;
  /** Replaces Google's x509 certificate endpoint. */
  readonly certsUrl?: string;
}

/** Firebase's documented rules for ID tokens: `sub` is a non-empty uid and `auth_time` is in the past. */
const firebaseSubjectAndAuthTime: ClaimCheck = (claims, { nowSec, clockToleranceSec }) => {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) {
    throw new ClaimInvalidError('the Firebase token has no valid "sub" (uid)', { claim: 'sub', expected: 'a uid of 1 to 128 characters' });
  }
  if (typeof claims.auth_time !== 'number' || claims.auth_time > nowSec + clockToleranceSec) {
    throw new ClaimInvalidError('the Firebase token has no valid "auth_time"', { claim: 'auth_time', expected: 'a time in the past' });
  }
};

/**
 * Firebase Authentication ID tokens, checked against Google's published X.509 certificates.
 *
 * @example
 * firebase({ projectId: 'my-project' })
 */
export function firebase(options: FirebaseOptions): IssuerConfig {
  const { projectId, authority, certsUrl, ...overrides } = options;
  requireString('firebase', 'projectId', projectId);
  const base = trimSlash(authority ?? 'https://securetoken.google.com');
  return withOverrides(
    {
      name: 'firebase',
      issuer: `${base}/${projectId}`,
      audience: projectId,
      algorithms: ['RS256'],
      keySource: { kind: 'x509', uri: certsUrl ?? FIREBASE_CERTS_URL },
      checks: [firebaseSubjectAndAuthTime],
    },
    overrides,
  );
}
