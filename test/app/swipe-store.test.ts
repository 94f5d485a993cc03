import { describe, expect, test } from 'vitest';
import { splitAt, useSwipeStore } from '../../src/map/swipe-store.ts';

describe('swipe view store', () => {
  test('the divider follows the pointer as a share of the width, kept 5 % off either edge', () => {
    expect(splitAt(300, 1000)).toBe(0.3);
    expect(splitAt(10, 1000)).toBe(0.05);
    expect(splitAt(-50, 1000)).toBe(0.05);
    expect(splitAt(990, 1000)).toBe(0.95);
    expect(splitAt(100, 0)).toBe(0.5);
  });

  test('off by default, the divider in the middle; a view choice set without touching the project', () => {
    expect(useSwipeStore.getState().scenarioId).toBeNull();
    expect(useSwipeStore.getState().split).toBe(0.5);
    useSwipeStore.getState().set({ scenarioId: 'current' });
    expect(useSwipeStore.getState().scenarioId).toBe('current');
    useSwipeStore.getState().set({ scenarioId: null });
  });
});
