/** The registry's order is the creation order: a reference to a later kind is linked after both exist. */
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/engine/plan/planner.js';
import { KINDS } from '../../src/kinds/registry.js';
import type { Kind } from '../../src/kinds/types.js';
import { byKind, declared, noLedger, snapshot } from '../support/declared.js';

/** Deferred fields of each planned create, for a portal and its live-chat inbox that link each other. */
function deferredWith(kinds: readonly Kind[]): Record<string, string[]> {
  const objects = byKind(
    declared('portal', { slug: 'docs', name: 'Docs', live_chat_inbox: 'Website' }),
    declared('inbox', { name: 'Website', channel: { type: 'web_widget', website_url: 'https://example.com' }, portal: 'docs' }),
  );
  const { planned } = computePlan({
    kinds,
    declared: objects,
    presentKinds: new Set(['portals', 'inboxes']),
    live: snapshot({}),
    ledger: noLedger,
    options: {},
    configDigest: 'test',
  });
  return Object.fromEntries(planned.map((p) => [p.step.kind, [...p.deferred.keys()]]));
}

describe('kind registry', () => {
  it('creates portals, then inboxes, then webchats, then channels', () => {
    expect(KINDS.map((k) => k.kind)).toEqual(['portal', 'inbox', 'webchat', 'channel']);
  });

  it('defers the portal → inbox link, the reference to the later kind', () => {
    expect(deferredWith(KINDS)).toEqual({ portal: ['live_chat_inbox'], inbox: [] });
  });

  it('takes the rank from the position alone', () => {
    const inboxFirst = [...KINDS].sort((a, b) => Number(b.kind === 'inbox') - Number(a.kind === 'inbox'));
    expect(deferredWith(inboxFirst)).toEqual({ inbox: ['portal'], portal: [] });
  });
});
