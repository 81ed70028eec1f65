/**
 * tfplugin6 diagnostics. An attribute path lets Terraform point at the
 * offending line of the configuration; errors raised by the engine become
 * diagnostics whose text never carries secrets (the vendor layer redacts them).
 */
import { UserError } from '../errors.js';
import { DIAGNOSTIC_SEVERITY } from './messages.js';
import type { Message } from './protobuf.js';

export type AttributePath = ReadonlyArray<string | number>;

export interface Diagnostic {
  severity: number;
  summary: string;
  detail?: string;
  attribute?: Message;
}

/**
 * Names are attribute steps and numbers list indexes. Map keys would be
 * `element_key_string`, but deskform schemas have no map-typed attributes.
 */
function attributePath(path: AttributePath): Message {
  return { steps: path.map((step) => (typeof step === 'number' ? { element_key_int: step } : { attribute_name: step })) };
}

function diagnostic(severity: number, summary: string, detail?: string, path?: AttributePath): Diagnostic {
  const d: Diagnostic = { severity, summary };
  if (detail) d.detail = detail;
  if (path && path.length > 0) d.attribute = attributePath(path);
  return d;
}

export const errorDiagnostic = (summary: string, detail?: string, path?: AttributePath) =>
  diagnostic(DIAGNOSTIC_SEVERITY.ERROR, summary, detail, path);

export const warningDiagnostic = (summary: string, detail?: string, path?: AttributePath) =>
  diagnostic(DIAGNOSTIC_SEVERITY.WARNING, summary, detail, path);

/**
 * The part of a resource attribute path Terraform can find in the source.
 * It walks nested blocks, but not into a nested attribute's value: there it
 * finds the attribute itself, or one element of a list (`working_hours[1]`).
 * The full path belongs in the diagnostic's text.
 */
function locatable(path: AttributePath): AttributePath {
  return typeof path[1] === 'number' ? path.slice(0, 2) : path.slice(0, 1);
}

/** "working_hours[1].close_hour" for messages. */
function formatPath(path: AttributePath): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

/** A problem with a resource attribute: the text names the full path, the location what Terraform can find. */
export function invalidAttribute(path: AttributePath, message: string, subject: string): Diagnostic {
  const where = path.length > 0 ? formatPath(path) : subject;
  return errorDiagnostic(`Invalid ${where}`, `${where}: ${message}`, locatable(path));
}

/** Diagnostics for an error thrown while serving an RPC. */
export function diagnosticsOf(err: unknown, summary: string): Diagnostic[] {
  if (err instanceof DiagnosticsError) return err.diagnostics;
  if (err instanceof UserError) return [errorDiagnostic(summary, err.message)];
  const message = err instanceof Error ? err.message : String(err);
  return [errorDiagnostic(`${summary} (deskform provider bug)`, message)];
}

/** Carries ready-made diagnostics up to the RPC boundary. */
export class DiagnosticsError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.summary).join('; '));
  }
}

export const hasErrors = (diagnostics: readonly Diagnostic[]) =>
  diagnostics.some((d) => d.severity === DIAGNOSTIC_SEVERITY.ERROR);
