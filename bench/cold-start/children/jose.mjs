// jose: createRemoteJWKSet (JWKS URI given: jose has no discovery) + jwtVerify.
import { lap } from '../../lib/cold-child.mjs';

const { createRemoteJWKSet, jwtVerify } = await import('jose');
lap('import');

const { token, issuer, audience, jwksUri } = JSON.parse(process.env.COLD_CONFIG);
const jwks = createRemoteJWKSet(new URL(jwksUri));
lap('setup');

await jwtVerify(token, jwks, { issuer, audience });
lap('firstVerify');
process.stdout.write('verified\n');
process.exit(0);
