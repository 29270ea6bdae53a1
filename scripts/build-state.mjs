// Whether dist/ is older than the sources it was built from. Cheap (a stat per source file), so the
// `rasid` launcher can ask on every start in a checkout; the build itself is in build.mjs.
import fs from 'node:fs';
import path from 'node:path';

export const SOURCE_DIRS = ['src', 'schema'];
export const STAMP = path.join('dist', '.build-stamp.json');

/** Newest modification time (ms) of the files the build reads, or 0 when there are none. */
export function newestSourceMtime(root) {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.(ts|mts|mjs|js|json)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) visit(path.join(root, dir));
  for (const file of ['package.json', 'tsconfig.json']) {
    try {
      newest = Math.max(newest, fs.statSync(path.join(root, file)).mtimeMs);
    } catch {
      // Absent in a trimmed install: nothing to compare.
    }
  }
  return newest;
}

/** `fresh`, `stale` (sources newer than the build), `missing` (no build), or `no-sources` (an installed copy). */
export function buildState(root) {
  const hasSources = fs.existsSync(path.join(root, 'src', 'cli', 'main.ts'));
  const stampFile = path.join(root, STAMP);
  if (!fs.existsSync(stampFile)) return hasSources ? 'missing' : fs.existsSync(path.join(root, 'dist')) ? 'no-sources' : 'missing';
  if (!hasSources) return 'no-sources';
  try {
    const stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
    return newestSourceMtime(root) > stamp.sourcesMtimeMs ? 'stale' : 'fresh';
  } catch {
    return 'stale';
  }
}
