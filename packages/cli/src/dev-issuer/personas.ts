/** The dev issuer's personas, and how each provider writes scopes and roles into a token. */
import type { MintOptions } from '@tokenward/testing';

export type DevProvider = 'entra' | 'auth0' | 'cognito' | 'okta' | 'keycloak' | 'google' | 'firebase' | 'generic';

/**
 * - `user`: a signed-in user with the configured scopes.
 * - `admin`: a signed-in user with the scopes and the admin app roles.
 * - `app`: an app-only (client credentials) token with the app roles.
 * - `expired`: the `user` token, expired an hour ago.
 */
export type Persona = 'user' | 'admin' | 'app' | 'expired';

export const PERSONAS: readonly Persona[] = ['user', 'admin', 'app', 'expired'];

export interface PersonaDefaults {
  readonly scopes: readonly string[];
  readonly adminRoles: readonly string[];
  readonly appRoles: readonly string[];
}

export interface MintOverrides {
  /** Replaces the persona's scopes. */
  readonly scopes?: readonly string[];
  /** Replaces the persona's app roles. */
  readonly roles?: readonly string[];
  /** Merged over everything else; `undefined` deletes a claim. */
  readonly claims?: Readonly<Record<string, unknown>>;
  /** Lifetime in seconds (default 3600). */
  readonly expiresInSec?: number;
}

export function isPersona(value: unknown): value is Persona {
  return typeof value === 'string' && (PERSONAS as readonly string[]).includes(value);
}

/**
 * Claims in the provider's own shape: Entra `scp` and `roles`; Auth0 `scope` and `permissions`; Okta a
 * `scp` array; Keycloak `scope` and `realm_access.roles`; Google and Firebase ID tokens carry no scopes
 * (roles as a custom claim); `scope` elsewhere.
 */
function grants(provider: DevProvider, app: boolean, scopes: readonly string[], roles: readonly string[]): Record<string, unknown> {
  const roleClaim = roles.length > 0 ? { roles: [...roles] } : {};
  switch (provider) {
    case 'entra':
      // Entra never puts scopes in app-only tokens: apps get application permissions as roles.
      return app ? { roles: [...roles], scp: undefined } : { scp: scopes.join(' '), ...roleClaim };
    case 'auth0':
      return {
        scope: app ? scopes.join(' ') : ['openid', 'profile', 'email', ...scopes].join(' '),
        permissions: [...scopes],
        ...roleClaim,
      };
    case 'okta':
      return { scp: [...scopes], ...roleClaim };
    case 'keycloak':
      return { scope: scopes.join(' '), ...(roles.length > 0 ? { realm_access: { roles: [...roles] } } : {}) };
    case 'google':
    case 'firebase':
      return roleClaim;
    case 'cognito':
    case 'generic':
      return { scope: scopes.join(' '), ...roleClaim };
  }
}

export function personaToken(
  provider: DevProvider,
  persona: Persona,
  defaults: PersonaDefaults,
  overrides: MintOverrides,
  nowSec: number,
): { claims: Record<string, unknown>; options: MintOptions } {
  const app = persona === 'app';
  const scopes = overrides.scopes ?? defaults.scopes;
  const roles = overrides.roles ?? (persona === 'admin' ? defaults.adminRoles : app ? defaults.appRoles : []);
  const claims = { ...grants(provider, app, scopes, roles), ...overrides.claims };
  const lifetime = overrides.expiresInSec ?? 3600;
  const options: MintOptions =
    persona === 'expired'
      ? { profile: 'user', now: nowSec - 3600 - lifetime, expiresInSec: lifetime }
      : { profile: app ? 'app' : 'user', now: nowSec, expiresInSec: lifetime };
  return { claims, options };
}
