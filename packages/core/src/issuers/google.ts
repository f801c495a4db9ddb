import { ClaimInvalidError } from '../shared/errors.js';
import type { ClaimCheck, IssuerConfig } from '../shared/types.js';
import { requireString, trimSlash, withOverrides, type IssuerOverrides } from './shared.js';

export interface GoogleOptions extends IssuerOverrides {
  /** Your OAuth client id(s): Google ID tokens carry it in `aud`. */
  readonly audience: string | readonly string[];
  /** Google Workspace domain(s) allowed (`hd` claim). Omit to accept any account. */
  readonly hostedDomain?: string | readonly string[];
  /** Replaces `https://accounts.google.com` (a local issuer in tests). */
  readonly authority?: string;
  /** Replaces `https://www.googleapis.com/oauth2/v3/certs`. */
  readonly jwksUri?: string;
}

function hostedDomainIn(domains: ReadonlySet<string>): ClaimCheck {
  return (claims) => {
    if (typeof claims.hd !== 'string' || !domains.has(claims.hd)) {
      throw new ClaimInvalidError('the Google account is not in an allowed Workspace domain', {
        claim: 'hd',
        expected: [...domains],
        found: typeof claims.hd === 'string' ? claims.hd : 'none',
      });
    }
  };
}

/**
 * Google ID tokens (Sign in with Google, Google Cloud identity tokens). Google issues with both
 * `https://accounts.google.com` and `accounts.google.com`, so two issuer configs are returned (under a
 * custom `authority` too: the authority and the authority without its scheme).
 *
 * @example
 * google({ audience: '1234-abc.apps.googleusercontent.com' })
 */
export function google(options: GoogleOptions): IssuerConfig[] {
  const { audience, hostedDomain, authority, jwksUri, ...overrides } = options;
  const checks: ClaimCheck[] = [];
  if (hostedDomain !== undefined) {
    const domains = typeof hostedDomain === 'string' ? [hostedDomain] : [...hostedDomain];
    domains.forEach((d) => requireString('google', 'hostedDomain', d));
    checks.push(hostedDomainIn(new Set(domains)));
  }
  const keySource = { kind: 'jwks', uri: jwksUri ?? 'https://www.googleapis.com/oauth2/v3/certs' } as const;
  // Google's ID tokens carry either form; a custom authority (a local issuer) keeps both, as production does.
  const base = authority ? trimSlash(requireString('google', 'authority', authority)) : 'https://accounts.google.com';
  const issuers = [base, base.replace(/^https?:\/\//i, '')];
  return issuers.map((issuer) => withOverrides({ name: 'google', issuer, audience, algorithms: ['RS256'], keySource, checks }, overrides));
}
