import { describe, expect, it } from 'vitest';
import * as app from '../../src/index.js';
import * as node from '../../src/index.node.js';
import * as kit from '../../src/adapter/index.js';

const KIT_ONLY = ['authorizationFromRawHeaders', 'buildPrincipal', 'compileRequirement', 'defineAdapterOptions', 'answerFailure'];

describe('the app-developer entries and the adapter kit', () => {
  it.each(KIT_ONLY)('%s is in the adapter kit', (name) => {
    expect(typeof (kit as Record<string, unknown>)[name]).toBe('function');
  });

  it.each(KIT_ONLY.concat('verifierFrom'))('%s is not on the app-developer entries', (name) => {
    expect([name in app, name in node]).toEqual([false, false]);
  });

  it('exports the same names from the portable and the node entry', () => {
    expect(Object.keys(node).sort()).toEqual(Object.keys(app).sort());
  });
});
