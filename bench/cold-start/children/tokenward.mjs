// tokenward: createVerifier + oidc() (discovery, then the JWKS), the documented setup.
import { lap } from '../../lib/cold-child.mjs';

const { createVerifier, oidc } = await import('@tokenward/core');
lap('import');

const { token, issuer, audience } = JSON.parse(process.env.COLD_CONFIG);
const verifier = createVerifier({ issuers: [oidc({ issuer, audience })] });
lap('setup');

await verifier.verify(token);
lap('firstVerify');
process.stdout.write('verified\n');
process.exit(0);
