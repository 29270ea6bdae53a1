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
    fs.rmSync(out, { recursive: true, force: true });
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
      logLevel: quiet ? 'error' : 'warning',
      chunkNames: 'chunks/[name]-[hash]',
    });
    fs.writeFileSync(path.join(ROOT, STAMP), JSON.stringify({ sourcesMtimeMs, builtAt: new Date().toISOString() }));
    const files = Object.keys(result.metafile.outputs).length;
    if (!quiet) console.log(`rasid: built dist/ in ${Date.now() - started} ms (${files} files)`);
    return { files };
  });
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
