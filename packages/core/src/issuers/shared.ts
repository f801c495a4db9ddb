import type { IssuerConfig } from '../shared/types.js';

/** Per-issuer settings every preset accepts on top of its own options. */
export type IssuerOverrides = Partial<
  Pick<IssuerConfig, 'algorithms' | 'clockToleranceSec' | 'maxTokenAgeSec' | 'typ' | 'requiredClaims' | 'checks'>
>;

const OVERRIDES: ReadonlySet<string> = new Set(['algorithms', 'clockToleranceSec', 'maxTokenAgeSec', 'typ', 'requiredClaims', 'checks']);

/**
 * Copies the caller's overrides onto a preset's config, running the preset's own checks first. What the
 * preset did not take for itself must be an override: a misspelt or foreign option (`jwksUri` given to
 * `oidc()`) is a `TypeError`, never silently ignored.
 */
export function withOverrides(config: IssuerConfig, overrides: IssuerOverrides): IssuerConfig {
  for (const key of Object.keys(overrides)) {
    if (!OVERRIDES.has(key)) {
      throw new TypeError(
        `tokenward: ${config.name}(): unknown option '${key}' (besides its own options, a preset takes ${[...OVERRIDES].join(', ')})`,
      );
    }
  }
  const { checks, ...rest } = overrides;
  const merged: IssuerConfig = { ...config };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return { ...merged, checks: [...(config.checks ?? []), ...(checks ?? [])] };
}

export function requireString(preset: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new TypeError(`tokenward: ${preset}() needs ${name} (a non-empty string)`);
  }
  return value;
}

/** `https://host/` and `https://host` name the same authority; presets join paths onto the bare form. */
export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

export function hostFromDomain(preset: string, domain: string): string {
  const value = requireString(preset, 'domain', domain);
  if (/^https?:\/\//i.test(value)) return trimSlash(value);
  return `https://${trimSlash(value)}`;
}
