// Builds dist/ once before the suite, so every test that spawns the real `rasid` runs the current
// sources (the launcher would rebuild a stale build too, but parallel test files would wait on it).
import { buildDist } from '../scripts/build.mjs';

export default async function setup(): Promise<void> {
  await buildDist({ quiet: true });
}
