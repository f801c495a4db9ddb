/** The shared client: an explicit endpoint and secret, timeouts sized to the budget, redacted logs. */
import { describe, expect, it } from 'vitest';
import { createFaunaClient, redactingLogger, redactSecrets } from '../src/index.js';

describe('createFaunaClient', () => {
  it("has no default endpoint: Fauna's hosted service closed", () => {
    expect(() => createFaunaClient({ secret: 'fnA' } as never)).toThrow(/endpoint/);
  });

  it('refuses plain http beyond loopback unless allowHttp', () => {
    expect(() => createFaunaClient({ endpoint: 'http://fauna.internal:8443', secret: 'fnA' })).toThrow(/plain http/);
    const client = createFaunaClient({ endpoint: 'http://fauna.internal:8443', secret: 'fnA', allowHttp: true });
    client.close();
  });

  it('sizes timeouts and retries to the query timeout', () => {
    const client = createFaunaClient({ endpoint: 'https://fauna.example.test', secret: 'fnA', queryTimeoutMs: 800 });
    expect(client.clientConfiguration).toMatchObject({
      query_timeout_ms: 800,
      client_timeout_buffer_ms: 200,
      max_attempts: 2,
      max_backoff: 0.2,
    });
    client.close();
  });

  it('rejects unknown and invalid options', () => {
    expect(() => createFaunaClient({ endpoint: 'https://f.example', secret: 'fnA', queryTimeout: 5 } as never)).toThrow(
      /unknown client option 'queryTimeout'/,
    );
    expect(() => createFaunaClient({ endpoint: 'https://f.example', secret: '' })).toThrow(/secret/);
    expect(() => createFaunaClient({ endpoint: 'https://user:pw@f.example', secret: 'fnA' })).toThrow(/credentials/);
  });
});

describe('redaction', () => {
  it('removes bearer credentials, secret fields, Fauna secrets and JWTs', () => {
    const line = redactSecrets(
      '{"Authorization":"Bearer fnAFFFFFFFFFFFFFFFFFFFFFFF","secret":"fnEabcdefabcdefabcdef"} eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    );
    expect(line).toBe('{"Authorization":"Bearer [redacted]","secret":"[redacted]"} [redacted]');
  });

  it('redacts every argument before it reaches the target, and writes nothing without one', () => {
    const seen: unknown[][] = [];
    redactingLogger({ debug: (...args: unknown[]) => void seen.push(args) }).debug('headers: %s', {
      Authorization: 'Bearer fnASECRETSECRETSECRETSECRET',
    });
    expect(seen).toEqual([['headers: %s', '{"Authorization":"Bearer [redacted]"}']]);
    expect(() => redactingLogger().error('Bearer x')).not.toThrow();
  });
});
