import { nodeCertificateToJwk } from '../crypto/node-certificate.js';
import { nodeCryptoBackend } from '../crypto/node-backend.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';
import { nodeCodec } from '../token/node-codec.js';
import { channel } from 'node:diagnostics_channel';
import type { Platform } from './platform.js';

/** Node's defaults: node:crypto for signatures and certificates, node:http(s) for keys. Nothing of jose or undici. */
export const nodePlatform: Platform = {
  signatureBackend: nodeCryptoBackend,
  fetch: nodeHttpFetch,
  certificateToJwk: nodeCertificateToJwk,
  codec: nodeCodec,
  backgroundOutlivesRequest: true,
  eventChannel: channel,
};
