// `rasid parse FILE` and `rasid parse --batch`: parse saved feed bytes exactly as the fetcher
// would, and print ParsedFeed JSON (../shared/CONTRACT.md). The batch mode answers one line per
// input line, in order; a file that is not a feed, or that breaks the parser, answers an error
// line and the batch goes on.
import fs from 'node:fs';
import type { Command } from 'commander';
import { RasidError } from '../../errors.ts';
import { parseFeed, type ParseFeedOptions } from '../../parse/parse-feed.ts';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';

interface ParseFlags {
  batch?: boolean;
  contentType?: string;
  url?: string;
  contentLocation?: string;
}

/** One batch line's answer. Never throws. */
export function answerBatchLine(line: string, lineNumber: number): Record<string, unknown> {
  let input: { file?: unknown; contentType?: unknown; url?: unknown; contentLocation?: unknown };
  try {
    input = JSON.parse(line) as typeof input;
  } catch {
    return { file: null, error: `line ${lineNumber} is not JSON; expected {"file": "...", "contentType": ..., "url": ...}` };
  }
  if (typeof input !== 'object' || input === null || typeof input.file !== 'string') {
    return { file: null, error: `line ${lineNumber} has no "file" string` };
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const file = input.file;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { file, error: `cannot read the file: ${(error as Error).message}` };
  }
  try {
    const parsed = parseFeed(bytes, { contentType: text(input.contentType), url: text(input.url), contentLocation: text(input.contentLocation) });
    return { file, ...parsed };
  } catch (error) {
    if (error instanceof RasidError) return { file, error: error.message };
    return { file, error: `the parser failed on this file: ${String((error as Error)?.message ?? error)}`, crashed: true };
  }
}

/** Reads stdin chunk by chunk and answers each complete line at once, waiting when stdout is full. */
async function runBatch(): Promise<void> {
  let lineNumber = 0;
  let pending = '';
  const answer = async (line: string) => {
    lineNumber++;
    if (!line.trim()) return;
    // A byte-order mark (files saved by Windows tools) is not part of the first line's JSON.
    const text = (lineNumber === 1 ? line.replace(/^\uFEFF/, '') : line).replace(/\r$/, '');
    const out = `${JSON.stringify(answerBatchLine(text, lineNumber))}\n`;
    if (!process.stdout.write(out)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) {
    pending += chunk as string;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      await answer(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  }
  await answer(pending);
}

function runOne(file: string, opts: ParseFeedOptions): number {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    process.stderr.write(`rasid parse: cannot read ${file}: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  try {
    process.stdout.write(`${JSON.stringify(parseFeed(bytes, opts), null, 2)}\n`);
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof RasidError)) throw error;
    process.stderr.write(`rasid parse: ${file}: ${error.message}\n`);
    return EXIT_FAILED;
  }
}

export function register(program: Command): void {
  program
    .command('parse')
    .description('parse saved feed bytes as the fetcher would and print the items as JSON')
    .argument('[file]', 'a saved feed (RSS, RDF or Atom, any encoding)')
    .option('--content-type <value>', 'the Content-Type header the bytes came with (its charset counts)')
    .option('--url <url>', 'the address the bytes came from (the base for relative links)')
    .option('--content-location <url>', 'the Content-Location header, when there was one')
    .option('--batch', 'read JSON Lines {"file", "contentType", "url"} on stdin, answer one line each')
    .addHelpText(
      'after',
      `
Output: {"feed": {"title", "link"}, "encoding", "items": [{"guid", "link", "title", "published",
"summary", "content"}], "warnings": [...]}. Titles are plain text; summary and content are
sanitised HTML (or plain text); "published" is ISO-8601 UTC or null; "warnings" lists what was
recovered from (bad XML, a wrong charset label, unreadable dates, oversized fields).

Exit status: 0 parsed; 2 not a feed (the reason on stderr); 1 the file cannot be read.
In --batch mode the exit status is 0 and a non-feed answers {"file", "error"}.

Examples:
  $ rasid parse saved/alwasat.xml --content-type 'text/xml; charset=ISO-8859-1' --url https://alwasat.ly/feed
  $ printf '%s\\n' '{"file":"a.xml","contentType":null,"url":null}' | rasid parse --batch`,
    )
    .action(async (file: string | undefined, flags: ParseFlags) => {
      if (flags.batch) {
        await runBatch();
        process.exitCode = EXIT_OK;
        return;
      }
      if (!file) {
        process.stderr.write('rasid parse: name a FILE, or use --batch (see rasid parse --help)\n');
        process.exitCode = EXIT_USAGE;
        return;
      }
      process.exitCode = runOne(file, { contentType: flags.contentType ?? null, url: flags.url ?? null, contentLocation: flags.contentLocation ?? null });
    });
}
