import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { metrics, trace } from '@opentelemetry/api';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createTestIssuer, type TestIssuer } from '@tokenward/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifier, jwks } from '../src/index.node.js';

// The README's OpenTelemetry recipe, run as written (its one import of @tokenward/core pointed at the
// sources), against the real SDK's in-memory exporters.
const README = new URL('../README.md', import.meta.url);
// One file per test project: both run at once.
const GENERATED = new URL(`../.test-bin/otel-recipe.${process.env.CORE_TEST_PLATFORM ?? 'default'}.ts`, import.meta.url);

async function loadRecipe(): Promise<{ instrumentTokenward: () => void }> {
  const text = await readFile(README, 'utf8');
  const block = /<!-- snippet: otel-recipe -->\n```ts\n([\s\S]*?)\n```/.exec(text)?.[1];
  if (block === undefined) throw new Error('the README has no otel-recipe snippet');
  const from = "from '@tokenward/core';";
  if (!block.includes(from)) throw new Error(`the otel-recipe snippet no longer contains ${from}`);
  await mkdir(new URL('.', GENERATED), { recursive: true });
  await writeFile(GENERATED, block.replace(from, "from '../src/index.node.js';"));
  return (await import(pathToFileURL(fileURLToPath(GENERATED)).href)) as { instrumentTokenward: () => void };
}

let issuer: TestIssuer;
let down: TestIssuer;
const spans = new InMemorySpanExporter();
const exported = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
let reader: PeriodicExportingMetricReader;

beforeAll(async () => {
  [issuer, down] = await Promise.all([createTestIssuer(), createTestIssuer()]);
  down.setFault({ kind: 'status', status: 503 });
  reader = new PeriodicExportingMetricReader({ exporter: exported, exportIntervalMillis: 3_600_000 });
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
  (await loadRecipe()).instrumentTokenward();

  const verifier = createVerifier({
    issuers: [
      jwks({ issuer: issuer.issuer, audience: issuer.audience, jwksUri: issuer.jwksUri }),
      jwks({ issuer: down.issuer, audience: down.audience, jwksUri: down.jwksUri }),
    ],
    jwks: { timeoutMs: 2_000 },
  });
  await verifier.verify(await issuer.mint());
  await verifier.verify(await issuer.mint());
  await verifier.verify(await issuer.mint({}, { expiresInSec: -600 })).catch(() => undefined);
  await verifier.verify(await down.mint()).catch(() => undefined);
  await reader.forceFlush();
});

afterAll(async () => {
  await reader?.shutdown();
  await Promise.all([issuer?.close(), down?.close()]);
});

function metric(name: string) {
  const all = exported.getMetrics().flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
  const found = all.filter((each) => each.descriptor.name === name);
  return found[found.length - 1];
}

describe('the OpenTelemetry recipe', () => {
  it('counts verifications by outcome', () => {
    const points = metric('tokenward.verifications')?.dataPoints ?? [];
    const byOutcome = Object.fromEntries(points.map((point) => [String(point.attributes['tokenward.outcome']), point.value]));
    expect(byOutcome).toEqual({ valid: 2, token_expired: 1, jwks_unavailable: 1 });
  });

  it('labels valid verifications with the issuer name, failures with none', () => {
    const points = metric('tokenward.verifications')?.dataPoints ?? [];
    const valid = points.find((point) => point.attributes['tokenward.outcome'] === 'valid');
    expect(valid?.attributes['tokenward.issuer']).toBe('jwks');
    const expired = points.find((point) => point.attributes['tokenward.outcome'] === 'token_expired');
    expect(expired?.attributes['tokenward.issuer']).toBe('none');
  });

  it('records key fetch latency by outcome', () => {
    const points = metric('tokenward.key_fetch.duration')?.dataPoints ?? [];
    const counts = Object.fromEntries(
      points.map((point) => [String(point.attributes['tokenward.outcome']), (point.value as { count: number }).count]),
    );
    expect(counts).toEqual({ ok: 1, failed: 1 });
  });

  it('records a span per key fetch, the failed one with an error status', () => {
    const finished = spans.getFinishedSpans().filter((span) => span.name === 'tokenward key fetch');
    expect(finished.map((span) => span.attributes['tokenward.outcome']).sort()).toEqual(['failed', 'ok']);
    const failed = finished.find((span) => span.attributes['tokenward.outcome'] === 'failed');
    expect(failed?.status).toMatchObject({ code: 2, message: expect.stringContaining('503') });
    const ok = finished.find((span) => span.attributes['tokenward.outcome'] === 'ok');
    expect(ok?.attributes['tokenward.source']).toBe(`JWKS at ${issuer.jwksUri}`);
  });
});
