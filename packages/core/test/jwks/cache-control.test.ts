import { describe, expect, it } from 'vitest';
import { freshnessMs } from '../../src/http/cache-control.js';

const options = { cacheMaxAgeMs: 600_000, minCacheMaxAgeMs: 60_000, maxCacheMaxAgeMs: 86_400_000 };

describe('freshnessMs', () => {
  it('honours max-age', () => {
    expect(freshnessMs('public, max-age=3600', options)).toBe(3_600_000);
  });

  it('raises a max-age below minCacheMaxAgeMs to it', () => {
    expect(freshnessMs('max-age=5', options)).toBe(60_000);
  });

  it('lowers a max-age above maxCacheMaxAgeMs to it', () => {
    expect(freshnessMs('max-age=31536000', options)).toBe(86_400_000);
  });

  it('uses cacheMaxAgeMs when the header is absent', () => {
    expect(freshnessMs(null, options)).toBe(600_000);
  });

  it('treats an enormous max-age as maxCacheMaxAgeMs', () => {
    expect(freshnessMs(`max-age=${'9'.repeat(400)}`, options)).toBe(86_400_000);
  });

  it('uses cacheMaxAgeMs for no-store', () => {
    expect(freshnessMs('no-store', options)).toBe(600_000);
  });

  it('uses cacheMaxAgeMs for no-cache, even next to a max-age', () => {
    expect(freshnessMs('no-cache, max-age=3600', options)).toBe(600_000);
  });

  it('ignores s-maxage, which is for shared caches', () => {
    expect(freshnessMs('s-maxage=3600', options)).toBe(600_000);
    expect(freshnessMs('max-age=120, s-maxage=3600', options)).toBe(120_000);
  });

  it.each(['max-age=abc', 'max-age=-5', 'max-age=1.5', 'max-age', 'max-age=60 60', ',,;;=='])(
    'uses cacheMaxAgeMs for the garbage %j',
    (header) => {
      expect(freshnessMs(header, options)).toBe(600_000);
    },
  );

  it('uses cacheMaxAgeMs when max-age is given twice with different values', () => {
    expect(freshnessMs('max-age=120, max-age=3600', options)).toBe(600_000);
  });

  it('accepts a quoted max-age and any letter case', () => {
    expect(freshnessMs('Max-Age="300"', options)).toBe(300_000);
  });
});
