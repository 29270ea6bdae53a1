// Where Rasid's own files are (migrations, bundled samples, seeded watchlists), from the running
// code: the same answer from the sources (src/…) and from the compiled build (dist/…), which sit at
// different depths below the package folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rasid') return dir;
      } catch {
        // A damaged package.json of something else: keep looking upwards.
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find Rasid's package folder above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

/** A path inside the package folder. */
export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
