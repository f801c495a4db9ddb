// Baseline: node:http for discovery and the JWKS, crypto.createPublicKey + crypto.verify, minimal claim checks.
import { lap } from '../../lib/cold-child.mjs';

const { createPublicKey, verify } = await import('node:crypto');
const { get } = await import('node:http');
lap('import');

const { token, issuer, audience, discoveryUrl } = JSON.parse(process.env.COLD_CONFIG);
const getJson = (url) =>
  new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${url}: ${res.statusCode}`))));
    }).on('error', reject);
  });
lap('setup');

const [h, p, s] = token.split('.');
const header = JSON.parse(Buffer.from(h, 'base64url').toString());
const discovery = await getJson(discoveryUrl);
if (discovery.issuer !== issuer) throw new Error('discovery issuer');
const { keys } = await getJson(discovery.jwks_uri);
const jwk = keys.find((key) => key.kid === header.kid);
const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: 'jwk' });
if (header.alg !== 'RS256' || !verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) throw new Error('signature');
const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
const now = Date.now() / 1000;
if (claims.iss !== issuer || ![claims.aud].flat().includes(audience) || !(claims.exp > now - 60) || claims.nbf > now + 60)
  throw new Error('claims');
lap('firstVerify');
process.stdout.write('verified\n');
process.exit(0);
