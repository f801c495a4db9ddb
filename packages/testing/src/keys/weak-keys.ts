/**
 * TEST ONLY keys that a verifier must refuse. Committed and public on purpose; for negative tests.
 */
import type { RsaPrivateJwk, RsaPublicJwk } from './jwk-types.js';

const rsa1024: RsaPrivateJwk = {
  kid: 'tokenward-weak-rsa-1024',
  kty: 'RSA',
  n: 'wZ8QhFSYsh8aBENx6ICAvbvEfunxatA145W70cOTU69tRdxB1-DQ-ldoZuDQjf56_xea-kEJ2p90jT8DqzlwwckUqXOlCcoEgm1Ur7BQpX0H_sNwS-KiL_AsZaNA4TZ13A-evggKrW5BRgIUqEPsnV1xiKAwxA6h3mrers8Xsf0',
  e: 'AQAB',
  d: 'B-luDVo_mxe2QnJXFz8ZA6fGkcERgmHbsd8Oe7XYMVU7y90CO8YOBAzKUVnia8r4T7AxPwSlWG-nnZXzmm2Qc-h2z1TmkkFtWhVX7EXQxekeQZNnO-66wWI8NmHqYRd7NUG7bbR2plvzoIUPMYvetJk_ct76ogZZAK5V9Zr22cE',
  p: '8l169uJlvYCdC5gqZylg1AHat4DQ7h-H6txR--GQMbCTlnmFHa51932EPnW2z-lVlreF0U2fqEebpjdVNNOmiQ',
  q: 'zIOUm-7iwi5KdBb9L28uTTzx_PIHeztVJFLispRezCaG5tJNAB8mMxXsJGOd_miQn4dVvhw2FiWV_3ptNOSS1Q',
  dp: 'ozPlkIgFYKVRmzQdIZiQdlLFWBorFp4u5Sz1G_rZIUy5JXOw-rq2_zALNBAKSVjjZHkyaC2wHB4UJspN2yPGmQ',
  dq: 'Zu-LavjP1WCrRMcVZDyXl3Snb-L59QKmFgRJ6gxXsnVpzN_otbj35xqPorkpGpXSxRi_BVL5vifo2Y_rS4YIiQ',
  qi: 'xOAJJwTf2doHK2F3p_gL0Z6ThK8sl5321xz25xXMi3kS9i35fBaqUOTWtWLV7bqXgKycK3EeEIaznAp73KxhFQ',
};

/** A 2048-bit modulus with public exponent 1: "signatures" are the message itself. Public only. */
const rsaExponent1: RsaPublicJwk = {
  kid: 'tokenward-degenerate-rsa-e1',
  kty: 'RSA',
  n: '1gauGWJAs0tUahwF35iD9zi_zosmHrZvaD73Z0548gQ52hO08Iao_V3F99x6Av2CykxXoelvZaPUEEK56QjVpMkmle_98X6ZSp21e3UK4vYz-7X-xTF_YAb75W_nhd6-bqAySzsyQqQJUdFM9lPi-CdhaCnCr0xIJq55QcGzXBfEDhsLboSiIQvjup22DEqQJubxd2Mz9DArhG6T3YaIc0S8iRWXKEocggMSZ-dstuOwnAic0WemZB55FpiTwBXm_cJug0icyhD0j20q67qugk0AM-e0imqEBEvePfAMXjhMx19jDoX542A_UL81L9WC3SoZyXzBfS3eeSkV6ODgzQ',
  e: 'AQ',
};

/**
 * Keys a verifier must reject: `rsa1024` (a private RSA-1024 key, below the 2048-bit minimum; jose
 * refuses to sign with it, so sign with WebCrypto directly) and `rsaExponent1` (a public RSA key
 * with `e = 1`).
 *
 * @example
 * keys({ issuer, keys: [{ ...WEAK_KEYS.rsaExponent1, alg: 'RS256' }], audience }) // must fail to verify
 */
export const WEAK_KEYS: { readonly rsa1024: RsaPrivateJwk; readonly rsaExponent1: RsaPublicJwk } = Object.freeze({ rsa1024, rsaExponent1 });
