/**
 * Terraform templates in a synthesized stack's string values, resolved
 * without Terraform: `${deskform_portal.handbook.slug}` becomes the value the
 * stack gives that attribute, `${var.name}` the variable's value. Anything
 * only Terraform can evaluate (functions, data sources, computed ids) is a
 * problem naming the expression, never a guess.
 */
import type { SourceNode } from '../config/source-tree.js';
import type { PosMessage } from '../config/yaml-source.js';

export type Lookup = { value: unknown } | { problem: string };

export interface TemplateScope {
  /** A configured attribute of a resource, by address (`deskform_portal.handbook`) and attribute path. */
  attribute(address: string, path: readonly string[]): Lookup;
  variable(name: string): Lookup;
}

type Part = { text: string } | { expr: string };

const TRAVERSAL = /^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*)+)$/;
const VARIABLE = /^var\.([A-Za-z_][\w-]*)$/;

/** `value` with every template resolved; problems are reported at the string holding them. */
export function resolveTemplates(value: unknown, node: SourceNode, scope: TemplateScope, problems: PosMessage[]): unknown {
  if (typeof value === 'string') return resolveString(value, node, scope, problems);
  if (Array.isArray(value)) return value.map((item, i) => resolveTemplates(item, node.children?.get(i) ?? node, scope, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, resolveTemplates(v, node.children?.get(k) ?? node, scope, problems)]),
    );
  }
  return value;
}

function resolveString(text: string, node: SourceNode, scope: TemplateScope, problems: PosMessage[]): unknown {
  const parts = parseTemplate(text);
  if (typeof parts === 'string') {
    problems.push({ pos: node.pos, message: parts });
    return text;
  }
  const values: unknown[] = [];
  for (const part of parts) {
    if ('text' in part) {
      values.push(part.text);
      continue;
    }
    const found = evaluate(part.expr, scope);
    if ('problem' in found) {
      problems.push({ pos: node.pos, message: found.problem });
      return text;
    }
    values.push(found.value);
  }
  // A lone expression keeps its value's type (a number, a list); text around one makes a string.
  if (parts.length === 1 && 'expr' in parts[0]!) return values[0];
  if (values.some((v) => v !== null && typeof v === 'object')) {
    problems.push({ pos: node.pos, message: 'a list or object reference cannot be inserted into text' });
    return text;
  }
  return values.map((v) => String(v)).join('');
}

/** Literal text and `${…}` expressions, honouring the `$${` and `%%{` escapes; a message when the template is not supported. */
function parseTemplate(text: string): Part[] | string {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i) || text.startsWith('%%{', i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      const expr = end < 0 ? '' : text.slice(i + 2, end).trim();
      if (end < 0 || expr.includes('{')) return `unsupported template expression: deskform resolves only references such as \${deskform_portal.name.slug} and \${var.name}`;
      if (literal) parts.push({ text: literal });
      literal = '';
      parts.push({ expr });
      i = end + 1;
    } else if (text.startsWith('%{', i)) {
      return 'template directives (%{…}) need Terraform; deskform cannot evaluate them';
    } else {
      literal += text[i];
      i += 1;
    }
  }
  if (literal || parts.length === 0) parts.push({ text: literal });
  return parts;
}

function evaluate(expr: string, scope: TemplateScope): Lookup {
  const variable = VARIABLE.exec(expr);
  if (variable) return scope.variable(variable[1]!);
  const traversal = TRAVERSAL.exec(expr);
  if (traversal && traversal[1] !== 'data' && traversal[1] !== 'local' && traversal[1] !== 'module') {
    return scope.attribute(`${traversal[1]}.${traversal[2]}`, traversal[3]!.slice(1).split('.'));
  }
  return { problem: `\${${expr}} needs Terraform to evaluate; deskform resolves only references to attributes set on deskform_* resources and \${var.name}` };
}
