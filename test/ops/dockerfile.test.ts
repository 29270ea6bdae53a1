// The Dockerfile's promises, checked on every test run (the full build-and-run check is slower:
// `npm run docker:check`, test/docker/check-image.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { useTempDir } from '../helpers/temp-dir.ts';

const tempDir = useTempDir('rasid-dockerfile-');
const RULES = path.join(REPO_ROOT, 'test/docker/dockerfile-rules.mjs');
const DOCKERFILE = path.join(REPO_ROOT, 'Dockerfile');

function rules(dockerfile: string, ignore = path.join(REPO_ROOT, '.dockerignore')) {
  return spawnSync(process.execPath, [RULES, dockerfile, ignore], { encoding: 'utf8' });
}

describe('Dockerfile', () => {
  it('passes the general linter (dockerfile-utils)', async () => {
    const out = execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/dockerfile-utils'), ['lint', DOCKERFILE], { encoding: 'utf8' });
    expect(out.trim()).toBe('');
  });

  it("passes every one of Rasid's Dockerfile rules", async () => {
    const res = rules(DOCKERFILE);
    expect(res.stdout).not.toContain('FAIL');
    expect(res.stdout).toMatch(/dockerfile rules: (\d+) passed, 0 failed/);
    expect(res.status).toBe(0);
  });

  it.each([
    ['a root runtime user', (d: string) => d.replace(/^USER node$/m, 'USER root'), 'the runtime user is not root'],
    ['no health check', (d: string) => d.replace(/^HEALTHCHECK[\s\S]*?\n(?=ENTRYPOINT)/m, ''), 'HEALTHCHECK runs `rasid status`'],
    ['dev dependencies kept', (d: string) => d.replace(/ \\\n && npm prune --omit=dev[^\n]*/, ''), 'production dependencies only'],
    ['no build step', (d: string) => d.replace('RUN npm run build \\\n && ', 'RUN '), 'the build stage compiles the sources'],
    ['the TypeScript sources in the image', (d: string) => d.replace('COPY --from=build /app/dist ./dist', 'COPY --from=build /app/src ./src'), 'the runtime stage takes the compiled dist/'],
    ['a shell-form entrypoint', (d: string) => d.replace(/^ENTRYPOINT .*$/m, 'ENTRYPOINT node bin/rasid.mjs'), 'ENTRYPOINT is'],
    ['a newer Node', (d: string) => d.replace(/node:20-bookworm-slim AS runtime/, 'node:22-bookworm-slim AS runtime'), 'every stage starts from node:20'],
    ['a baked-in SMTP secret', (d: string) => d.replace('NODE_ENV=production', 'NODE_ENV=production SMTP_URL=smtp://u:p@mail'), 'no secrets baked in'],
  ])('fails the rules with %s', (_name, mutate, rule) => {
    const file = path.join(tempDir(), 'Dockerfile');
    fs.writeFileSync(file, mutate(fs.readFileSync(DOCKERFILE, 'utf8')));
    const res = rules(file);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain(`FAIL ${rule}`);
  });
});
