/** Sends a query to the local Fauna over HTTP/2 as the driver does: fragments with `{ value }` interpolations. */
import type { ClientHttp2Session } from 'node:http2';

export function sendQuery(
  session: ClientHttp2Session,
  secret: string,
  fql: readonly string[],
  args: readonly unknown[] = [],
  headers: Readonly<Record<string, string>> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const fragments = fql.flatMap((text, i) => (i < args.length ? [text, { value: args[i] }] : [text]));
  return new Promise((resolve, reject) => {
    const stream = session.request({
      ':method': 'POST',
      ':path': '/query/1',
      authorization: `Bearer ${secret}`,
      'x-format': 'tagged',
      ...headers,
    });
    let status = 0;
    let text = '';
    stream.setEncoding('utf8');
    stream.on('response', (h) => void (status = Number(h[':status'])));
    stream.on('data', (chunk: string) => void (text += chunk));
    stream.on('end', () => resolve({ status, json: JSON.parse(text) as Record<string, unknown> }));
    stream.on('error', reject);
    stream.end(JSON.stringify({ query: { fql: fragments } }));
  });
}
