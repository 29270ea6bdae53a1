// Every command the CLI knows. Each module exports `register(program)`; add one line per command.
import type { Command } from 'commander';

type Register = (program: Command) => void;

export const commands: Array<() => Promise<{ register: Register }>> = [
  () => import('./run.ts'),
  () => import('./demo.ts'),
  () => import('./status.ts'),
  () => import('./prune.ts'),
  () => import('./daemon.ts'),
  () => import('./feeds.ts'),
  () => import('./parse.ts'),
  () => import('./match.ts'),
  () => import('./digest.ts'),
  () => import('./hits.ts'),
  () => import('./watchlist.ts'),
  () => import('./channels.ts'),
  () => import('./export-feed.ts'),
];
