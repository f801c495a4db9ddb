// aws-jwt-verify: JwtVerifier.create with the JWKS URI (no discovery), fetched on first verify.
// Its Node fetcher is node:https and refuses http: URLs; an http.Agent in its own defaultRequestOptions makes
// that same code path speak plain HTTP to the loopback issuer (its timeouts and retry unchanged).
import './report.mjs';
import { Agent } from 'node:http';
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleFetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';

const { token, issuer, audience, jwksUri } = JSON.parse(process.env.COLD_CONFIG);
const jwksCache = new SimpleJwksCache({ fetcher: new SimpleFetcher({ defaultRequestOptions: { agent: new Agent() } }) });
await JwtVerifier.create({ issuer, audience, jwksUri }, { jwksCache }).verify(token);
process.stdout.write('verified\n');
process.exit(0);
