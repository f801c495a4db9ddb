import { X509Certificate } from 'node:crypto';
import type { CertificateToJwk, PublicJwk } from '../shared/types.js';

/** The Node platform's certificate reader: node:crypto parses the certificate and exports its key. */
export const nodeCertificateToJwk: CertificateToJwk = async (pem) =>
  new X509Certificate(pem).publicKey.export({ format: 'jwk' }) as PublicJwk;
