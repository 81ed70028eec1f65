/**
 * The planner: a pure function from desired objects, live objects and the
 * ledger to a Plan. No I/O; tested with plain objects.
 */
import type { DeclaredObject } from '../../config/types.js';
import { PlanError, type ConfigProblem } from '../../errors.js';
import { fieldClassAt } from '../../kinds/field-classes.js';
import type { Kind, LiveObject, LiveSnapshot, NormaliseContext } from '../../kinds/types.js';
import { digest, withoutSecrets } from '../load/digest.js';
import { indexLive, matchLive } from './live-match.js';
import { appliedDigests, diffObject } from './object-diff.js';
import { Protection, type ProtectSection } from './protect.js';
import {
  PLAN_FORMAT_VERSION,
  SENSITIVE,
  stepRef,
  summarise,
  type FieldChange,
  type Plan,
  type PlannedStep,
  type PlanStep,
} from './plan.js';
import { planWarning, type PlanWarning } from './warnings.js';

/** An object deskform applied, as the ledger remembers it. */
export interface AppliedObject {
  id: string;
  key: string;
}

/** An object whose delete the vendor accepted at `since` (the ledger's applied_at) but has not finished. */
export interface PendingDelete {
  id: string;
  since: string;
}

/** What the planner may know of past applies: which objects, digests of write-only fields, protection, deletes still in progress. */
export interface LedgerView {
  /** The state file, named in messages. */
  readonly file: string;
  fieldsOf(kind: string, id: string): Record<string, string> | undefined;
  isProtected(kind: string, id: string): boolean;
  /** Ids whose delete the vendor accepted but has not finished (it deletes in the background). */
  pendingDeletes(kind: string): readonly PendingDelete[];
  applied(kind: string): AppliedObject[];
}

export interface PlanOptions {
  /** Plan deletes of live objects that are not declared, within kinds present in the config. */
  prune?: boolean;
  /** Archive instead of deleting, for kinds that can archive (portals). */
  pruneMode?: 'delete' | 'archive';
  /** Refuse a prune deleting more than this share of a kind's live objects. Default 30. */
  maxDeletePercent?: number;
  /** Lift the max-delete-percent refusal (never protection). */
  force?: boolean;
  /** Key globs never deleted, by kind (the config's `protect:` section). */
  protect?: ProtectSection;
  /** Which objects the plan may touch (--target/--exclude); every object when absent. */
  selects?: (kind: string, key: string) => boolean;
  /** Warnings about how the plan was asked for (targetingWarnings), listed before the plan's own. */
  warnings?: readonly PlanWarning[];
}

export const DEFAULT_MAX_DELETE_PERCENT = 30;

/** The pseudo-field that records `protected: true` in the ledger; never sent to a vendor. */
export const PROTECTED_FIELD = 'protected';

export interface PlanInput {
  /** In creation order (the registry's): a reference to a kind later in the list is linked after both exist. */
  kinds: readonly Kind[];
  declared: ReadonlyMap<string, readonly DeclaredObject[]>;
  /** Config keys present in the files (`inboxes: []` counts, an absent key does not). */
  presentKinds: ReadonlySet<string>;
  live: LiveSnapshot;
  ledger: LedgerView;
  options: PlanOptions;
  configDigest: string;
}

export interface PlanResult {
  plan: Plan;
  planned: PlannedStep[];
  /** In plan order; `plan.warnings` holds their texts. */
  warnings: PlanWarning[];
}

type Problems = Array<ConfigProblem | string>;

export function computePlan(input: PlanInput): PlanResult {
  const problems: Problems = [];
  const matches = matchAll(input, problems);
  const creating = new Set([...matches].filter(([, m]) => m.live === undefined).map(([ref]) => ref));
  const rankOf = new Map(input.kinds.map((k, rank) => [k.kind, rank]));
  const selects = input.options.selects ?? (() => true);
  const planned: PlannedStep[] = [];
  const warnings: PlanWarning[] = [...(input.options.warnings ?? [])];
  const protection = new Protection(input.options.protect);

  for (const [rank, kind] of input.kinds.entries()) {
    const ctx: NormaliseContext = { lookups: input.live.lookups.get(kind.kind) };
    for (const obj of input.declared.get(kind.kind) ?? []) {
      const match = matches.get(stepRef(kind.kind, obj.key));
      if (!match || !selects(kind.kind, obj.key)) continue; // unmatchable objects have a problem recorded
      for (const p of kind.check?.(obj.value, ctx) ?? []) problems.push(located(obj, p.path, p.message));
      const step = match.live
        ? planExisting(kind, obj, match.live, ctx, input.ledger, problems)
        : planCreate(kind, obj, ctx);
      for (const ref of kind.references(obj.value)) {
        const target = stepRef(ref.kind, ref.key);
        if (!creating.has(target)) continue;
        const field = String(ref.path[0]);
        if (step.step.action !== 'create' && !step.changed.has(field)) continue;
        if (!selects(ref.kind, ref.key)) {
          problems.push(located(obj, ref.path, `references ${ref.kind} "${ref.key}", which does not exist yet and is left out by --target/--exclude: include it`));
        }
        step.step.depends_on.push(target);
        // A reference to a kind created later is linked once both exist: this is what breaks portal ↔ inbox cycles.
        if (step.step.action === 'create' && (rankOf.get(ref.kind) ?? 0) > rank) step.deferred.set(field, target);
      }
      planned.push(step);
    }
    warnings.push(...stillListed(kind, input));
    checkRecreates(kind, input, matches, { problems, warnings });
    if (input.options.prune && input.presentKinds.has(kind.configKey)) {
      planned.push(...planPrune(kind, input, matches, ctx, protection, { problems, warnings }));
    }
    // Only kinds that were read: of the others nothing is known.
    const live = input.live.objects.get(kind.kind);
    for (const entry of live ? protection.unmatched(kind.kind, live.map((l) => l.key)) : []) {
      warnings.push(planWarning('protect_unmatched', kind.kind, undefined, `protect: ${kind.configKey} "${entry}" matches no live ${kind.kind}`));
    }
  }

  if (problems.length > 0) throw new PlanError(problems);
  const removal = (p: PlannedStep) => p.step.action === 'delete' || p.mode === 'archive';
  planned.sort((a, b) => Number(removal(b)) - Number(removal(a)));
  const steps = planned.map((p) => p.step);
  const plan: Plan = { format_version: PLAN_FORMAT_VERSION, config_digest: input.configDigest, steps, summary: summarise(steps) };
  if (warnings.length > 0) plan.warnings = warnings.map((w) => w.text);
  return { plan, planned, warnings };
}

interface Match {
  live: LiveObject | undefined;
}

/** Pairs every declared object with its live object (or none); records ambiguity and missing pins. */
function matchAll(input: PlanInput, problems: Problems): Map<string, Match> {
  const matches = new Map<string, Match>();
  for (const kind of input.kinds) {
    const index = indexLive(standing(kind, input));
    const declared = input.declared.get(kind.kind) ?? [];
    const claimed = new Set(declared.flatMap((obj) => kind.pinOf?.(obj.value) ?? []));
    for (const obj of declared) {
      const match = matchLive(kind, obj.value, obj.key, index, claimed);
      if ('live' in match) matches.set(stepRef(kind.kind, obj.key), match);
      else if (match.problem === 'pin-missing') problems.push(located(obj, ['id'], `no live ${kind.kind} has id ${match.pin}`));
      else if (match.problem === 'ambiguous') {
        problems.push(located(obj, [], `${match.ids.length} live ${kind.configKey} match this name (ids ${match.ids.join(', ')}): add "id: <one of them>" to pin it`));
      } else {
        problems.push(
          located(obj, [], `no live ${kind.kind} matches, and ${kind.vendor} cannot create ${kind.configKey} through its API: create it in ${kind.vendor} itself, then re-run`),
        );
      }
    }
  }
  return matches;
}

function planCreate(kind: Kind, obj: DeclaredObject, ctx: NormaliseContext): PlannedStep {
  const want = kind.desiredFields(obj.value, ctx);
  const implied = kind.impliedFields?.(obj.value) ?? {};
  const changes = Object.entries(want).map(([path, after]) => display(kind, { path, before: null, after }, implied));
  return {
    step: { kind: kind.kind, key: obj.key, action: 'create', changed_fields: changes, depends_on: [], fingerprint: null },
    kind,
    desired: obj,
    changed: new Set(Object.keys(want)),
    deferred: new Map(),
    want,
  };
}

function planExisting(
  kind: Kind,
  obj: DeclaredObject,
  live: LiveObject,
  ctx: NormaliseContext,
  ledger: LedgerView,
  problems: Problems,
): PlannedStep {
  const want = kind.desiredFields(obj.value, ctx);
  const have = kind.liveFields(live, ctx);
  const applied = ledger.fieldsOf(kind.kind, live.id);
  const diff = diffObject(kind, want, have, appliedDigests(applied));
  for (const c of diff.immutable) problems.push(located(obj, c.path.split('.'), immutableMessage(kind, c.path, c.before, c.after)));
  const implied = kind.impliedFields?.(obj.value) ?? {};
  const changes = diff.changes.map((c) => display(kind, c, implied));
  const declaredProtected = isDeclaredProtected(obj);
  if (declaredProtected !== ledger.isProtected(kind.kind, live.id)) {
    changes.push({ path: PROTECTED_FIELD, before: !declaredProtected, after: declaredProtected, note: 'kept in the deskform ledger, not sent' });
  }
  // An object the vendor cannot create, written for the first time: deskform takes it under management.
  const adopting = !kind.create && applied === undefined;
  const action = changes.length === 0 ? 'noop' : adopting ? 'adopt' : 'update';
  const step: PlanStep = {
    kind: kind.kind,
    key: obj.key,
    action,
    id: live.id,
    changed_fields: changes,
    depends_on: [],
    // The same digest fingerprint() gives, without normalising the live object twice.
    fingerprint: digest(withoutSecrets(have, kind.fieldClasses)),
  };
  return { step, kind, desired: obj, live, changed: new Set(changes.map((c) => c.path)), deferred: new Map(), want };
}

interface Findings {
  problems: Problems;
  warnings: PlanWarning[];
}

/**
 * A create of a key the ledger says deskform applied is suspicious: one gone
 * from a list that still has others was likely deleted outside deskform (a
 * warning), but a vendor listing nothing at all more likely answered wrongly
 * (a wrong account, a broken page), and re-creating everything would
 * duplicate it all once the list comes back. That is refused.
 */
function checkRecreates(kind: Kind, input: PlanInput, matches: Map<string, Match>, found: Findings): void {
  const selects = input.options.selects ?? (() => true);
  const creates = (key: string) => {
    const match = matches.get(stepRef(kind.kind, key));
    return match !== undefined && match.live === undefined && selects(kind.kind, key);
  };
  const creating = new Set((input.declared.get(kind.kind) ?? []).map((obj) => obj.key).filter(creates));
  const recreated = input.ledger.applied(kind.kind).filter((a) => creating.has(a.key));
  if (recreated.length === 0) return;
  if ((input.live.objects.get(kind.kind) ?? []).length > 0) {
    for (const a of recreated) {
      found.warnings.push(planWarning('recreate', kind.kind, a.key, `${kind.kind} "${a.key}" was applied as id ${a.id} and is no longer listed: it will be created again`));
    }
    return;
  }
  const shown = recreated.slice(0, 5).map((a) => `${a.key} id ${a.id}`);
  if (recreated.length > shown.length) shown.push('…');
  found.problems.push(
    `${kind.vendor} listed no ${kind.configKey}, but deskform applied ${recreated.length} here (${shown.join(', ')}); refusing to re-create them. ` +
      `If they were deleted outside deskform, remove their entries from ${input.ledger.file} (or the file) and plan again.`,
  );
}

/**
 * Deletes (or archives) live objects nobody declared. Protected objects are
 * never removed; removing more than the threshold share of a kind is refused
 * without --force.
 */
function planPrune(
  kind: Kind,
  input: PlanInput,
  matches: Map<string, Match>,
  ctx: NormaliseContext,
  protection: Protection,
  found: Findings,
): PlannedStep[] {
  const { options } = input;
  const live = standing(kind, input);
  const kept = new Set([...matches.values()].flatMap((m) => (m.live ? [m.live] : [])));
  const archiving = options.pruneMode === 'archive' && kind.archive !== undefined;
  const steps: PlannedStep[] = [];
  for (const obj of live) {
    if (kept.has(obj) || !(options.selects?.(kind.kind, obj.key) ?? true)) continue;
    if (kind.manages && !kind.manages(obj)) {
      found.warnings.push(planWarning('not_managed', kind.kind, obj.key, `${kind.kind} "${obj.key}" is of a type deskform does not manage: it is kept`));
      continue;
    }
    if (protection.covers(kind.kind, obj.key) || input.ledger.isProtected(kind.kind, obj.id)) {
      found.warnings.push(planWarning('protected_kept', kind.kind, obj.key, `${kind.kind} "${obj.key}" is not declared but protected: it is kept`));
      continue;
    }
    if (archiving) {
      if (!kind.isArchived?.(obj)) steps.push(removalStep(kind, obj, ctx, 'archive'));
    } else if (kind.delete) steps.push(removalStep(kind, obj, ctx, 'delete'));
  }
  const deletes = steps.filter((s) => s.step.action === 'delete').length;
  const limit = options.maxDeletePercent ?? DEFAULT_MAX_DELETE_PERCENT;
  if (!options.force && deletes > 0 && (deletes / live.length) * 100 > limit) {
    const share = Math.round((deletes / live.length) * 100);
    found.problems.push(
      `--prune would delete ${deletes} of ${live.length} live ${kind.configKey} (${share}%, more than ${limit}%): check the config, or pass --force`,
    );
  }
  return steps;
}

/**
 * Live objects not on their way out: one whose delete is still pending is
 * neither deleted again nor ever mistaken for a declared object of its name.
 */
function standing(kind: Kind, input: PlanInput): LiveObject[] {
  const pending = new Set(input.ledger.pendingDeletes(kind.kind).map((p) => p.id));
  return (input.live.objects.get(kind.kind) ?? []).filter((l) => !pending.has(l.id));
}

/**
 * A pending delete that never finishes (the vendor's background job failed)
 * would otherwise hide its object from every plan without a word.
 */
function stillListed(kind: Kind, input: PlanInput): PlanWarning[] {
  const since = new Map(input.ledger.pendingDeletes(kind.kind).map((p) => [p.id, p.since]));
  return (input.live.objects.get(kind.kind) ?? []).flatMap((l) => {
    const at = since.get(l.id);
    if (at === undefined) return [];
    const text = `${kind.kind} "${l.key}" (id ${l.id}): its delete was accepted at ${at} but it is still listed; deskform leaves it alone until it is gone`;
    return [planWarning('delete_still_listed', kind.kind, l.key, text)];
  });
}

function removalStep(kind: Kind, live: LiveObject, ctx: NormaliseContext, mode: 'delete' | 'archive'): PlannedStep {
  const archive = mode === 'archive';
  const step: PlanStep = {
    kind: kind.kind,
    key: live.key,
    action: archive ? 'update' : 'delete',
    id: live.id,
    changed_fields: archive ? [{ path: 'archived', before: false, after: true, note: 'archived instead of deleted (prune_mode: archive)' }] : [],
    depends_on: [],
    fingerprint: fingerprint(kind, live, ctx),
  };
  return { step, kind, live, changed: new Set(), deferred: new Map(), want: {}, mode };
}

function isDeclaredProtected(obj: DeclaredObject): boolean {
  return (obj.value as { protected?: unknown }).protected === true;
}

export function fingerprint(kind: Kind, live: LiveObject, ctx: NormaliseContext): string {
  return digest(withoutSecrets(kind.liveFields(live, ctx), kind.fieldClasses));
}

/** A change as the plan shows it: secrets as the placeholder, and a value the user did not write saying why it is sent. */
function display(kind: Kind, change: FieldChange, implied: Readonly<Record<string, string>>): FieldChange {
  const why = implied[change.path];
  const noted = why === undefined ? change : { ...change, note: change.note ? `${why}; ${change.note}` : why };
  if (fieldClassAt(kind, change.path) !== 'secret') return noted;
  return { ...noted, before: noted.before === null ? null : SENSITIVE, after: noted.after === null ? null : SENSITIVE };
}

function immutableMessage(kind: Kind, path: string, before: unknown, after: unknown): string {
  return (
    `${path} cannot change from ${JSON.stringify(before)} to ${JSON.stringify(after)} (${kind.vendor} does not allow it). ` +
    `Keep ${JSON.stringify(before)}, or declare a new ${kind.kind} under another name and delete this one ` +
    `(remove it from the config and apply with --prune)`
  );
}

function located(obj: DeclaredObject, path: ReadonlyArray<string | number>, message: string): ConfigProblem {
  return { ...obj.locate(path), subject: `${obj.kind} "${obj.key}"`, message };
}

