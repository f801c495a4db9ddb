// On demand (needs a Chromium: Debian's `chromium` package): loads the plugin's OpenAPI document in the
// real Swagger UI in headless Chromium, opens the Authorize dialog and checks that it lists the scopes
// the routes enforce. Writes a screenshot. Run after a build:
//   node packages/fastify/scripts/swagger-ui-check.mjs [screenshot.png]
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { entra, openApiSecuritySchemes } from '@tokenward/core';
import Fastify from 'fastify';
import puppeteer from 'puppeteer-core';
import { tokenward } from '../dist/index.js';

const screenshot = process.argv[2] ?? 'swagger-ui-authorize.png';
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const issuers = entra({ tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', audience: 'api://orders' });
const read = { scopes: 'Orders.Read' };
const write = { scopes: ['Orders.Read', 'Orders.Write'] };
const expected = ['api://orders/Orders.Read', 'api://orders/Orders.Write'];

const app = Fastify();
await app.register(swagger, {
  openapi: {
    info: { title: 'orders', version: '1.0.0' },
    components: {
      securitySchemes: openApiSecuritySchemes(issuers, [read, write], {
        scopes: { 'Orders.Read': 'Read your orders', 'Orders.Write': 'Place orders' },
      }),
    },
  },
});
await app.register(swaggerUi, { routePrefix: '/docs' });
await app.register(tokenward, { issuers });
app.get('/orders', { config: { tokenward: read } }, async () => []);
app.post('/orders', { config: { tokenward: write } }, async () => ({}));
const origin = await app.listen({ host: '127.0.0.1', port: 0 });

const browser = await puppeteer.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  await page.goto(`${origin}/docs`, { waitUntil: 'networkidle0', timeout: 30_000 });
  await page.waitForSelector('.btn.authorize', { timeout: 30_000 });
  await page.click('.btn.authorize');
  await page.waitForSelector('.modal-ux .scopes', { timeout: 30_000 });
  const scopes = await page.$$eval('.modal-ux .scopes .checkbox label, .modal-ux .scopes label', (labels) =>
    [...new Set(labels.map((label) => label.textContent?.trim() ?? ''))].filter((text) => text !== ''),
  );
  const endpoints = await page.$eval('.modal-ux', (modal) => modal.textContent ?? '');
  await page.screenshot({ path: screenshot, fullPage: false });
  const listed = expected.filter((scope) => scopes.some((text) => text.includes(scope)));
  const tokenUrl = 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token';
  console.log(JSON.stringify({ scopes, listed, tokenUrlShown: endpoints.includes(tokenUrl), screenshot }));
  if (listed.length !== expected.length)
    throw new Error(`the Authorize dialog lists ${JSON.stringify(scopes)}, expected ${expected.join(', ')}`);
} finally {
  await browser.close();
  await app.close();
}
