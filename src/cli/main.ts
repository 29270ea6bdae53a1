// Entry point of the `rasid` command: global flags, then one module per command.
import { Command } from 'commander';
import { commands } from './commands/index.ts';

const program = new Command('rasid')
  .description(
    'Rasid (راصد) watches news feeds in Arabic, French, English and Russian, matches every item\n' +
      'against your watchlists and mails a daily digest of new hits, each hit to each recipient once.',
  )
  .option('--db <file>', 'SQLite database file (env RASID_DB, default ./data/rasid.db)')
  .option('--feeds <file>', 'feeds file, YAML (env RASID_FEEDS, default ./feeds.yaml)')
  .option('--watchlists <dir>', 'folder of watchlist files, YAML (env RASID_WATCHLISTS, default ./watchlists)')
  .showHelpAfterError('(run `rasid --help` for the commands, `rasid <command> --help` for one)')
  .showSuggestionAfterError();

for (const load of commands) (await load()).register(program);

program.exitOverride((err) => {
  process.exit(err.exitCode === 0 ? 0 : 1);
});
await program.parseAsync(process.argv);
