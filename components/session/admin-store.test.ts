import { describe, expect, it } from 'vitest';
import { createAdminStore } from './admin-store';

describe('admin store', () => {
  it('bumps the revision when who is signed in changes, not on the first load', () => {
    const store = createAdminStore();
    store.getState().setSession({ writesEnabled: true, signedInAs: null });
    expect(store.getState().revision).toBe(0);
    store.getState().setSession({ writesEnabled: true, signedInAs: null });
    expect(store.getState().revision).toBe(0);
    store.getState().setSession({ writesEnabled: true, signedInAs: 'admin' });
    expect(store.getState().revision).toBe(1);
    store.getState().bump();
    expect(store.getState().revision).toBe(2);
  });

  it('numbers each carry so the same values can be carried twice', () => {
    const store = createAdminStore();
    store.getState().carry({ 'active-defrag-cycle-max': '10' });
    store.getState().carry({ 'active-defrag-cycle-max': '10' });
    expect(store.getState().carried).toEqual({ values: { 'active-defrag-cycle-max': '10' }, seq: 2 });
  });

  it('forgets carried values once the editor took them', () => {
    const store = createAdminStore();
    store.getState().carry({ 'active-defrag-cycle-max': '10' });
    store.getState().clearCarried();
    expect(store.getState().carried).toBeNull();
  });
});
