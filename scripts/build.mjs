// Compiles src/ into dist/ with esbuild: one ESM bundle per entry point, chunks shared between
// commands, dependencies left as imports. The `rasid` command then starts without a TypeScript
// compiler in the process. Runs from `npm install` / `npm ci` (the `prepare` script), `npm run build`,
// the test suite's setup, and the launcher when the sources changed since the last build.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAMP, newestSourceMtime } from './build-state.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOCK = path.join(ROOT, '.build.lock');
const LOCK_STALE_MS = 120_000;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One build at a time per checkout: parallel test workers or two terminals must not interleave writes to dist/. */
async function withLock(work) {
  for (;;) {
    try {
      fs.writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = Date.now() - fs.statSync(LOCK).mtimeMs;
      } catch {
        continue;
      }
      if (age > LOCK_STALE_MS) fs.rmSync(LOCK, { force: true });
      else await sleep(50);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(LOCK, { force: true });
  }
}

/** Builds dist/ from src/; returns what was written. `quiet` keeps the launcher's rebuild silent. */
export async function buildDist({ quiet = false } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed (a production-only install?): run `npm install` in the Rasid folder to build dist/');
  }
  return withLock(async () => {
    const started = Date.now();
    const sourcesMtimeMs = newestSourceMtime(ROOT);
    const out = path.join(ROOT, 'dist');
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { 'cli/main': 'src/cli/main.ts' },
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      write: false,
      logLevel: quiet ? 'error' : 'warning',
      chunkNames: 'chunks/[name]-[hash]',
    });
    // Each file is written beside its place and renamed into it, so a `rasid` starting meanwhile
    // reads the old build or the new one, never half a file. Chunks carry a content hash, so the
    // old ones stay readable for processes that loaded the old entry; they are removed later.
    const written = new Set();
    for (const file of result.outputFiles) {
      fs.mkdirSync(path.dirname(file.path), { recursive: true });
      const tmp = `${file.path}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, file.contents);
      fs.renameSync(tmp, file.path);
      written.add(file.path);
    }
    removeStale(out, written);
    fs.writeFileSync(path.join(ROOT, STAMP), JSON.stringify({ sourcesMtimeMs, builtAt: new Date().toISOString() }));
    if (!quiet) console.log(`rasid: built dist/ in ${Date.now() - started} ms (${written.size} files)`);
    return { files: written.size };
  });
}

/** Files of older builds, left for processes that may still load them, go once they are an hour old. */
function removeStale(dir, keep) {
  const hourAgo = Date.now() - 3_600_000;
  const visit = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (!keep.has(full) && entry.name !== path.basename(STAMP) && fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full, { force: true });
    }
  };
  if (fs.existsSync(dir)) visit(dir);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (!fs.existsSync(path.join(ROOT, 'src', 'cli', 'main.ts'))) {
    // The Docker build installs dependencies before it copies the sources, then builds explicitly.
    console.log('rasid: no sources here yet, nothing to build');
  } else {
    try {
      await buildDist();
    } catch (err) {
      console.error(`rasid: ${err.message}`);
      process.exit(1);
    }
  }
}
