// `npm run conformance`: the feedparser conformance corpus through `rasid parse --batch`, scored
// by ../shared/tools/conformance-score.mjs. Prints the scorer's per-kind table and overall share.
// The list the scorer builds carries Content-Type and the request URL; where the corpus served a
// file with a Content-Location header too, we pass it along, as the fetcher does.
// usage: node test/bench/conformance.mjs [CORPUS_DIR] [--out RESULTS.jsonl]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? args[outIndex + 1] : path.join(os.tmpdir(), `rasid-conformance-${process.pid}.jsonl`);
const corpus = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== outIndex + 1) ?? path.join(repo, '../shared/corpora/feedparser'));
const scorer = path.resolve(repo, '../shared/tools/conformance-score.mjs');
for (const [what, where] of [['corpus', corpus], ['scorer', scorer]]) {
  if (!fs.existsSync(where)) {
    console.error(`conformance: the ${what} is not at ${where} (it is expected beside the repository, in ../shared)`);
    process.exit(1);
  }
}

// The scorer ends with process.exit(), which drops whatever a pipe has not taken yet (~64 KB), so
// its list goes to a file, where writes are synchronous.
const listFile = `${out}.list`;
const fd = fs.openSync(listFile, 'w');
execFileSync(process.execPath, [scorer, corpus, '--list'], { stdio: ['ignore', fd, 'inherit'] });
fs.closeSync(fd);
const list = fs.readFileSync(listFile, 'utf8');
const expectations = JSON.parse(fs.readFileSync(path.join(corpus, 'expectations.json'), 'utf8'));
const location = new Map();
for (const e of expectations) {
  const value = e.http_headers?.['Content-Location'] ?? e.http_headers?.['Content-location'];
  if (value) location.set(path.join(corpus, e.file), value);
}
const input = list
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const entry = JSON.parse(line);
    const contentLocation = location.get(entry.file);
    return JSON.stringify(contentLocation ? { ...entry, contentLocation } : entry);
  })
  .join('\n');

const started = process.hrtime.bigint();
const results = execFileSync(process.execPath, [path.join(repo, 'bin/rasid.mjs'), 'parse', '--batch'], {
  input: `${input}\n`,
  encoding: 'utf8',
  maxBuffer: 1 << 28,
});
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
fs.writeFileSync(out, results);
const report = execFileSync(process.execPath, [scorer, corpus, out], { encoding: 'utf8' });
process.stdout.write(report);
const answered = results.split('\n').filter(Boolean).length;
console.log(`parsed ${answered} files in ${seconds.toFixed(2)} s (one rasid parse --batch process); answers in ${out}`);
