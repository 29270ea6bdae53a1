#!/usr/bin/env node
// The `rasid` executable. It runs the compiled build in dist/, which `npm install` / `npm ci` make
// (the `prepare` script). In a checkout whose sources changed since that build, it rebuilds first
// (esbuild, well under a second), so `npx rasid` always runs what src/ says.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildState } from '../scripts/build-state.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const state = buildState(root);
if (state === 'stale' || state === 'missing') {
  try {
    const { buildDist } = await import('../scripts/build.mjs');
    await buildDist({ quiet: true });
  } catch (err) {
    if (state === 'missing') {
      process.stderr.write(`rasid: no build in dist/ and it cannot be made: ${err.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`rasid: the sources changed since dist/ was built, and it cannot be rebuilt (${err.message}); running the older build\n`);
  }
}
await import(pathToFileURL(path.join(root, 'dist', 'cli', 'main.js')).href);
