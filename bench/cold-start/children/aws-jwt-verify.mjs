// aws-jwt-verify: JwtVerifier.create with the JWKS URI (no discovery), fetched on first verify.
// Its Node fetcher is node:https and refuses http: URLs; an http.Agent in its own defaultRequestOptions makes
// that same code path speak plain HTTP to the loopback issuer (its timeouts and retry unchanged).
import { lap } from '../../lib/cold-child.mjs';

const [{ Agent }, { JwtVerifier }, { SimpleFetcher }, { SimpleJwksCache }] = await Promise.all([
  import('node:http'),
  import('aws-jwt-verify'),
  import('aws-jwt-verify/https'),
  import('aws-jwt-verify/jwk'),
]);
lap('import');

const { token, issuer, audience, jwksUri } = JSON.parse(process.env.COLD_CONFIG);
const jwksCache = new SimpleJwksCache({ fetcher: new SimpleFetcher({ defaultRequestOptions: { agent: new Agent() } }) });
const verifier = JwtVerifier.create({ issuer, audience, jwksUri }, { jwksCache });
lap('setup');

await verifier.verify(token);
lap('firstVerify');
process.stdout.write('verified\n');
process.exit(0);
