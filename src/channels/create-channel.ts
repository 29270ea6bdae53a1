// A configured channel → its implementation. The runtime (HTTP, secrets, clock) comes in, so tests
// point channels at loopback receivers and the address guard can wrap the HTTP function.
import type { Channel } from './channel-types.ts';
import type { ChannelConfig } from './channel-config.ts';
import type { ChannelRuntime } from './channel-sender.ts';
import { discordChannel } from './discord-channel.ts';
import { httpSend } from './http-send.ts';
import { matrixChannel } from './matrix-channel.ts';
import { ntfyChannel } from './ntfy-channel.ts';
import { processSecrets } from './secrets.ts';
import { slackChannel } from './slack-channel.ts';
import { teamsChannel } from './teams-channel.ts';
import { telegramChannel } from './telegram-channel.ts';
import { webhookChannel } from './webhook-channel.ts';

export function defaultRuntime(): ChannelRuntime {
  return { http: httpSend, secrets: processSecrets(), now: () => new Date() };
}

export function createChannel(config: ChannelConfig, runtime: ChannelRuntime = defaultRuntime()): Channel {
  const { target } = config;
  switch (target.type) {
    case 'webhook':
      return webhookChannel({ ...config, target }, runtime);
    case 'slack':
      return slackChannel({ ...config, target }, runtime);
    case 'teams':
      return teamsChannel({ ...config, target }, runtime);
    case 'discord':
      return discordChannel({ ...config, target }, runtime);
    case 'telegram':
      return telegramChannel({ ...config, target }, runtime);
    case 'ntfy':
      return ntfyChannel({ ...config, target }, runtime);
    case 'matrix':
      return matrixChannel({ ...config, target }, runtime);
  }
}
