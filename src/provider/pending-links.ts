/**
 * References that could not be linked yet. A portal and its live-chat inbox
 * refer to each other; Terraform cannot order a cycle, so one side names the
 * other literally and may be created first. Like the YAML executor, the
 * provider then creates it without the link and makes the link once the
 * target exists: here, when a later apply in the same provider process (one
 * `terraform apply`) writes the target. Should the target never come, the
 * next refresh shows the missing link and the next apply plans it again.
 *
 * A deleted object's referrers wait the same way: references name their
 * target (a portal's live chat is an inbox name), so `apply -replace` of the
 * target leaves the referrers' attributes unchanged and Terraform plans
 * nothing for them, while the vendor drops their link with the old object.
 */
import { UserError } from '../errors.js';
import { KINDS, kindNamed } from '../kinds/registry.js';
import type { Kind } from '../kinds/types.js';
import type { VendorClients } from '../vendors/index.js';
import { warningDiagnostic, type Diagnostic } from './diagnostics.js';
import { execContext, liveById, refuseSharedNames } from './kind-ops.js';
import type { ManagedIds } from './managed-ids.js';

interface PendingLink {
  kind: Kind;
  id: string;
  value: unknown;
  lookups: unknown;
  /** Reference fields left out, by the `kind/key` of their target. */
  fields: Map<string, Set<string>>;
}

export class PendingLinks {
  private readonly pending: PendingLink[] = [];

  constructor(private readonly managed: ManagedIds) {}

  /**
   * Registers the links, then makes those whose target exists by now: the
   * target's own apply may have run concurrently and settled before this
   * registration, and would otherwise never link it.
   */
  async defer(link: Omit<PendingLink, 'fields'>, fields: ReadonlyMap<string, string>, clients: VendorClients): Promise<Diagnostic[]> {
    const byTarget = new Map<string, Set<string>>();
    for (const [field, target] of fields) byTarget.set(target, new Set([...(byTarget.get(target) ?? []), field]));
    this.pending.push({ ...link, fields: byTarget });
    const diagnostics: Diagnostic[] = [];
    for (const target of byTarget.keys()) {
      const [kind, ...key] = target.split('/');
      const targetKind = kindNamed(kind ?? '');
      if (targetKind && (await targetKind.readLive(clients)).some((l) => l.key === key.join('/'))) diagnostics.push(...(await this.settle(target, clients)));
    }
    return diagnostics;
  }

  /**
   * Before `kind` id is deleted (it exists and its kind can be deleted): the
   * objects linking to it are linked again when an object under its key is
   * written later in this process. References are ids in one vendor's API, so
   * only that vendor's kinds are read. Returns the undo for a delete that
   * fails: the object stays, and so do its referrers' links to it.
   */
  async deleting(kind: Kind, id: string, clients: VendorClients): Promise<() => void> {
    const added: PendingLink[] = [];
    const undo = () => {
      for (const link of added) this.pending.splice(this.pending.indexOf(link), 1);
    };
    const live = await kind.readLive(clients);
    const target = live.find((l) => l.id === id);
    // Under a shared key the referrers' exported links cannot tell which object they point at.
    if (!target || live.filter((l) => l.key === target.key).length > 1) return undo;
    for (const referrer of KINDS.filter((k) => k.vendor === kind.vendor)) {
      const lookups = referrer.readLookups ? await referrer.readLookups(clients, 'all') : undefined;
      for (const object of await referrer.readLive(clients)) {
        const value = referrer.exportLive(object, { lookups });
        const fields = referrer.references(value).filter((r) => r.kind === kind.kind && r.key === target.key);
        if (fields.length === 0) continue;
        const via = new Set(fields.map((r) => String(r.path[0])));
        added.push({ kind: referrer, id: object.id, value, lookups, fields: new Map([[`${kind.kind}/${target.key}`, via]]) });
      }
    }
    this.pending.push(...added);
    return undo;
  }

  /** Drops the links waiting for `kind` id: its own apply writes what its configuration says. */
  forget(kind: Kind, id: string): void {
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.kind === kind && this.pending[i]!.id === id) this.pending.splice(i, 1);
  }

  /** Makes the links waiting for `kind/key`, now that it was written; failures become warnings (the next apply retries). */
  async settle(target: string, clients: VendorClients): Promise<Diagnostic[]> {
    const diagnostics: Diagnostic[] = [];
    for (const link of this.pending) {
      const fields = link.fields.get(target);
      if (!fields) continue;
      link.fields.delete(target);
      try {
        const live = await liveById(link.kind, clients, link.id);
        if (!live) throw new UserError(`${link.kind.kind} id ${link.id} no longer exists`);
        const ctx = await execContext(link.kind, clients, link.value, link.lookups, this.managed);
        refuseSharedNames(link.kind, link.value, ctx, (field) => fields.has(field));
        await link.kind.update(live, link.value, fields, ctx);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        diagnostics.push(
          warningDiagnostic(`${link.kind.kind} not linked yet`, `linking ${link.kind.kind} id ${link.id} (${[...fields].join(', ')}) to ${target} failed: ${err.message}. The next apply retries.`),
        );
      }
    }
    for (let i = this.pending.length - 1; i >= 0; i--) if (this.pending[i]!.fields.size === 0) this.pending.splice(i, 1);
    return diagnostics;
  }
}
