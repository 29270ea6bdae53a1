// `rasid match`: JSON Lines in, JSON Lines out, one answer per input line in the same order
// (CONTRACT.md). Input is streamed, so a large stdin never sits in memory; a bad line is answered
// with {"line": N, "error": …}, reported on stderr, and makes the exit status 1 at the end.
import readline from 'node:readline';
import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { matchArticle } from '../../match/match-article.ts';
import { readMatchInput } from '../../match/read-match-input.ts';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import { pathFlags, reportFailure } from '../report-failure.ts';

/** Output is written in chunks of about this many characters (fewer syscalls than one per line). */
const CHUNK = 64 * 1024;

async function write(out: NodeJS.WritableStream, text: string): Promise<void> {
  if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', resolve));
}

export async function runMatch(
  cmd: Command,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; errors: NodeJS.WritableStream },
): Promise<number> {
  const { watchlists } = loadConfig(pathFlags(cmd), process.env, { watchlists: true });
  const lines = readline.createInterface({ input: io.input, crlfDelay: Infinity });
  let lineNo = 0;
  let bad = 0;
  let pending = '';
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    // Files saved by Windows tools often start with a byte-order mark; it is not part of the JSON.
    const read = readMatchInput(lineNo === 1 ? line.replace(/^\uFEFF/, '') : line);
    if (read.ok) {
      // Hit has exactly the fields of CONTRACT.md's output, in that order: written as it is.
      pending += `${JSON.stringify({ id: read.id, hits: matchArticle(watchlists, read.input) })}\n`;
    } else {
      bad++;
      io.errors.write(`rasid match: line ${lineNo}: ${read.error}\n`);
      pending += `${JSON.stringify({ line: lineNo, error: read.error })}\n`;
    }
    if (pending.length >= CHUNK) {
      await write(io.output, pending);
      pending = '';
    }
  }
  if (pending) await write(io.output, pending);
  if (bad > 0) io.errors.write(`rasid match: ${bad} of ${lineNo} line(s) were not valid input (answered with {"line", "error"})\n`);
  return bad > 0 ? EXIT_USAGE : EXIT_OK;
}

export function register(program: Command): void {
  program
    .command('match')
    .description('match articles given as JSON Lines on stdin against the watchlists; JSON Lines on stdout')
    .addHelpText(
      'after',
      `
Input, one JSON object per line (only "id" is required; "content" may be HTML):
  {"id": "a1", "title": "...", "content": "...", "url": "...", "lang": "ar"}
Output, one line per input line, in the same order:
  {"id": "a1", "hits": [{"entry": "mody", "terms": ["ساليفو مودي"], "snippet": "...", "priority": "high", "why": ["..."]}]}
A line that is not valid input is answered with {"line": N, "error": "..."} and reported on stderr;
the other lines are still answered, and the exit status is 1.

Examples:
  $ echo '{"id":"1","title":"Gen. Salifou Mody lands in Benghazi"}' | rasid match
  $ rasid match --watchlists ./my-watchlists < articles.jsonl > hits.jsonl
  $ rasid match < articles.jsonl | jq -c 'select(.hits | length > 0)'`,
    )
    .action(async (_opts, cmd: Command) => {
      try {
        process.exitCode = await runMatch(cmd, { input: process.stdin, output: process.stdout, errors: process.stderr });
      } catch (err) {
        process.exitCode = reportFailure(err);
      }
    });
}
