// One cold Functions worker: imports @azure/functions and the contender's handler module (config.contender), then
// serves its first request with real HttpRequest / InvocationContext objects. Prints "verified" once that answered
// 200; then checks that a garbage token is answered 401 with a challenge (the exit code says so).
import { lap } from '../../lib/cold-child.mjs';

const { contender, token } = JSON.parse(process.env.COLD_CONFIG);
// CommonJS (a webpack bundle): Node's ESM named-export detection misses the classes, so read the default export.
const { HttpRequest, HttpResponse, InvocationContext } = (await import('@azure/functions')).default;
const { handler } = await import(`./handlers/${contender}.mjs`);
lap('import');

const request = (credential) =>
  new HttpRequest({ method: 'GET', url: 'http://localhost/api/orders', headers: { authorization: `Bearer ${credential}` } });
const invoke = async (credential) =>
  new HttpResponse(await handler(request(credential), new InvocationContext({ functionName: 'orders', invocationId: 'cold-start' })));

const first = await invoke(token);
lap('firstRequest');
if (first.status !== 200) throw new Error(`first request answered ${first.status}: ${await first.text()}`);
process.stdout.write('verified\n');

const garbage = await invoke('garbage');
if (contender !== 'baseline' && (garbage.status !== 401 || !garbage.headers.get('www-authenticate')?.startsWith('Bearer ')))
  throw new Error(`a garbage token was answered ${garbage.status} (${garbage.headers.get('www-authenticate')})`);
process.exit(0);
