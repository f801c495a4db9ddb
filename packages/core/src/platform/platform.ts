import type { TokenCodec } from '../token/codec.js';
import type { CertificateToJwk, FetchLike, SignatureBackend } from '../shared/types.js';
import type { EventChannel } from '../observe/events.js';

/**
 * What a runtime supplies to the verifier by default: the signature crypto, the key fetcher, the
 * certificate reader and the token codec. Each entry point (`index.ts` for every runtime, `index.node.ts` for Node) brings
 * its own, so Node never loads what only the web platform needs (jose, the global fetch), and a
 * Worker's bundle holds nothing of Node.
 */
export interface Platform {
  readonly signatureBackend: SignatureBackend;
  readonly fetch: FetchLike;
  readonly certificateToJwk: CertificateToJwk;
  readonly codec: TokenCodec;
  /** Work started during a request may finish after its response (false where the runtime cancels it: Cloudflare Workers). */
  readonly backgroundOutlivesRequest: boolean;
  /** The runtime's named event channels (Node's `node:diagnostics_channel`), when it has them. */
  readonly eventChannel?: (name: string) => EventChannel;
}
