// Spellings of an alias that the watchlist does not list but the press writes, generated when the
// watchlist is compiled: name particles joined or split (عبد المجيد / عبدالمجيد, Abdel Majid /
// Abdelmajid, Yunus-Bek / Yunusbek), a French elision written out (base aérienne d'Agadez / de
// Agadez), and the name in the other scripts (transliterate.ts). Each variant says how it was made,
// for `why` and for `rasid watchlist show ID --variants`.
import { tokenize } from '../normalize/tokenize.ts';
import { transliteratePhrase, type Script } from './transliterate.ts';

export type VariantKind = 'joined' | 'split' | 'elision' | 'transliterated';

export interface AliasVariant {
  /** The variant's folded words. */
  words: string[];
  kind: VariantKind;
  /** For a transliteration: the script it is written in. */
  script: Script | null;
}

/** Name particles that are written both joined to the next word and apart from it (folded). */
const PARTICLES = ['abdel', 'abdul', 'abdoul', 'abdal', 'abd', 'abou', 'abu', 'ould', 'ben', 'bin', 'ibn', 'عبد', 'ابو', 'ابن', 'بن', 'абдель', 'абдул', 'абд', 'абу', 'ибн', 'бен'];
/** A particle is split off only when this many letters follow it, so "Benin" does not become "ben in". */
const MIN_REST = 4;

function joinedVariants(words: string[], text: string): AliasVariant[] {
  const out: AliasVariant[] = [];
  const hyphenated = text.split(/\s+/).filter((w) => /\p{L}[-‐‑–]\p{L}/u.test(w)).map((w) => tokenize(w).words.join(''));
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = words[i]! + words[i + 1]!;
    if (PARTICLES.includes(words[i]!) || hyphenated.includes(pair)) out.push({ words: [...words.slice(0, i), pair, ...words.slice(i + 2)], kind: 'joined', script: null });
  }
  return out;
}

function splitVariants(words: string[]): AliasVariant[] {
  const out: AliasVariant[] = [];
  words.forEach((w, i) => {
    const particle = PARTICLES.find((p) => w.startsWith(p) && w.length - p.length >= MIN_REST);
    if (particle) out.push({ words: [...words.slice(0, i), particle, w.slice(particle.length), ...words.slice(i + 1)], kind: 'split', script: null });
  });
  return out;
}

/** "d'Agadez" is also written "de Agadez", "l'Africa Corps" "le Africa Corps". */
function elisionVariants(text: string): AliasVariant[] {
  if (!/(^|[\s(])[dl]['’]\p{L}/iu.test(text)) return [];
  return [
    text.replace(/(^|[\s(])d['’](?=\p{L})/giu, '$1de ').replace(/(^|[\s(])l['’](?=\p{L})/giu, '$1le '),
    text.replace(/(^|[\s(])d['’](?=\p{L})/giu, '$1de ').replace(/(^|[\s(])l['’](?=\p{L})/giu, '$1la '),
  ].map((t) => ({ words: tokenize(t).words, kind: 'elision' as const, script: null }));
}

/** Every variant of one alias, without duplicates and without the alias itself. */
export function aliasVariants(text: string, transliterate: boolean, perScript = 4): AliasVariant[] {
  const words = tokenize(text).words;
  if (words.length === 0) return [];
  const all = [...joinedVariants(words, text), ...splitVariants(words), ...elisionVariants(text)];
  if (transliterate) for (const t of transliteratePhrase(words, perScript)) all.push({ words: t.words, kind: 'transliterated', script: t.script });
  const seen = new Set([words.join(' ')]);
  return all.filter((v) => {
    const key = v.words.join(' ');
    if (seen.has(key) || v.words.length === 0) return false;
    seen.add(key);
    return true;
  });
}
