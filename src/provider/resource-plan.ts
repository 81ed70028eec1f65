/**
 * Planning a change of one resource: computed attributes the change makes
 * stale become unknown, replacements are flagged, and, once the configuration
 * is known, the checks that need the vendor run.
 */
import { UserError } from '../errors.js';
import { deepEqual } from '../kinds/normalise.js';
import type { NormaliseContext } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import { isKnownObject, isUnknown, isWhollyKnown, unknown, type CtyValue } from './cty-codec.js';
import { DiagnosticsError, errorDiagnostic, hasErrors, type AttributePath, type Diagnostic } from './diagnostics.js';
import { existingFor, liveById } from './kind-ops.js';
import type { ResourceAdapter } from './resource-adapter.js';
import { followersOf, requiresReplacePaths, type SchemaAttribute } from '../terraform/schema.js';
import { checkAttributes, type Attributes } from './validation.js';

export interface PlanResult {
  planned: Attributes | null;
  requiresReplace: AttributePath[];
  diagnostics: Diagnostic[];
}

export async function planChange(r: ResourceAdapter, prior: Attributes | null, proposed: Attributes | null, config: Attributes | null): Promise<PlanResult> {
  if (proposed === null || config === null) return { planned: null, requiresReplace: [], diagnostics: [] };
  const planned: Attributes = { ...proposed };
  for (const [name, attribute] of Object.entries(r.attributes)) {
    if (!attribute.computed || config[name] !== null) continue;
    const stale = (r.leaders.get(name) ?? []).some((l) => config[l] !== null && !deepEqual(config[l], prior?.[l] ?? null));
    // Terraform proposes null for a computed nested attribute left unset: the live value stays what it was.
    planned[name] = prior === null || stale ? unknown() : (prior[name] ?? null);
  }
  for (const [name, attribute] of Object.entries(r.attributes)) planned[name] = newNestedComputed(attribute, prior?.[name] ?? null, config[name] ?? null, planned[name] ?? null);
  const requiresReplace = prior === null ? [] : requiresReplacePaths(r.kind).filter((p) => !sameAt(prior, planned, p));
  if (!r.env.configKnown()) {
    // Unverifiable until the provider is configured: followers of set leaders may change, so they are left open.
    for (const [follower, leaders] of r.leaders) {
      if (prior !== null && config[follower] === null && leaders.some((l) => config[l] !== null)) planned[follower] = unknown();
    }
    return { planned, requiresReplace, diagnostics: [] };
  }
  if (isWhollyKnown(config)) return { planned, requiresReplace, diagnostics: await engineChecks(r, prior, planned, config, requiresReplace.length > 0) };
  // Followers of known leaders must be judged now too: the final plan may not turn a known value unknown.
  if (prior !== null && requiresReplace.length === 0) await followersOfKnown(r, prior, planned, config);
  return { planned, requiresReplace, diagnostics: [] };
}

/** Plan-time checks that need the vendor: look-ups, the object to adopt, content Terraform cannot see. */
async function engineChecks(r: ResourceAdapter, prior: Attributes | null, planned: Attributes, config: Attributes, replacing: boolean): Promise<Diagnostic[]> {
  const parsed = checkAttributes(r.kind, config);
  if (parsed.value === undefined) return parsed.diagnostics;
  const clients = r.env.clientsFor(r.kind);
  const { value, normalise, problems } = await r.prepared(parsed.value, clients);
  if (hasErrors(problems)) return problems;
  if (prior === null || replacing) {
    try {
      await existingFor(r.kind, clients, value);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return [errorDiagnostic(`Cannot adopt ${r.kind.kind}`, err.message, r.kind.pinOf?.(value) === undefined ? [] : ['id'])];
    }
    return [];
  }
  await markStaleFollowers(r, prior, planned, config, value, normalise, clients);
  return [];
}

/**
 * The follower check for a configuration with unknown values: those take
 * their prior values (their followers are unknown already), and any problem
 * waits for the final plan, when the configuration is known.
 */
async function followersOfKnown(r: ResourceAdapter, prior: Attributes, planned: Attributes, config: Attributes): Promise<void> {
  const probe: Attributes = {};
  for (const [name, value] of Object.entries(config)) probe[name] = isWhollyKnown(value) ? value : (prior[name] ?? null);
  const parsed = checkAttributes(r.kind, probe);
  if (parsed.value === undefined) return;
  const clients = r.env.clientsFor(r.kind);
  let prepared: Awaited<ReturnType<ResourceAdapter['prepared']>>;
  try {
    prepared = await r.prepared(parsed.value, clients);
  } catch (err) {
    if (err instanceof DiagnosticsError) return;
    throw err;
  }
  if (hasErrors(prepared.problems)) return;
  await markStaleFollowers(r, prior, planned, config, prepared.value, prepared.normalise, clients);
}

/** A change the attribute values cannot show (an icon file's content): its computed followers will change. */
async function markStaleFollowers(r: ResourceAdapter, prior: Attributes, planned: Attributes, config: Attributes, value: unknown, normalise: NormaliseContext, clients: VendorClients): Promise<void> {
  const live = await liveById(r.kind, clients, String(prior.id));
  if (!live) return;
  const priorWant = (await r.comparableState(prior, clients)).want;
  for (const path of r.changedFields(value, live, normalise, priorWant)) {
    const group = r.attributesOfField(path);
    if (group.some((name) => !deepEqual(planned[name], prior[name]))) continue;
    for (const name of group.flatMap((n) => followersOf(r.kind, n))) {
      if (r.attributes[name]?.computed && config[name] === null) planned[name] = unknown();
    }
  }
}

function sameAt(a: Attributes, b: Attributes, path: readonly string[]): boolean {
  const at = (root: CtyValue) => path.reduce<CtyValue>((v, k) => (v !== null && typeof v === 'object' && !isUnknown(v) && !Array.isArray(v) ? (v[k] ?? null) : null), root);
  const x = at(a);
  const y = at(b);
  return !isUnknown(x) && !isUnknown(y) && deepEqual(x, y);
}

/**
 * A nested object new in this plan: its unset computed attributes take what
 * the vendor gives them. Where the prior state has the object, Terraform
 * already proposed the prior values.
 */
function newNestedComputed(attribute: SchemaAttribute, before: CtyValue, config: CtyValue, proposed: CtyValue): CtyValue {
  const inner = attribute.nested_type?.nesting_mode === 'single' ? attribute.nested_type.attributes : undefined;
  if (!inner || isKnownObject(before) || !isKnownObject(config) || !isKnownObject(proposed)) return proposed;
  return Object.fromEntries(Object.entries(proposed).map(([k, v]) => [k, inner[k]?.computed && config[k] === null ? unknown() : v]));
}
