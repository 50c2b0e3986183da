import { describe, expect, it } from 'vitest';
import { toggled } from './toggled';

describe('toggled', () => {
  it('adds a missing item and removes a present one without changing the original', () => {
    const original = new Set([1, 2]);
    expect([...toggled(original, 3)]).toEqual([1, 2, 3]);
    expect([...toggled(original, 1)]).toEqual([2]);
    expect([...original]).toEqual([1, 2]);
  });
});
