// `rasid channels list|test|retry`: the chat and push channels of the recipients file, what the
// ledger says about each, a harmless test message sent now, and another chance for messages a
// service refused until they were given up. Secrets are named here, never shown.
import fs from 'node:fs';
import type { Command } from 'commander';
import type { ChannelConfig } from '../../channels/channel-config.ts';
import { testChannelMessage } from '../../channels/compose-channel-message.ts';
import { createChannel } from '../../channels/create-channel.ts';
import { loadConfig, type Config } from '../../config/load-config.ts';
import { ConfigError } from '../../errors.ts';
import type { ChannelSettings } from '../../pipeline/deliver-alerts.ts';
import { channelStandings, requeueFailedChannelMessages, type ChannelStanding } from '../../store/channel-ledger.ts';
import { isPostgresUrl, openStore } from '../../store/open-store.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { pathFlags, reportFailure, withRunContext } from '../run-context.ts';

/** The channel part of the configuration for a cycle; undefined without channels, so reports stay as they were. */
export function channelSettings(config: Pick<Config, 'channels' | 'publicUrl'>): ChannelSettings | undefined {
  return config.channels.length > 0 ? { channels: config.channels, publicUrl: config.publicUrl } : undefined;
}

function findChannel(config: Config, name: string): ChannelConfig {
  const found = config.channels.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const known = config.channels.map((c) => c.name).join(', ') || 'none: add `channels:` to a recipient or team in the recipients file';
    throw new ConfigError([`no channel named "${name}" in ${config.paths.recipients} (known: ${known})`]);
  }
  return found;
}

function describe(config: ChannelConfig, standing: ChannelStanding | undefined): string[] {
  const channel = createChannel(config);
  const summary = config.summary ? `, daily summary at ${String(config.summary.hour).padStart(2, '0')}:00 ${config.summary.timeZone} (from ${config.summary.minPriority})` : '';
  const lines = [
    `${config.name} (${config.target.type}) of ${config.owner}: ${channel.target}`,
    `    alerts from ${config.minPriority}, at most ${config.maxPerRun} per run and ${config.maxPerHour} per hour${summary}`,
  ];
  if (standing) {
    lines.push(`    ${standing.sent} sent${standing.lastSentAt ? ` (last ${standing.lastSentAt})` : ''}, ${standing.waiting} waiting, ${standing.failed} given up`);
    const w = standing.oldestWaiting;
    if (w) lines.push(`    waiting since ${w.createdAt}, ${w.attempts} attempt(s), next ${w.nextAttemptAt ?? 'at the next run'}: ${w.lastError ?? 'interrupted'}`);
  } else lines.push('    nothing sent yet');
  return lines;
}

function loadChannels(cmd: Command): Config {
  return loadConfig(pathFlags(cmd), process.env, { mail: true });
}

export function register(program: Command): void {
  const channels = program
    .command('channels')
    .description('chat and push channels (webhook, Slack, Teams, Discord, Telegram, ntfy, Matrix): list, test, retry')
    .option('--recipients <file>', 'recipients file, YAML (env RASID_RECIPIENTS, default ./recipients.yaml if it exists)')
    .addHelpText(
      'after',
      `
Channels are configured per recipient or per team in the recipients file; their secrets (webhook
URLs, tokens) are named there ({ env: VAR } or { file: PATH }) and read at send time. Alerts go out
with every \`rasid run\`, each hit once per channel.

Examples:
  $ rasid channels list
  $ rasid channels test desk-slack        # a harmless test message, the outcome in words
  $ rasid channels retry desk-slack       # messages the service refused go again at the next run`,
    );

  channels
    .command('list')
    .description('every channel, where it sends (secrets named, not shown) and what the ledger says')
    .option('--json', 'print the list as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      try {
        const config = loadChannels(cmd);
        const standings = new Map<string, ChannelStanding>();
        // Listing never creates a database.
        if (isPostgresUrl(config.paths.db) || fs.existsSync(config.paths.db)) {
          const store = await openStore(config.paths.db);
          try {
            for (const s of await channelStandings(store)) standings.set(s.channel, s);
          } finally {
            await store.close();
          }
        }
        if (opts.json) {
          const list = config.channels.map((c) => ({ name: c.name, type: c.target.type, owner: c.owner, target: createChannel(c).target, minPriority: c.minPriority, maxPerRun: c.maxPerRun, maxPerHour: c.maxPerHour, summary: c.summary, ledger: standings.get(c.name) ?? null }));
          process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        } else if (config.channels.length === 0) process.stdout.write(`No channels in ${config.paths.recipients}: add \`channels:\` to a recipient or a team (README: "Alerts in chat and push services").\n`);
        else process.stdout.write(`${config.channels.flatMap((c) => describe(c, standings.get(c.name))).join('\n')}\n`);
        process.exitCode = EXIT_OK;
      } catch (err) {
        process.exitCode = reportFailure(err);
      }
    });

  channels
    .command('test <name>')
    .description('send a harmless test message to one channel now and say what happened')
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      try {
        const config = findChannel(loadChannels(cmd), name);
        const channel = createChannel(config);
        const outcome = await channel.send(channel.render(testChannelMessage(config.name, new Date()), `rasid-test-${Date.now()}`));
        if (outcome.outcome === 'sent') {
          process.stdout.write(`sent a test message to ${config.name}: ${channel.target} answered ${outcome.status}\n`);
          process.exitCode = EXIT_OK;
          return;
        }
        const verdict = outcome.outcome === 'retry-later' ? 'try again later' : 'fix the channel and test again';
        process.stdout.write(`could not send a test message to ${config.name} (${channel.target}): ${outcome.reason} — ${verdict}\n`);
        process.exitCode = EXIT_FAILED;
      } catch (err) {
        process.exitCode = reportFailure(err);
      }
    });

  channels
    .command('retry <name>')
    .description('messages the service refused until they were given up: send them again at the next run')
    .action(async (name: string, _opts: unknown, cmd: Command) =>
      withRunContext(cmd, { mail: true }, async ({ config, store }) => {
        const channel = findChannel(config, name);
        const count = await requeueFailedChannelMessages(store, channel.name, new Date());
        process.stdout.write(
          count === 0
            ? `nothing to retry: no message to ${channel.name} was given up\n`
            : `${count} message(s) to ${channel.name} will be sent again, with the same content and key, at the next run\n`,
        );
        return EXIT_OK;
      }),
    );
}
