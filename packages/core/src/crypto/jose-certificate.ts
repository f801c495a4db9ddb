import { exportJWK, importX509 } from 'jose';
import type { CertificateToJwk, PublicJwk } from '../shared/types.js';

/** The web platform's certificate reader: jose parses the certificate, WebCrypto exports its key. */
export const joseCertificateToJwk: CertificateToJwk = async (pem) => {
  const key = await importX509(pem, 'RS256', { extractable: true });
  return (await exportJWK(key)) as PublicJwk;
};
