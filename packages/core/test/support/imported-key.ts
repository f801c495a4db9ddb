/** The JWS algorithm a signature backend imported a key for, read from either backend's key object. */
export function importedAlgorithm(key: unknown): string {
  if (key instanceof CryptoKey) {
    const algorithm = key.algorithm as KeyAlgorithm & { hash?: { name: string }; namedCurve?: string };
    const bits = (algorithm.hash?.name ?? algorithm.namedCurve ?? '').replace(/^(SHA-|P-)/, '').replace('521', '512');
    const family: Record<string, string> = { 'RSASSA-PKCS1-v1_5': 'RS', 'RSA-PSS': 'PS', ECDSA: 'ES', Ed25519: 'EdDSA' };
    return `${family[algorithm.name] ?? algorithm.name}${algorithm.name === 'Ed25519' ? '' : bits}`;
  }
  return String((key as { alg?: unknown }).alg);
}
