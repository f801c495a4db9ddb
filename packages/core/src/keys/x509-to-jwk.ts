import type { CertificateToJwk, PublicJwk } from '../shared/types.js';
import type { RejectedKey } from './key-set.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

export interface ConvertedCertificates {
  readonly keys: readonly PublicJwk[];
  readonly rejected: readonly RejectedKey[];
}

async function certificateToJwk(kid: string, pem: string, convert: CertificateToJwk): Promise<PublicJwk> {
  const body = PEM_CERTIFICATE.exec(pem)?.[1];
  if (body === undefined) throw new TypeError('not a PEM certificate');
  const { kty, n, e } = await convert(pem);
  if (kty !== 'RSA' || typeof n !== 'string' || typeof e !== 'string') throw new TypeError('not an RSA certificate');
  return { kty, n, e, kid, alg: 'RS256', x5c: [body.replace(/\s+/g, '')] };
}

/**
 * Turns a `{ kid: PEM certificate }` document (Google's securetoken endpoint, used by Firebase)
 * into RS256 public JWKs that keep the kid and the certificate as `x5c`. Certificates that are not
 * RSA or cannot be read are rejected one by one. Certificate validity dates are not checked:
 * the endpoint itself decides which certificates are current. `convert` reads a certificate's public
 * key (jose on the web platform, node:crypto on Node).
 */
export async function certificatesToJwks(
  certificates: Readonly<Record<string, unknown>>,
  convert: CertificateToJwk,
): Promise<ConvertedCertificates> {
  const keys: PublicJwk[] = [];
  const rejected: RejectedKey[] = [];
  await Promise.all(
    Object.entries(certificates).map(async ([kid, pem]) => {
      if (typeof pem !== 'string') {
        rejected.push({ kid, reason: 'its certificate is not a PEM string' });
        return;
      }
      try {
        keys.push(await certificateToJwk(kid, pem, convert));
      } catch {
        rejected.push({ kid, reason: 'its certificate is not a readable RSA X.509 certificate' });
      }
    }),
  );
  const order = Object.keys(certificates);
  keys.sort((a, b) => order.indexOf(a.kid as string) - order.indexOf(b.kid as string));
  return { keys, rejected };
}
