// Entry point of the `rasid` command: global flags, then one module per command.
import { Command } from 'commander';
import { registerCommands } from './commands/index.ts';

const program = new Command('rasid')
  .description(
    'Rasid (راصد) watches news feeds in Arabic, French, English and Russian, matches every item ' +
      'against your watchlists and mails a daily digest of new hits, each hit to each recipient once.',
  )
  .option('--db <file>', 'SQLite database file (env RASID_DB, default ./data/rasid.db)')
  .option('--feeds <file>', 'feeds file, YAML (env RASID_FEEDS, default ./feeds.yaml)')
  .option('--watchlists <dir>', 'folder of watchlist files, YAML (env RASID_WATCHLISTS, default ./watchlists)')
  .addHelpText(
    'after',
    `
Getting started:
  $ rasid demo                          # the whole pipeline once on bundled sample feeds, offline
  $ rasid watchlist test --text "Salifou Mody arrive à Benghazi"   # what would match, and why
  $ RASID_DIGEST_TO=you@example.org rasid run                       # one real cycle; digests to ./outbox

Configuration comes from the environment (RASID_DB, RASID_FEEDS, RASID_WATCHLISTS, SMTP_URL,
RASID_MAIL_FROM, RASID_DIGEST_TO, RASID_OUTBOX, RASID_RECIPIENTS); the flags above override them.
Exit status: 0 done, 1 bad usage or configuration, 2 the work failed (see each command's --help).`,
  )
  .showHelpAfterError('(run `rasid --help` for the commands, `rasid <command> --help` for one)')
  .showSuggestionAfterError();

// `rasid hits | head` closes the pipe before the output ends: the reader has what it wanted, so the
// command ends quietly with its status instead of an EPIPE stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

await registerCommands(program, process.argv.slice(2));

program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 1);
});
await program.parseAsync(process.argv);
