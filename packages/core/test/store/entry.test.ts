import { describe, expect, it } from 'vitest';
import * as app from '../../src/index.js';
import * as store from '../../src/store/index.js';

describe('the store kit', () => {
  it('repeats nothing the main entry exports, so an app loading both has one copy of each', () => {
    expect(Object.keys(store).filter((name) => name in app)).toEqual([]);
  });
});
