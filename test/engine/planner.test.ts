import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import { digest } from '../../src/engine/load/digest.js';
import { computePlan, type PlanInput } from '../../src/engine/plan/planner.js';
import { KINDS } from '../../src/kinds/registry.js';
import type { LiveObject } from '../../src/kinds/types.js';
import { byKind, declared, liveInbox, livePortal, noLedger, snapshot } from '../support/declared.js';

const portal = (extra: Record<string, unknown> = {}) => declared('portal', { slug: 'handbook', name: 'Handbook', ...extra });
const widget = (extra: Record<string, unknown> = {}) =>
  declared('inbox', { name: 'Website', channel: { type: 'web_widget', website_url: 'https://example.com' }, ...extra });

function plan(objects: ReturnType<typeof declared>[], live: Record<string, LiveObject[]>, extra: Partial<PlanInput> = {}) {
  const declaredByKind = byKind(...objects);
  return computePlan({
    kinds: KINDS,
    declared: declaredByKind,
    presentKinds: new Set(KINDS.filter((k) => declaredByKind.has(k.kind)).map((k) => k.configKey)),
    live: snapshot(live),
    ledger: noLedger,
    options: {},
    configDigest: 'test',
    ...extra,
  });
}

describe('planner', () => {
  it('creates a declared object that is not live, listing every declared field', () => {
    const { plan: p } = plan([portal({ color: '#1f93ff' })], {});
    expect(p.steps).toHaveLength(1);
    expect(p.steps[0]).toMatchObject({ kind: 'portal', key: 'handbook', action: 'create', fingerprint: null });
    expect(p.steps[0]!.changed_fields).toEqual([
      { path: 'name', before: null, after: 'Handbook' },
      { path: 'color', before: null, after: '#1F93FF' },
    ]);
    expect(p.summary).toMatchObject({ create: 1, update: 0, delete: 0 });
  });

  it('sees no change when live differs only in representation', () => {
    const live = livePortal({
      id: 7,
      slug: 'handbook',
      name: 'Handbook',
      color: '#1f93ff',
      custom_domain: 'help.example.com',
      homepage_link: null,
      allowed_locales: ['fr', 'en'],
      default_locale: 'fr',
    });
    const want = portal({
      color: '#1F93FF',
      custom_domain: 'https://Help.Example.com/',
      allowed_locales: ['en', 'fr'],
      default_locale: 'fr',
      homepage_link: null,
    });
    const { plan: p } = plan([want], { portal: [live] });
    expect(p.steps.map((s) => s.action)).toEqual(['noop']);
    expect(p.steps[0]!.id).toBe('7');
  });

  it('updates only the fields that differ, and ignores fields the config does not set', () => {
    const live = livePortal({ id: 7, slug: 'handbook', name: 'Old name', page_title: 'Set in the UI' });
    const { plan: p, planned } = plan([portal()], { portal: [live] });
    expect(p.steps[0]!.action).toBe('update');
    expect(p.steps[0]!.changed_fields).toEqual([{ path: 'name', before: 'Old name', after: 'Handbook' }]);
    expect([...planned[0]!.changed]).toEqual(['name']);
  });

  it('refuses to guess between live objects sharing a name, and accepts a pinned id', () => {
    const live = [liveInbox({ id: 3, name: 'Website' }), liveInbox({ id: 9, name: 'Website' })];
    expect(() => plan([widget()], { inbox: live })).toThrow(/2 live inboxes match this name \(ids 3, 9\): add "id: <one of them>"/);
    const { plan: p } = plan([widget({ id: 9 })], { inbox: live });
    expect(p.steps[0]).toMatchObject({ action: 'noop', id: '9' });
  });

  it('never matches by name a live object another declared object pins', () => {
    const live = [liveInbox({ id: 1, name: 'Website' })];
    const { plan: p } = plan([widget({ id: 1, name: 'Website (old)' }), widget()], { inbox: live });
    expect(p.steps.map((s) => `${s.action} ${s.key}`)).toEqual(['update Website (old)', 'create Website']);
  });

  it('turns a channel type change into a plan error that explains the options', () => {
    const live = liveInbox({ id: 3, name: 'Website' });
    const err = catchError(() => plan([declared('inbox', { name: 'Website', channel: { type: 'api' } })], { inbox: [live] }));
    expect(err).toBeInstanceOf(PlanError);
    expect(err.message).toContain('deskform.yaml:1:5: inbox "Website": channel.type cannot change from "web_widget" to "api"');
    expect(err.message).toContain('--prune');
  });

  it('breaks the portal ↔ inbox cycle: the portal links its widget after both exist', () => {
    const { plan: p, planned } = plan([portal({ live_chat_inbox: 'Website' }), widget({ portal: 'handbook' })], {});
    const portalStep = planned.find((s) => s.step.kind === 'portal')!;
    const inboxStep = planned.find((s) => s.step.kind === 'inbox')!;
    expect(portalStep.step.depends_on).toEqual(['inbox/Website']);
    expect([...portalStep.deferred]).toEqual([['live_chat_inbox', 'inbox/Website']]);
    expect(inboxStep.step.depends_on).toEqual(['portal/handbook']);
    expect(inboxStep.deferred.size).toBe(0);
    expect(p.summary.create).toBe(2);
  });

  it('deletes only with prune, only within kinds present in the config, and lists deletes first', () => {
    const live = { portal: [livePortal({ id: 1, slug: 'handbook', name: 'Handbook' }), livePortal({ id: 2, slug: 'old', name: 'Old' })], inbox: [liveInbox({ id: 5, name: 'Stray' })] };
    expect(plan([portal()], live).plan.steps.map((s) => s.action)).toEqual(['noop']);
    const pruned = plan([portal()], live, { options: { prune: true, force: true }, presentKinds: new Set(['portals']) });
    expect(pruned.plan.steps.map((s) => `${s.action} ${s.kind}/${s.key}`)).toEqual(['delete portal/old', 'noop portal/handbook']);
    const emptyInboxes = plan([portal()], live, { options: { prune: true, force: true }, presentKinds: new Set(['portals', 'inboxes']) });
    expect(emptyInboxes.plan.steps.filter((s) => s.action === 'delete').map((s) => s.key)).toEqual(['old', 'Stray']);
  });

  it('refuses a prune above the delete threshold unless forced, and never plans deleting protected objects', () => {
    const live = { portal: ['handbook', 'a', 'b', 'c'].map((slug, i) => livePortal({ id: i + 1, slug, name: slug })) };
    const prune = (options: Partial<PlanInput['options']>, ledger: PlanInput['ledger'] = noLedger) =>
      plan([portal()], live, { options: { prune: true, ...options }, presentKinds: new Set(['portals']), ledger });
    expect(() => prune({})).toThrow('--prune would delete 3 of 4 live portals (75%, more than 30%): check the config, or pass --force');
    expect(prune({ maxDeletePercent: 75 }).plan.summary.delete).toBe(3);
    const kept = prune({ force: true, protect: new Map([['portal', new Set(['a'])]]) }, { ...noLedger, isProtected: (_kind: string, id: string) => id === '3' });
    expect(kept.plan.steps.filter((s) => s.action === 'delete').map((s) => s.key)).toEqual(['c']);
    expect(kept.plan.warnings).toEqual(['portal "a" is not declared but protected: it is kept', 'portal "b" is not declared but protected: it is kept']);
  });

  it('takes protect entries as globs on keys, like --target, and keeps exact names working', () => {
    const live = { portal: ['handbook', 'legacy-a', 'legacy-b', 'old', 'stray'].map((slug, i) => livePortal({ id: i + 1, slug, name: slug })) };
    const protect = new Map([['portal', new Set(['legacy-*', 'old'])]]);
    const { plan: p } = plan([portal()], live, { options: { prune: true, force: true, protect }, presentKinds: new Set(['portals']) });
    expect(p.steps.filter((s) => s.action === 'delete').map((s) => s.key)).toEqual(['stray']);
    expect(p.warnings).toEqual([
      'portal "legacy-a" is not declared but protected: it is kept',
      'portal "legacy-b" is not declared but protected: it is kept',
      'portal "old" is not declared but protected: it is kept',
    ]);
  });

  it('warns, with or without --prune, of protect entries that match no live object of a kind that was read', () => {
    const live = { portal: [livePortal({ id: 1, slug: 'handbook', name: 'Handbook' })] };
    const protect = new Map([
      ['portal', new Set(['handbook', 'Legacy*', 'gone'])],
      ['inbox', new Set(['Legacy*'])], // inboxes were not read: nothing to say about them
    ]);
    for (const options of [{ protect }, { protect, prune: true }]) {
      const { plan: p } = plan([portal()], live, { options, presentKinds: new Set(['portals']) });
      expect(p.warnings).toEqual(['protect: portals "Legacy*" matches no live portal', 'protect: portals "gone" matches no live portal']);
    }
  });

  it('leaves objects whose delete is pending alone: no prune of them, and a declared object of the same name is created fresh', () => {
    const dying = liveInbox({ id: 4, name: 'Website' });
    const live = { inbox: [dying, liveInbox({ id: 5, name: 'Stray' })] };
    const pending = [{ id: '4', since: '2026-12-01T10:00:00.000Z' }, { id: '5', since: '2026-12-01T10:00:01.000Z' }];
    const ledger = { ...noLedger, pendingDeletes: (kind: string) => (kind === 'inbox' ? pending : []) };
    const { plan: p } = plan([widget()], live, { options: { prune: true, force: true }, ledger });
    expect(p.steps.map((s) => `${s.action} ${s.kind}/${s.key}`)).toEqual(['create inbox/Website']);
  });

  it('warns about every object whose delete is pending but which is still listed, and says nothing of one that is gone', () => {
    const live = { inbox: [liveInbox({ id: 3, name: 'Website' }), liveInbox({ id: 12, name: 'Old' })] };
    const pending = [{ id: '12', since: '2026-12-01T10:00:00.000Z' }, { id: '13', since: '2026-12-01T10:00:01.000Z' }];
    const ledger = { ...noLedger, pendingDeletes: (kind: string) => (kind === 'inbox' ? pending : []) };
    const { plan: p } = plan([widget()], live, { ledger });
    expect(p.steps.map((s) => `${s.action} ${s.kind}/${s.key}`)).toEqual(['noop inbox/Website']);
    expect(p.warnings).toEqual([
      'inbox "Old" (id 12): its delete was accepted at 2026-12-01T10:00:00.000Z but it is still listed; deskform leaves it alone until it is gone',
    ]);
  });

  it('archives instead of deleting where the kind can, and skips what is already archived', () => {
    const live = { portal: [livePortal({ id: 1, slug: 'handbook', name: 'Handbook' }), livePortal({ id: 2, slug: 'old', name: 'Old' }), livePortal({ id: 3, slug: 'gone', name: 'Gone', archived: true })] };
    const { plan: p, planned } = plan([portal()], live, { options: { prune: true, pruneMode: 'archive' }, presentKinds: new Set(['portals']) });
    expect(p.steps.map((s) => `${s.action} ${s.key}`)).toEqual(['update old', 'noop handbook']);
    expect(planned[0]!.mode).toBe('archive');
    expect(p.steps[0]!.changed_fields).toEqual([{ path: 'archived', before: false, after: true, note: 'archived instead of deleted (prune_mode: archive)' }]);
  });

  it('never prunes live objects of a type deskform does not model', () => {
    const whatsapp = liveInbox({ id: 8, name: 'WhatsApp', channel_type: 'Channel::Whatsapp' });
    const { plan: p } = plan([widget()], { inbox: [liveInbox({ id: 3, name: 'Website' }), whatsapp] }, { options: { prune: true, force: true } });
    expect(p.steps.map((s) => s.action)).toEqual(['noop']);
    expect(p.warnings).toEqual(['inbox "WhatsApp" is of a type deskform does not manage: it is kept']);
  });

  it('shows secrets as (sensitive)', () => {
    const email = declared('inbox', { name: 'Mail', channel: { type: 'email', email: 'help@example.com', imap_password: 'canary-imap-secret' } });
    const { plan: p } = plan([email], {});
    const change = p.steps[0]!.changed_fields.find((c) => c.path === 'channel.imap_password');
    expect(change).toEqual({ path: 'channel.imap_password', before: null, after: '(sensitive)' });
    expect(JSON.stringify(p)).not.toContain('canary-imap-secret');
  });
});

describe('planner: adopt-only channels and write-only fields', () => {
  const hours = { monday: { enabled: true, start: '9:00', end: '18:00' } };
  const channel = () => declared('channel', { name: 'WhatsApp main', channel_type: 'whatsapp', assignment_mode: 'round_robin', business_hours: hours });
  const live: LiveObject = { id: '1', key: 'WhatsApp main', wire: { id: 1, name: 'WhatsApp main', channel_type: 'whatsapp', assignment_mode: 'manual' } };

  it('explains that channels cannot be created', () => {
    expect(() => plan([channel()], { channel: [] })).toThrow(/no live channel matches, and healthing cannot create channels through its API: create it in healthing itself/);
  });

  it('adopts a channel deskform never applied, and says it cannot verify write-only fields', () => {
    const { plan: p } = plan([channel()], { channel: [live] });
    expect(p.steps[0]!.action).toBe('adopt');
    const days = Object.fromEntries(p.steps[0]!.changed_fields.filter((c) => c.path.startsWith('business_hours.')).map((c) => [c.path, c]));
    expect(Object.keys(days)).toHaveLength(7);
    expect(days['business_hours.monday']).toMatchObject({ after: { enabled: true, start: '09:00', end: '18:00' }, note: expect.stringMatching(/cannot verify/) });
    expect(days['business_hours.sunday']!.after).toEqual({ enabled: false });
  });

  it('says that each weekday left out of business_hours is sent as closed, and only those', () => {
    const withSunday = declared('channel', { name: 'WhatsApp main', business_hours: { ...hours, sunday: { enabled: false } } });
    const changes = plan([withSunday], { channel: [live] }).plan.steps[0]!.changed_fields;
    const implied = changes.filter((c) => c.note?.startsWith('not declared: sent as closed (Healthing replaces the whole week); cannot verify'));
    expect(implied.map((c) => c.path)).toEqual(['tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => `business_hours.${d}`));
    for (const c of implied) expect(c.after).toEqual({ enabled: false });
    expect(changes.find((c) => c.path === 'business_hours.sunday')!.note).toBe('cannot verify: write-only and not applied by deskform yet');
    const cleared = declared('channel', { name: 'WhatsApp main', business_hours: null });
    expect(plan([cleared], { channel: [live] }).plan.steps[0]!.changed_fields.some((c) => c.note?.includes('not declared'))).toBe(false);
  });

  it('compares write-only fields with the ledger digest of the last applied value', () => {
    const want = plan([channel()], { channel: [live] }).planned[0]!.want;
    const days = Object.keys(want).filter((path) => path.startsWith('business_hours.'));
    const matched = { ...noLedger, fieldsOf: () => Object.fromEntries(days.map((path) => [path, digest(want[path])])) };
    const synced = { ...live, wire: { ...(live.wire as object), assignment_mode: 'round_robin' } };
    expect(plan([channel()], { channel: [synced] }, { ledger: matched }).plan.steps[0]!.action).toBe('noop');
    const stale = { ...noLedger, fieldsOf: () => ({ ...matched.fieldsOf(), 'business_hours.monday': 'something else' }) };
    const step = plan([channel()], { channel: [synced] }, { ledger: stale }).plan.steps[0]!;
    expect(step.action).toBe('update');
    expect(step.changed_fields).toEqual([
      { path: 'business_hours.monday', before: null, after: { enabled: true, start: '09:00', end: '18:00' }, note: 'write-only: differs from the last applied value' },
    ]);
  });

  it('narrows live matches by channel_type', () => {
    const other: LiveObject = { id: '2', key: 'WhatsApp main', wire: { id: 2, name: 'WhatsApp main', channel_type: 'healthing_chat' } };
    const { plan: p } = plan([channel()], { channel: [live, other] });
    expect(p.steps[0]!.id).toBe('1');
  });
});

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('planner: objects the ledger says were applied', () => {
  const applied = (...objects: Array<{ id: string; key: string }>) => ({ ...noLedger, applied: (kind: string) => (kind === 'inbox' ? objects : []) });
  const support = () => declared('inbox', { name: 'Support', channel: { type: 'web_widget', website_url: 'https://example.com' } });

  it('refuses to re-create applied objects when the vendor lists none of that kind', () => {
    const ledger = applied({ id: '12', key: 'Website' }, { id: '13', key: 'Support' });
    const err = catchError(() => plan([widget(), support()], {}, { ledger }));
    expect(err).toBeInstanceOf(PlanError);
    expect(err.message).toBe(
      'chatwoot listed no inboxes, but deskform applied 2 here (Website id 12, Support id 13); refusing to re-create them. ' +
        'If they were deleted outside deskform, remove their entries from .deskform/state.json (or the file) and plan again.',
    );
  });

  it('still creates objects the ledger does not know when the vendor lists none', () => {
    const { plan: p } = plan([widget()], {}, { ledger: applied({ id: '13', key: 'Support' }) });
    expect(p.steps.map((s) => s.action)).toEqual(['create']);
    expect(p.warnings).toBeUndefined();
  });

  it('re-creates an applied object missing from a list that has others, with a warning', () => {
    const { plan: p } = plan([widget(), support()], { inbox: [liveInbox({ id: 13, name: 'Support' })] }, { ledger: applied({ id: '12', key: 'Website' }, { id: '13', key: 'Support' }) });
    expect(p.steps.find((s) => s.key === 'Website')!.action).toBe('create');
    expect(p.warnings).toEqual(['inbox "Website" was applied as id 12 and is no longer listed: it will be created again']);
  });

  it('leaves out objects --target leaves out', () => {
    const ledger = applied({ id: '12', key: 'Website' });
    const { plan: p } = plan([widget(), support()], {}, { ledger, options: { selects: (_kind, key) => key === 'Support' } });
    expect(p.steps.map((s) => `${s.action} ${s.key}`)).toEqual(['create Support']);
  });
});
