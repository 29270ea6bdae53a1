// Debian's Chromium, driven by playwright-core (browsers cannot be downloaded here): where it is,
// and the flags that keep it from reaching anything beyond loopback or the profile we give it.
import fs from 'node:fs';

export const CHROMIUM = process.env.RASID_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

export const hasChromium = fs.existsSync(CHROMIUM);
