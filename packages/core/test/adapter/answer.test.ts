import { describe, expect, it } from 'vitest';
import { InsufficientScopeError, JwksUnavailableError, TokenExpiredError } from '../../src/index.js';
import { answerFailure } from '../../src/adapter/index.js';

describe('answerFailure', () => {
  it("answers a tokenward error with core's response for it", () => {
    const error = new TokenExpiredError('the token expired at 2026-01-01T00:00:00Z');
    const { failure, response } = answerFailure(error, {});
    expect(failure).toBe(error);
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_token', error_description: 'the token expired at 2026-01-01T00:00:00Z' });
    expect(response.headers['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
  });

  it('puts the realm in the challenge', () => {
    const { response } = answerFailure(new TokenExpiredError('expired'), { realm: 'orders' });
    expect(response.headers['WWW-Authenticate']).toMatch(/^Bearer realm="orders", error="invalid_token"/);
  });

  it('leaves the message out with includeDescription false', () => {
    const { response } = answerFailure(new InsufficientScopeError('needs Orders.Read', { requiredScopes: ['Orders.Read'] }), {
      includeDescription: false,
    });
    expect(response.status).toBe(403);
    expect(response.body.error_description).not.toContain('needs Orders.Read');
    expect(response.headers['WWW-Authenticate']).toContain('scope="Orders.Read"');
  });

  it('answers a key outage with 503 and Retry-After', () => {
    const { response } = answerFailure(new JwksUnavailableError('keys unreachable', { retryAfterSec: 7 }), {});
    expect([response.status, response.headers['Retry-After']]).toEqual([503, '7']);
  });

  it('turns anything else thrown into verification_failed, answered without its message', () => {
    const cause = new Error('secret connection string');
    const { failure, response } = answerFailure(cause, {});
    expect([failure.code, failure.cause]).toEqual(['verification_failed', cause]);
    expect(JSON.stringify(response)).not.toContain('secret connection string');
  });
});
