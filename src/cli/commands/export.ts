import path from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import { PROVIDER_SECRET_FIELDS } from '../../config/providers.js';
import { escapeBeyondC0, hasBeyondC0 } from '../../util/visible.js';
import { UserError } from '../../errors.js';
import { KINDS } from '../../kinds/registry.js';
import { instanceLabel, instancesOf, namesInstances } from '../../config/instances.js';
import { isWholeReference } from '../../config/interpolate.js';
import type { VendorName } from '../../config/vendor-names.js';
import type { ProviderInstances } from '../../engine/units.js';
import type { RunIo } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';
import { loadFor, withSession, type ReadFlags } from './common.js';

export interface ExportFlags extends ReadFlags {
  out?: string;
  kinds?: string;
}

export async function exportLive(paths: string[], flags: ExportFlags, io: RunIo): Promise<number> {
  const desired = await loadFor(paths, io, flags);
  const instances = instancesOf(desired.config);
  const hasVendor = (vendor: VendorName) => [...instances.values()].some((blocks) => blocks[vendor] !== undefined);
  const wanted = flags.kinds?.split(',').map((k) => k.trim()).filter(Boolean);
  for (const key of wanted ?? []) {
    if (!KINDS.some((k) => k.configKey === key)) {
      throw new UserError(`--kinds: unknown kind "${key}" (known: ${KINDS.map((k) => k.configKey).join(', ')})`);
    }
  }
  const kinds = KINDS.filter((k) => (wanted ? wanted.includes(k.configKey) : hasVendor(k.vendor)));
  const missing = kinds.find((k) => !hasVendor(k.vendor));
  if (missing) throw new UserError(`exporting ${missing.configKey} needs a providers.${missing.vendor} block`);

  const units = await withSession(desired, io, undefined, (session) => session.export(kinds));
  const document: Record<string, unknown> = { providers: exportProviders(instances, desired.config.providerReferences ?? {}) };
  for (const kind of kinds) {
    // An object of a named instance says which one; the vendor's only instance needs no saying.
    const label = (unit: string) => (namesInstances(namesOf(instances, kind.vendor)) ? instanceLabel(kind.vendor, unit) : undefined);
    document[kind.configKey] = [...units].flatMap(([unit, sections]) => {
      const chosen = label(unit);
      return (sections.get(kind.configKey) ?? []).map((o) => (chosen ? { provider: chosen, ...o } : o));
    });
  }
  const text = safeYaml(document);
  if (flags.out) await io.writeFile(path.resolve(io.cwd, flags.out), text);
  else io.out(text);
  return EXIT_OK;
}

/**
 * YAML text of `value` in which DEL, C1 and bidi controls are escaped: the
 * `yaml` library escapes only C0, even in double quotes. Every string holding
 * one is double-quoted first, so each such character in the text sits inside
 * double quotes, where `\uXXXX` reads back as the same character.
 */
function safeYaml(value: unknown): string {
  const doc = new Document(value);
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && hasBeyondC0(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return escapeBeyondC0(doc.toString({ lineWidth: 0 }));
}


/** The names of the instances that have a block of `vendor`. */
function namesOf(instances: ProviderInstances, vendor: VendorName): string[] {
  return [...instances].filter(([, blocks]) => blocks[vendor] !== undefined).map(([name]) => name);
}

/**
 * The providers as the config declared them, named instances as a mapping
 * by name: a field written as `${env:…}` is written back as that reference
 * (a login email, a URL), never as the value it had in this run. A
 * credential is never written: one the config held literally becomes the
 * environment variable the Terraform provider reads it from (with the
 * instance's name in it, for a named instance).
 */
function exportProviders(instances: ProviderInstances, references: Record<string, Record<string, string>>): Record<string, unknown> {
  const out: Record<string, Record<string, unknown>> = {};
  const prefixes = new Map<string, string>();
  for (const [name, blocks] of instances) {
    for (const [vendor, block] of Object.entries(blocks) as Array<[VendorName, Record<string, unknown> | undefined]>) {
      if (!block) continue;
      const label = instanceLabel(vendor, name);
      const written = references[label] ?? {};
      const envPrefix = label.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
      /** The variable a credential held literally is written as. */
      const variableFor = (field: string) => {
        // `brand-a` and `brand_a` (or `Prod` and `prod`) would read one variable: one token for two accounts.
        const sharing = prefixes.get(envPrefix);
        if (sharing !== undefined && sharing !== label) {
          throw new UserError(`export: providers ${sharing} and ${label} would both read their credentials from \${env:${envPrefix}_…}; rename one instance`);
        }
        prefixes.set(envPrefix, label);
        return `\${env:${envPrefix}_${field.toUpperCase()}}`;
      };
      const exported = Object.fromEntries(
        Object.entries(block).map(([field, value]) => {
          const secret = PROVIDER_SECRET_FIELDS.includes(field);
          // A credential's text is written back only when it is nothing but a reference: literal text around one could be part of the secret.
          const reference = written[field];
          if (reference !== undefined && (!secret || isWholeReference(reference))) return [field, reference];
          return [field, secret ? variableFor(field) : value];
        }),
      );
      if (namesInstances(namesOf(instances, vendor))) (out[vendor] ??= {})[name] = exported;
      else out[vendor] = exported;
    }
  }
  return out;
}
