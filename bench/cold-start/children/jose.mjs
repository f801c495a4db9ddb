// jose: createRemoteJWKSet (JWKS URI given: jose has no discovery) + jwtVerify.
import './report.mjs';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const { token, issuer, audience, jwksUri } = JSON.parse(process.env.COLD_CONFIG);
await jwtVerify(token, createRemoteJWKSet(new URL(jwksUri)), { issuer, audience });
process.stdout.write('verified\n');
process.exit(0);
