// Rasid refuses private networks by default, loopback included (README, "Private networks"), and
// every test server lives on 127.0.0.1. A test that fetches from one opts in through these, so the
// opt-in is explicit, in one place, and admits exactly that address.
import type { FetchLimits } from '../../src/fetch/limits.ts';

export const LOOPBACK_NETWORK = '127.0.0.1/32';

/** For fetchLimits(), fetchFeeds() and runCycle(). */
export const loopbackLimits: Pick<FetchLimits, 'allowNetworks'> = { allowNetworks: [LOOPBACK_NETWORK] };

/** Feeds-file lines that go under `defaults:`. */
export const loopbackFetchDefaults = ['  fetch:', `    allowNetworks: [${LOOPBACK_NETWORK}]`];

/** For the CLI in a child process, when the test does not write the feeds file itself. */
export const loopbackEnv = { RASID_ALLOW_NETWORKS: LOOPBACK_NETWORK };
