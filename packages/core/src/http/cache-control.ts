export interface FreshnessOptions {
  readonly cacheMaxAgeMs: number;
  readonly minCacheMaxAgeMs: number;
  readonly maxCacheMaxAgeMs: number;
}

/** Splits `a, b=1, c="x"` into lower-cased names and unquoted values; undefined when malformed. */
function parseDirectives(header: string): Map<string, string | undefined> | undefined {
  const directives = new Map<string, string | undefined>();
  for (const part of header.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const match = /^([A-Za-z0-9!#$%&'*+.^_`|~-]+)\s*(?:=\s*(?:"([^"]*)"|([^\s"]*)))?$/.exec(trimmed);
    if (!match) return undefined;
    const name = (match[1] as string).toLowerCase();
    const value = match[2] ?? match[3];
    // A directive given twice with different values is ambiguous (RFC 9111 §4.2.1): treat as garbage.
    if (directives.has(name) && directives.get(name) !== value) return undefined;
    directives.set(name, value);
  }
  return directives;
}

/**
 * How long a fetched document stays fresh. Only `max-age` counts: `s-maxage` is for shared HTTP
 * caches, and a verifier is the end client. `max-age` is clamped to
 * [minCacheMaxAgeMs, maxCacheMaxAgeMs]; `no-store`, `no-cache`, an absent or malformed header
 * fall back to `cacheMaxAgeMs` (keys must be cached regardless, or every request would fetch).
 */
export function freshnessMs(cacheControl: string | null, options: FreshnessOptions): number {
  if (cacheControl === null) return options.cacheMaxAgeMs;
  const directives = parseDirectives(cacheControl);
  if (!directives || directives.has('no-store') || directives.has('no-cache')) return options.cacheMaxAgeMs;
  const maxAge = directives.get('max-age');
  if (maxAge === undefined || !/^\d+$/.test(maxAge)) return options.cacheMaxAgeMs;
  const ms = Number(maxAge) * 1000;
  return Math.min(Math.max(ms, options.minCacheMaxAgeMs), options.maxCacheMaxAgeMs);
}
