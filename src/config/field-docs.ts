/**
 * Help for a config field or kind, written once beside its zod schema. The
 * JSON Schema carries all of it to editors (yaml-language-server shows the
 * title and the markdown); the Terraform provider schema reads the plain
 * `description` from the same metadata.
 */
import * as z from 'zod';

/** A completion that inserts a whole value; strings may hold `${1:placeholder}` tab stops, and a literal `$` is written `\\$`. */
export interface Snippet {
  label: string;
  description?: string;
  body: unknown;
}

// A type, not an interface: zod's `.meta()` takes an index signature.
export type Doc = {
  title: string;
  description: string;
  markdownDescription: string;
  defaultSnippets?: Snippet[];
};

/** Markdown as plain text, for hovers and Terraform docs that do not render it. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1');
}

/** Metadata for `.meta()`: put it on the outermost schema of the field (after `.optional()`), where every reader finds it. */
export function doc(title: string, markdown: string, snippets?: Snippet[]): Doc {
  return {
    title,
    description: plainText(markdown),
    markdownDescription: markdown,
    ...(snippets ? { defaultSnippets: snippets } : {}),
  };
}

/** The descriptions of an enum's values in its order, as yaml-language-server reads them beside `enum`. */
export function enumDocs(values: readonly string[], markdownOf: (value: string) => string): Record<string, string[]> {
  const markdown = values.map(markdownOf);
  return { enumDescriptions: markdown.map(plainText), markdownEnumDescriptions: markdown };
}

/** A string enum whose values are the keys of `values`, each described by its markdown. */
export function documentedEnum<const K extends string>(values: Record<K, string>) {
  const keys = Object.keys(values) as [K, ...K[]];
  return z.enum(keys).meta(enumDocs(keys, (k) => values[k as K]));
}
