#!/usr/bin/env node
// The `rasid` executable. The sources are TypeScript run through tsx, so `npx rasid` works right
// after `npm ci` with no build step to remember.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
