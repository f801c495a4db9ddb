/**
 * `npx -y pnpm@10 --filter fauna-claims-provider start`: the claims provider function, a local Entra
 * issuer and a local Fauna server, all on 127.0.0.1 and offline, with a ready-to-paste curl command.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenIssuanceStartEvent } from '@tokenward/testing/fauna';
import { startLocalStack } from './local-stack.js';

const stack = await startLocalStack({ port: Number(process.env.PORT ?? 7071), log: (line) => console.log(line) });
const event = join(tmpdir(), 'token-issuance-start.json');
writeFileSync(event, JSON.stringify(tokenIssuanceStartEvent({ tenantId: stack.entra.tenantId }), null, 2));

console.log(`Fauna claims provider on ${stack.endpoint}
  Entra (local issuer):  ${stack.entra.issuer}
  Fauna (local server):  ${stack.fauna.url}

Sign a user in, as Entra's custom authentication extension would:

  curl -s ${stack.endpoint} -H "Authorization: Bearer ${await stack.entraToken()}" -H "Content-Type: application/json" --data @${event}

Without the token (401):  curl -s -i ${stack.endpoint} --data @${event}
Ctrl+C stops everything.`);

const stop = (): void => void stack.close();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
