import { describe, expect, it } from 'vitest';
import { authorizationFromRawHeaders, extractBearerToken, MAX_AUTHORIZATION_LENGTH } from '../src/rfc6750/bearer.js';
import { AuthorizationMalformedError, TokenMissingError, type TokenwardErrorUnion } from '../src/shared/errors.js';
import type { HeadersInput } from '../src/shared/types.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';

function failure(input: HeadersInput): TokenwardErrorUnion {
  try {
    extractBearerToken(input);
  } catch (error) {
    return error as TokenwardErrorUnion;
  }
  throw new Error('expected extractBearerToken to throw');
}

describe('extractBearerToken: where the header is read from', () => {
  it('reads a Web Request', () => {
    expect(extractBearerToken(new Request('http://127.0.0.1/', { headers: { Authorization: `Bearer ${TOKEN}` } }))).toBe(TOKEN);
  });

  it('reads a Web Headers object', () => {
    expect(extractBearerToken(new Headers({ authorization: `Bearer ${TOKEN}` }))).toBe(TOKEN);
  });

  it('reads a Node header record', () => {
    expect(extractBearerToken({ authorization: `Bearer ${TOKEN}` })).toBe(TOKEN);
  });

  it('reads a Node-style request with a headers record', () => {
    expect(extractBearerToken({ headers: { authorization: `Bearer ${TOKEN}`, host: '127.0.0.1' } })).toBe(TOKEN);
  });

  it('reads a record key spelled in any case', () => {
    expect(extractBearerToken({ AUTHORIZATION: `Bearer ${TOKEN}` })).toBe(TOKEN);
    expect(extractBearerToken({ Authorization: `Bearer ${TOKEN}` })).toBe(TOKEN);
  });

  it('reads a single-element headersDistinct array', () => {
    expect(extractBearerToken({ authorization: [`Bearer ${TOKEN}`] })).toBe(TOKEN);
  });

  it('ignores a token in the query string (only the Authorization header is read)', () => {
    const request = new Request(`http://127.0.0.1/?access_token=${TOKEN}`);
    expect(failure(request)).toBeInstanceOf(TokenMissingError);
  });
});

describe('extractBearerToken: accepted syntax', () => {
  it('matches the scheme case-insensitively', () => {
    expect(extractBearerToken({ authorization: `bearer ${TOKEN}` })).toBe(TOKEN);
    expect(extractBearerToken({ authorization: `BEARER ${TOKEN}` })).toBe(TOKEN);
  });

  it('accepts several spaces between the scheme and the token (1*SP)', () => {
    expect(extractBearerToken({ authorization: `Bearer   ${TOKEN}` })).toBe(TOKEN);
  });

  it('trims optional whitespace around the field value', () => {
    expect(extractBearerToken({ authorization: ` \tBearer ${TOKEN}\t ` })).toBe(TOKEN);
  });

  it('accepts every b64token character and trailing padding', () => {
    expect(extractBearerToken({ authorization: 'Bearer aZ09-._~+/==' })).toBe('aZ09-._~+/==');
  });

  it('accepts a header of exactly the maximum length', () => {
    const token = 'a'.repeat(MAX_AUTHORIZATION_LENGTH - 'Bearer '.length);
    expect(extractBearerToken({ authorization: `Bearer ${token}` })).toBe(token);
  });
});

describe('extractBearerToken: no Bearer credentials (token_missing, 401)', () => {
  it('rejects a request without an Authorization header', () => {
    const error = failure({ host: '127.0.0.1' });
    expect(error).toBeInstanceOf(TokenMissingError);
    expect(error.message).toBe('expected an Authorization header with a Bearer token, found no Authorization header');
  });

  it('rejects a Request without an Authorization header', () => {
    expect(failure(new Request('http://127.0.0.1/'))).toBeInstanceOf(TokenMissingError);
  });

  it('treats an undefined record value as no header', () => {
    expect(failure({ authorization: undefined })).toBeInstanceOf(TokenMissingError);
  });

  it('rejects an empty Authorization header', () => {
    const error = failure({ authorization: '  ' });
    expect(error).toBeInstanceOf(TokenMissingError);
    expect(error.message).toBe('expected an Authorization header with a Bearer token, found an empty Authorization header');
  });

  it('names another scheme without echoing its credentials', () => {
    const error = failure({ authorization: 'Basic dXNlcjpzZWNyZXQ=' });
    expect(error).toBeInstanceOf(TokenMissingError);
    expect(error.message).toBe('expected an Authorization header with a Bearer token, found the Basic scheme');
    expect(JSON.stringify(error)).not.toContain('dXNlcjpzZWNyZXQ');
  });

  it('names Digest, whose credentials contain commas, as another scheme', () => {
    const error = failure({ authorization: 'Digest username="u", realm="r", response="abc"' });
    expect(error).toBeInstanceOf(TokenMissingError);
    expect(error.message).toContain('found the Digest scheme');
  });

  it('does not echo an unrecognised scheme, which may be a credential', () => {
    const error = failure({ authorization: 's3cr3t-api-key value' });
    expect(error).toBeInstanceOf(TokenMissingError);
    expect(error.message).toBe('expected an Authorization header with a Bearer token, found an unrecognised scheme');
    expect(JSON.stringify(error)).not.toContain('s3cr3t');
  });

  it('points out a token sent without the Bearer scheme, without echoing it', () => {
    const error = failure({ authorization: TOKEN });
    expect(error).toBeInstanceOf(TokenMissingError);
    expect(error.message).toContain('found a value with no scheme');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });
});

describe('extractBearerToken: malformed Authorization (authorization_malformed, 400)', () => {
  it('rejects two Authorization headers from headersDistinct', () => {
    const error = failure({ authorization: [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`] });
    expect(error).toBeInstanceOf(AuthorizationMalformedError);
    expect(error.message).toBe('expected one Authorization header, found 2 Authorization headers');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('rejects two record keys that differ only in case', () => {
    const error = failure({ Authorization: `Bearer ${TOKEN}`, authorization: 'Bearer other' });
    expect(error).toBeInstanceOf(AuthorizationMalformedError);
    expect(error.message).toContain('found 2 Authorization headers');
  });

  it('rejects a Web Headers object that combined two Authorization headers', () => {
    const headers = new Headers();
    headers.append('Authorization', `Bearer ${TOKEN}`);
    headers.append('Authorization', 'Bearer other');
    const error = failure(headers);
    expect(error).toBeInstanceOf(AuthorizationMalformedError);
    expect(error.message).toBe('expected one Authorization header, found 2 Authorization headers');
  });

  it('rejects a combined Bearer and Basic header as two headers, not as another scheme', () => {
    expect(failure({ authorization: 'Basic dXNlcg==, Bearer abc' }).message).toContain('found 2 Authorization headers');
  });

  it('counts combined headers alike whatever non-ASCII byte follows the scheme (U+00A0 from Node, U+FFFD from workerd)', () => {
    for (const first of ['Basic \u00a0x', 'Basic \ufffdx']) {
      expect(failure({ authorization: `${first}, Bearer ${TOKEN}` }).message).toContain('found 2 Authorization headers');
    }
  });

  it('rejects Bearer without a token', () => {
    for (const authorization of ['Bearer', 'Bearer   ']) {
      const error = failure({ authorization });
      expect(error).toBeInstanceOf(AuthorizationMalformedError);
      expect(error.message).toBe('expected a token after Bearer, found none');
    }
  });

  it('rejects a token with characters outside b64token, without echoing it', () => {
    for (const token of ['abc def', 'abc,def', 'ab"c', 'a=b', 'tökén']) {
      const error = failure({ authorization: `Bearer ${token}` });
      expect(error).toBeInstanceOf(AuthorizationMalformedError);
      expect(error.message).toBe('expected a token of letters, digits and -._~+/ (with trailing =) after Bearer, found other characters');
      expect(error.message).not.toContain(token);
    }
  });

  it('rejects Bearer glued to the token or separated by a tab', () => {
    for (const authorization of [`Bearer${TOKEN}`, `Bearer\t${TOKEN}`]) {
      const error = failure({ authorization });
      expect(error).toBeInstanceOf(AuthorizationMalformedError);
      expect(error.message).toBe('expected a space between Bearer and the token, found none');
      expect(JSON.stringify(error)).not.toContain(TOKEN);
    }
  });

  it('rejects a header longer than the cap, reporting only its length', () => {
    const error = failure({ authorization: `Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}` });
    expect(error).toBeInstanceOf(AuthorizationMalformedError);
    expect(error.message).toBe(
      `expected an Authorization header of at most ${MAX_AUTHORIZATION_LENGTH} characters, found ${MAX_AUTHORIZATION_LENGTH + 7} characters`,
    );
  });
});

describe('extractBearerToken: misuse', () => {
  it('throws a TypeError when given no request at all', () => {
    expect(() => extractBearerToken(undefined as unknown as HeadersInput)).toThrow(TypeError);
  });
});

describe('authorizationFromRawHeaders', () => {
  it('reads the one Authorization line of a Node request, whatever its case', () => {
    expect(authorizationFromRawHeaders(['Host', 'api.test', 'AUTHORIZATION', 'Bearer a'])).toEqual({ authorization: 'Bearer a' });
  });

  it('keeps every line when there are several, so that core rejects them', () => {
    const headers = authorizationFromRawHeaders(['authorization', 'Bearer a', 'accept', '*/*', 'Authorization', 'Bearer b']);
    expect(headers).toEqual({ authorization: ['Bearer a', 'Bearer b'] });
    expect(() => extractBearerToken(headers)).toThrow(AuthorizationMalformedError);
  });

  it('matches the name in any ASCII case', () => {
    expect(authorizationFromRawHeaders(['aUtHoRiZaTiOn', 'Bearer a'])).toEqual({ authorization: 'Bearer a' });
  });

  it('tells the name from others of its length and from look-alikes exactly as lowercasing does', () => {
    const names = [
      'authorization',
      'Authorization',
      'AUTHORIZATION',
      'Cache-Control',
      'If-None-Match',
      'authorizatiom',
      'authori@ation',
      'AUTHORİZATION',
      'authorızation',
      'authorization ',
      'authorizatio',
      'authorization\u0000',
    ];
    for (const name of names) {
      const found = authorizationFromRawHeaders(['host', 'api.test', name, 'Bearer a']).authorization !== undefined;
      expect(found, name).toBe(name.toLowerCase() === 'authorization');
    }
  });

  it('finds nothing in a request without one', () => {
    expect(authorizationFromRawHeaders(['host', 'api.test', 'x-authorization', 'Bearer a'])).toEqual({ authorization: undefined });
    expect(authorizationFromRawHeaders([])).toEqual({ authorization: undefined });
  });
});
