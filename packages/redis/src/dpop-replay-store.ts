import type { DpopReplayStore } from '@tokenward/core';
import { resolveRedisOptions, type RedisStoreOptions } from './options.js';

/**
 * A DPoP replay store on Redis, for `createVerifier({ dpop: { replayStore } })`: each accepted proof
 * is one key (`<prefix>dpop:<jkt>.<jti>`) written with `SET … NX PX`, so whichever instance sees a
 * proof first wins and every other instance refuses it; Redis expires the key when the proof would be
 * too old anyway. A failing Redis answers "first use" (and goes to `onError`): the proof's other
 * checks still hold, and an outage does not refuse every DPoP request.
 *
 * @example
 * const verifier = createVerifier({ issuers, dpop: { replayStore: createRedisDpopReplayStore({ client }) } });
 */
export function createRedisDpopReplayStore(options: RedisStoreOptions): DpopReplayStore {
  const { client, prefix, guard } = resolveRedisOptions(options, 'createRedisDpopReplayStore');
  return {
    remember(key, ttlMs) {
      const ttl = Math.max(1, Math.ceil(ttlMs));
      return guard.soft('replay', async () => (await client.set(`${prefix}dpop:${key}`, '1', 'PX', ttl, 'NX')) === 'OK', true);
    },
  };
}
