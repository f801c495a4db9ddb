import { joseCertificateToJwk } from '../crypto/jose-certificate.js';
import { webCryptoBackend } from '../crypto/webcrypto-backend.js';
import { defaultFetch } from '../http/default-fetch.js';
import type { Platform } from './platform.js';
import { portableCodec } from '../token/codec.js';

/** Every runtime's defaults: WebCrypto (keys imported through jose), the global fetch, jose's certificate reader. */
export const webPlatform: Platform = {
  signatureBackend: webCryptoBackend,
  fetch: defaultFetch,
  certificateToJwk: joseCertificateToJwk,
  codec: portableCodec,
  // Workers cancel a request's unfinished work once it is answered, unless it was handed to ctx.waitUntil.
  backgroundOutlivesRequest: globalThis.navigator?.userAgent !== 'Cloudflare-Workers',
};
