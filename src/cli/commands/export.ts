import path from 'node:path';
import { Document, isScalar, visit } from 'yaml';
import { PROVIDER_SECRET_FIELDS } from '../../config/providers.js';
import { escapeBeyondC0, hasBeyondC0 } from '../../util/visible.js';
import { UserError } from '../../errors.js';
import { KINDS } from '../../kinds/registry.js';
import type { RunIo } from '../io.js';
import { EXIT_OK } from '../exit-codes.js';
import { loadFor, withSession, type ReadFlags } from './common.js';

export interface ExportFlags extends ReadFlags {
  out?: string;
  kinds?: string;
}

export async function exportLive(paths: string[], flags: ExportFlags, io: RunIo): Promise<number> {
  const desired = await loadFor(paths, io, flags);
  const providers = desired.config.providers;
  const wanted = flags.kinds?.split(',').map((k) => k.trim()).filter(Boolean);
  for (const key of wanted ?? []) {
    if (!KINDS.some((k) => k.configKey === key)) {
      throw new UserError(`--kinds: unknown kind "${key}" (known: ${KINDS.map((k) => k.configKey).join(', ')})`);
    }
  }
  const kinds = KINDS.filter((k) => (wanted ? wanted.includes(k.configKey) : providers[k.vendor] !== undefined));
  const missing = kinds.find((k) => providers[k.vendor] === undefined);
  if (missing) throw new UserError(`exporting ${missing.configKey} needs a providers.${missing.vendor} block`);

  const sections = await withSession(desired, io, undefined, (session) => session.export(kinds));
  const document: Record<string, unknown> = { providers: exportProviders(providers, desired.config.providerReferences ?? {}) };
  for (const [key, objects] of sections) document[key] = objects;
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

const ONLY_A_REFERENCE = /^\$\{env:[A-Za-z_][A-Za-z0-9_]*\}$/;

/**
 * The providers as the config declared them: a field written as `${env:…}`
 * is written back as that reference (a login email, a URL), never as the
 * value it had in this run. A credential is never written: one the config
 * held literally becomes the environment variable the Terraform provider
 * reads it from.
 */
function exportProviders(
  providers: Record<string, Record<string, unknown> | undefined>,
  references: Record<string, Record<string, string>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [vendor, block] of Object.entries(providers)) {
    if (!block) continue;
    const written = references[vendor] ?? {};
    out[vendor] = Object.fromEntries(
      Object.entries(block).map(([field, value]) => {
        const secret = PROVIDER_SECRET_FIELDS.includes(field);
        // A credential's text is written back only when it is nothing but a reference: literal text around one could be part of the secret.
        const reference = written[field];
        if (reference !== undefined && (!secret || ONLY_A_REFERENCE.test(reference))) return [field, reference];
        return [field, secret ? `\${env:${vendor.toUpperCase()}_${field.toUpperCase()}}` : value];
      }),
    );
  }
  return out;
}
