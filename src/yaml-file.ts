// Reads a YAML config file and validates it with a zod schema, turning every problem into
// "file:line:column: message — what to do", so a typo points at its own line.
import fs from 'node:fs';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';

export interface FileProblem {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
  hint: string;
}

export function formatProblem(p: FileProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}${p.column === null ? '' : `:${p.column}`}`;
  return `${where}: ${p.message}${p.hint ? ` — ${p.hint}` : ''}`;
}

/** Line and column of the node at a schema path, or of the nearest ancestor that exists. */
export function locate(doc: Document, counter: LineCounter, pathKeys: readonly PropertyKey[]): { line: number; column: number } | null {
  for (let n = pathKeys.length; n >= 0; n--) {
    const node = doc.getIn(pathKeys.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return null;
}

/** YAML text → a document with line positions, or its syntax errors as problems with file:line. */
export function parseYamlDocument(
  text: string,
  file: string,
): { ok: true; doc: Document; counter: LineCounter } | { ok: false; problems: FileProblem[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length === 0) return { ok: true, doc, counter };
  return {
    ok: false,
    problems: doc.errors.map((e) => {
      const pos = counter.linePos(e.pos[0]);
      return {
        file,
        line: pos.line,
        column: pos.col,
        message: `not valid YAML: ${e.message.split('\n')[0]}`,
        hint: 'check the indentation and quoting on this line (text with ": ", "#", "{" or "[" needs quotes)',
      };
    }),
  };
}

export type YamlResult<T> = { ok: true; value: T; doc: Document } | { ok: false; problems: FileProblem[] };

/**
 * A file's own words for a schema issue: the message and what to do; null keeps the schema
 * library's words; false drops an issue another one already explains (a key missing because it is
 * misspelt, which the unknown key's did-you-mean names).
 */
export type DescribeIssue = (issue: z.core.$ZodIssue, value: unknown, root: unknown) => { message: string; hint: string } | null | false;

/** Where a mapping key itself is written (an unknown key is shown on its own line, not its value's). */
function locateKey(doc: Document, counter: LineCounter, parent: readonly PropertyKey[], key: string): { line: number; column: number } | null {
  const node = parent.length === 0 ? doc.contents : doc.getIn(parent as unknown[], true);
  const pair = (node as { items?: Array<{ key: unknown }> } | null)?.items?.find((p) => isNode(p.key) && (p.key as { value?: unknown }).value === key);
  if (pair && isNode(pair.key) && pair.key.range) {
    const pos = counter.linePos(pair.key.range[0]);
    return { line: pos.line, column: pos.col };
  }
  return locate(doc, counter, [...parent, key]);
}

/** The value at a schema path of the parsed document. */
export function valueAt(root: unknown, at: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of at) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

export function parseYamlText<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  hintFor: (issue: z.core.$ZodIssue) => string = () => '',
  describe?: DescribeIssue,
): YamlResult<z.infer<S>> {
  const read = parseYamlDocument(text, file);
  if (!read.ok) return read;
  const { doc, counter } = read;
  const root: unknown = doc.toJS();
  const parsed = schema.safeParse(root);
  if (parsed.success) return { ok: true, value: parsed.data, doc };
  // One problem per unknown key, each on its own line, as the watchlist validator reports them.
  const issues = parsed.error.issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => ({ ...issue, keys: [key] })) : [issue],
  );
  return {
    ok: false,
    problems: issues.flatMap((issue) => {
      const own = describe?.(issue, valueAt(root, issue.path), root);
      if (own === false) return [];
      const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0]! : null;
      const pos = unknownKey !== null ? locateKey(doc, counter, issue.path, unknownKey) : locate(doc, counter, issue.path);
      const labelPath = unknownKey !== null ? [...issue.path, unknownKey] : issue.path;
      const at = labelPath.length > 0 ? `${labelPath.join('.')}: ` : '';
      const message = own ? own.message : issue.message;
      const hint = own ? own.hint : hintFor(issue);
      return [{ file, line: pos?.line ?? null, column: pos?.column ?? null, message: `${at}${message}`, hint }];
    }),
  };
}

export function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  hintFor?: (issue: z.core.$ZodIssue) => string,
): YamlResult<z.infer<S>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      problems: [
        {
          file,
          line: null,
          column: null,
          message: code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`,
          hint: code === 'ENOENT' ? 'create it, or point the matching flag / environment variable at the right file' : 'check its permissions',
        },
      ],
    };
  }
  return parseYamlText(text, file, schema, hintFor);
}

/** Writes a config file edited from the command line: a reader never sees it half written. */
export function replaceFileAtomically(file: string, text: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
