import { describe, expect, it } from 'vitest';
import { assertKeyUrl } from '../../src/keys/index.js';
import { describeUrl, isAllowedKeyUrl } from '../../src/http/key-url.js';

describe('assertKeyUrl', () => {
  it('accepts https URLs', () => {
    expect(() => assertKeyUrl('https://login.example.com/keys?appid=1', 'keySource.uri')).not.toThrow();
  });

  it.each(['http://127.0.0.1:8080/keys', 'http://127.1.2.3/keys', 'http://localhost:3000/keys', 'http://[::1]:3000/keys'])(
    'accepts http to the loopback address %s',
    (url) => {
      expect(() => assertKeyUrl(url, 'keySource.uri')).not.toThrow();
    },
  );

  it.each(['http://login.example.com/keys', 'http://10.0.0.1/keys', 'http://localhost.example.com/keys', 'http://[::2]/keys'])(
    'rejects http to the remote host %s',
    (url) => {
      expect(() => assertKeyUrl(url, 'keySource.uri')).toThrow(TypeError);
    },
  );

  it.each(['ftp://example.com/keys', 'file:///etc/keys.json', 'data:application/json,{}'])('rejects the scheme of %s', (url) => {
    expect(() => assertKeyUrl(url, 'keySource.uri')).toThrow(TypeError);
  });

  it('rejects URLs carrying credentials without echoing them', () => {
    expect(() => assertKeyUrl('https://user:hunter2@example.com/keys', 'keySource.uri')).toThrow(/must not contain credentials/);
    try {
      assertKeyUrl('https://user:hunter2@example.com/keys', 'keySource.uri');
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('rejects relative or malformed URLs', () => {
    expect(() => assertKeyUrl('/keys', 'keySource.uri')).toThrow('tokenward: keySource.uri is not a valid absolute URL');
  });

  it('rejects a non-string', () => {
    expect(() => assertKeyUrl(undefined as unknown as string, 'keySource.uri')).toThrow(TypeError);
  });

  it('names what was configured and leaves the query out of the message', () => {
    expect(() => assertKeyUrl('http://example.com/keys?secret=s3cr3t', 'issuer x keySource.uri')).toThrow(
      'tokenward: issuer x keySource.uri must be an https: URL (http: is allowed only for localhost and 127.0.0.0/8), got http://example.com/keys',
    );
  });
});

describe('isAllowedKeyUrl', () => {
  it('normalises IPv4 shorthand before deciding', () => {
    expect(isAllowedKeyUrl(new URL('http://127.1/keys'))).toBe(true);
  });
});

describe('describeUrl', () => {
  it('drops credentials, query and fragment', () => {
    expect(describeUrl('https://u:p@host.example:8443/a/b?token=x#frag')).toBe('https://host.example:8443/a/b');
  });

  it('describes an unparsable URL without echoing it', () => {
    expect(describeUrl('not a url ?secret')).toBe('an invalid URL');
  });
});
