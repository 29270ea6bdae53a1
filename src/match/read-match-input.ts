// One input line of `rasid match` (CONTRACT.md): a JSON object whose only required field is `id`.
// Every problem is phrased so the sender can fix that line.
import type { MatchInput } from '../types.ts';

export type MatchLine = { ok: true; input: MatchInput; id: string | number } | { ok: false; error: string };

const TEXT_FIELDS = ['title', 'content', 'url', 'lang'] as const;

export function readMatchInput(line: string): MatchLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'expected a JSON object like {"id": "1", "title": "...", "content": "..."}' };
  const obj = value as Record<string, unknown>;
  const id = obj.id;
  if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id)))
    return { ok: false, error: id === undefined || id === null ? 'missing "id"' : '"id" must be a string or a number' };
  for (const f of TEXT_FIELDS) {
    const v = obj[f];
    if (v !== undefined && v !== null && typeof v !== 'string') return { ok: false, error: `"${f}" must be a string or null` };
  }
  return {
    ok: true,
    id,
    input: {
      id: String(id),
      title: (obj.title as string | null | undefined) ?? null,
      content: (obj.content as string | null | undefined) ?? null,
      url: (obj.url as string | null | undefined) ?? null,
      lang: (obj.lang as string | null | undefined) ?? null,
    },
  };
}
