/**
 * Key and token secrets in the core's binary format (fauna/faunadb ext/model/src/main/scala/auth/AuthLike.scala),
 * URL-safe base64 without padding:
 * key   = 126 (version) | 112 (key)   | key id (8 bytes)   | random (20 bytes)                     → 40 characters, `fnA…`
 * token = 126 (version) | 113 (token) | token id (8 bytes) | database id (8 bytes) | random (20 bytes) → 51 characters, `fnE…`
 * (`fnA`/`fnE` for ids below 2^62, as Fauna's are.)
 */
import { randomBytes } from 'node:crypto';

const VERSION = 126;
const KEY = 112;
const TOKEN = 113;

function long(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt.asUintN(64, value));
  return bytes;
}

export function keySecret(keyId: bigint): string {
  return Buffer.concat([Buffer.from([VERSION, KEY]), long(keyId), randomBytes(20)]).toString('base64url');
}

export function tokenSecret(tokenId: bigint, databaseId: bigint): string {
  return Buffer.concat([Buffer.from([VERSION, TOKEN]), long(tokenId), long(databaseId), randomBytes(20)]).toString('base64url');
}

/** A random id below 2^62, as Fauna's ids are. */
export function randomId(): bigint {
  return randomBytes(8).readBigUInt64BE() >> 2n;
}
