/**
 * One Terraform resource type over one engine kind: validation, refresh,
 * planning, apply and import, all through the kind's own schema, comparison
 * and vendor calls. Planning is in resource-plan.ts, applying in
 * resource-apply.ts.
 *
 * A refresh replaces an attribute with its live value only when the kind's
 * comparison says the live object drifted from it.
 */
import { diffObject, pathsOf } from '../engine/plan/object-diff.js';
import { UserError } from '../errors.js';
import type { Diagnostic } from './diagnostics.js';
import { liveById } from './kind-ops.js';
import { ResourceAdapter } from './resource-adapter.js';
import { applyChange, type ApplyResult } from './resource-apply.js';
import { planChange, type PlanResult } from './resource-plan.js';
import { checkAttributes, type Attributes } from './validation.js';

export class ResourceType extends ResourceAdapter {
  validate(config: Attributes): Diagnostic[] {
    return checkAttributes(this.kind, config).diagnostics;
  }

  async read(state: Attributes): Promise<Attributes | null> {
    const clients = this.env.clientsFor(this.kind);
    const live = await liveById(this.kind, clients, String(state.id));
    if (!live) return null;
    this.env.managed.note(this.kind.kind, live.key, live.id);
    const { ctx, want } = await this.comparableState(state, clients);
    const fresh = await this.freshAttributes(live, clients);
    // Drift is what the live object shows: a field it cannot return counts as applied.
    const diff = diffObject(this.kind, want, this.kind.liveFields(live, ctx), () => true);
    const drifted = new Set([...pathsOf(diff)].flatMap((path) => this.attributesOfField(path)));
    const next: Attributes = { ...state };
    for (const [name, attribute] of Object.entries(this.attributes)) {
      if (name === 'id') continue;
      if (drifted.has(name) || (state[name] === null && attribute.computed)) next[name] = fresh[name] ?? null;
    }
    return next;
  }

  plan(prior: Attributes | null, proposed: Attributes | null, config: Attributes | null): Promise<PlanResult> {
    return planChange(this, prior, proposed, config);
  }

  apply(prior: Attributes | null, planned: Attributes | null, config: Attributes | null): Promise<ApplyResult> {
    return applyChange(this, prior, planned, config);
  }

  /** `terraform import` / `import {}`: by live id, else by natural key (slug or name). */
  async import(id: string): Promise<Attributes> {
    const clients = this.env.clientsFor(this.kind);
    const live = await this.kind.readLive(clients);
    const byId = live.find((l) => l.id === id);
    const matches = byId ? [byId] : live.filter((l) => l.key === id);
    if (matches.length > 1) {
      throw new UserError(`"${id}" names ${matches.length} live ${this.kind.kind} objects (ids ${matches.map((l) => l.id).join(', ')}): import one of them by id`);
    }
    const found = matches[0];
    if (!found) throw new UserError(`no live ${this.kind.kind} has the id or natural key "${id}"`);
    this.env.managed.note(this.kind.kind, found.key, found.id);
    return this.freshAttributes(found, clients);
  }
}
