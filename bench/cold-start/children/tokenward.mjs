// tokenward: createVerifier + oidc() (discovery, then the JWKS), the documented setup.
import './report.mjs';
import { createVerifier, oidc } from '@tokenward/core';

const { token, issuer, audience } = JSON.parse(process.env.COLD_CONFIG);
const verifier = createVerifier({ issuers: [oidc({ issuer, audience })] });
await verifier.verify(token);
process.stdout.write('verified\n');
process.exit(0);
