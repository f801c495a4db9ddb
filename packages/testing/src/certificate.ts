/**
 * Self-signed X.509 v3 certificates for RSA test keys, as Entra (`x5c`) and Google's x509 map
 * (Firebase) publish them. Built with the DER encoder and signed with WebCrypto (sha256WithRSAEncryption).
 */
import * as der from './der.js';
import { base64, base64url, digest, pem, utf8, type Bytes } from './encoding.js';
import type { RsaPrivateJwk } from './keys/jwk-types.js';

export interface TestCertificate {
  readonly der: Bytes;
  readonly pem: string;
  /** base64 DER, the `x5c` form. */
  readonly x5c: string;
  /** base64url SHA-1 thumbprint. */
  readonly x5t: string;
  /** base64url SHA-256 thumbprint. */
  readonly x5tS256: string;
}

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
} as const;

// Fixed validity keeps certificates (and their thumbprints) identical across runs.
const NOT_BEFORE = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));
const NOT_AFTER = new Date(Date.UTC(2049, 11, 31, 23, 59, 59));

const RSA_PKCS1_SHA256 = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;

function name(commonName: string): Bytes {
  return der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Bytes): Bytes {
  return der.sequence(der.objectIdentifier(oid), der.boolean(critical), der.octetString(value));
}

const cache = new Map<string, Promise<TestCertificate>>();

/**
 * A self-signed certificate for an RSA key, cached per key and subject.
 * The same key material signs the certificate, imported for PKCS#1 v1.5 whatever algorithm the key is used with.
 */
export function rsaCertificate(jwk: RsaPrivateJwk, commonName: string): Promise<TestCertificate> {
  const cacheKey = `${jwk.kid}\u0000${jwk.n}\u0000${commonName}`;
  let pending = cache.get(cacheKey);
  if (!pending) {
    pending = buildCertificate(jwk, commonName);
    cache.set(cacheKey, pending);
    pending.catch(() => cache.delete(cacheKey));
  }
  return pending;
}

async function buildCertificate(jwk: RsaPrivateJwk, commonName: string): Promise<TestCertificate> {
  const { kty, n, e, d, p, q, dp, dq, qi } = jwk;
  const [publicKey, privateKey] = await Promise.all([
    crypto.subtle.importKey('jwk', { kty, n, e }, RSA_PKCS1_SHA256, true, ['verify']),
    crypto.subtle.importKey('jwk', { kty, n, e, d, p, q, dp, dq, qi }, RSA_PKCS1_SHA256, false, ['sign']),
  ]);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', publicKey));
  // A positive serial derived from the key, so the certificate is deterministic.
  const serial = (await digest('SHA-256', utf8(`${jwk.n}\u0000${commonName}`))).slice(0, 16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const signatureAlgorithm = der.sequence(der.objectIdentifier(OID.sha256WithRSAEncryption), der.nullValue());
  const subject = name(commonName);
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.unsignedInteger(serial),
    signatureAlgorithm,
    subject, // issuer: self-signed
    der.sequence(der.time(NOT_BEFORE), der.time(NOT_AFTER)),
    subject,
    spki,
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence()),
        // digitalSignature only: bit 0 set, 7 unused bits.
        extension(OID.keyUsage, true, der.bitString(Uint8Array.of(0x80), 7)),
      ),
    ),
  );
  const signature = new Uint8Array(await crypto.subtle.sign(RSA_PKCS1_SHA256, privateKey, tbs));
  const certificate = der.sequence(tbs, signatureAlgorithm, der.bitString(signature));
  const [sha1, sha256] = await Promise.all([digest('SHA-1', certificate), digest('SHA-256', certificate)]);
  return {
    der: certificate,
    pem: pem('CERTIFICATE', certificate),
    x5c: base64(certificate),
    x5t: base64url(sha1),
    x5tS256: base64url(sha256),
  };
}
