// Rasid's own Dockerfile rules, run by check-image.sh after the general linter (dockerfile-utils).
// hadolint is neither on npm nor in Debian, so the practices it would check and the promises this
// project makes about its image are written down here, one rule per line of the report:
//   node dockerfile-rules.mjs Dockerfile .dockerignore [--plan plan.json]
// With --plan it also writes what check-image.sh needs to repeat the build (COPY sources, ENV, ...).
import fs from 'node:fs';
import path from 'node:path';

const [dockerfile, dockerignore, flag, planFile] = process.argv.slice(2);
if (!dockerfile || !dockerignore || (flag && flag !== '--plan')) {
  console.error('usage: node dockerfile-rules.mjs Dockerfile .dockerignore [--plan FILE]');
  process.exit(64);
}
const root = path.dirname(path.resolve(dockerfile));

/** Instructions with continuation lines joined and comments dropped: { line, op, args }. */
function parse(text) {
  const out = [];
  let buffer = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!buffer && (line === '' || line.startsWith('#'))) return;
    if (buffer && line.startsWith('#')) return;
    if (!buffer) start = i + 1;
    buffer += `${line.replace(/\\$/, '').trim()} `;
    if (!line.endsWith('\\')) {
      const [op, ...rest] = buffer.trim().split(/\s+/);
      out.push({ line: start, op: op.toUpperCase(), args: rest.join(' ') });
      buffer = '';
    }
  });
  return out;
}

const instructions = parse(fs.readFileSync(dockerfile, 'utf8'));
const stages = [];
for (const ins of instructions) {
  if (ins.op === 'FROM') stages.push({ from: ins, body: [] });
  else stages.at(-1)?.body.push(ins);
}
const last = stages.at(-1);
const build = stages[0];
const all = (op) => instructions.filter((i) => i.op === op);
const inLast = (op) => (last ? last.body.filter((i) => i.op === op) : []);
const execForm = (args) => {
  try {
    const v = JSON.parse(args);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
};
const ignored = fs
  .readFileSync(dockerignore, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const buildCopies = (build?.body ?? [])
  .filter((i) => i.op === 'COPY' && !i.args.includes('--from'))
  .flatMap((i) => i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1));
const envOf = (stage) => {
  const out = {};
  for (const ins of (stage?.body ?? []).filter((i) => i.op === 'ENV'))
    for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) out[m[1]] = m[2].replace(/^"|"$/g, '');
  return out;
};
const env = envOf(last);
// The build stage in order: COPY (sources, destination) and RUN steps, apt-get aside (check-image.sh
// checks those tools instead), so check-image.sh can repeat them in the same order.
const buildSteps = (build?.body ?? [])
  .filter((i) => (i.op === 'RUN' && !/apt-get/.test(i.args)) || (i.op === 'COPY' && !i.args.includes('--from')))
  .map((i) => {
    if (i.op === 'RUN') return { run: i.args };
    const parts = i.args.split(/\s+/).filter((a) => !a.startsWith('--'));
    return { copy: parts.slice(0, -1), to: parts.at(-1) };
  });
const buildRuns = buildSteps.filter((s) => s.run).map((s) => s.run);
// What the runtime stage takes from the build stage: [{ from: '/app/dist', to: './dist' }].
const runtimeCopies = inLast('COPY')
  .filter((c) => c.args.includes('--from=build'))
  .map((c) => {
    const parts = c.args.split(/\s+/).filter((a) => !a.startsWith('--'));
    return { from: parts[0], to: parts.at(-1) };
  });
const fromImages = stages.map((s) => s.from.args.split(/\s+/)[0]);
const user = inLast('USER').at(-1)?.args ?? 'root';
const healthcheck = inLast('HEALTHCHECK').at(-1);
const healthCmd = healthcheck ? execForm(healthcheck.args.slice(healthcheck.args.indexOf('CMD') + 3).trim()) : null;

const rules = [
  ['multi-stage: a build stage and a runtime stage', stages.length >= 2],
  ['every stage starts from node:20-bookworm-slim (the Node major the project supports)', fromImages.every((f) => f === 'node:20-bookworm-slim')],
  ['no image is taken as "latest" or untagged', fromImages.every((f) => f.includes(':') && !f.endsWith(':latest'))],
  ['apt-get install uses --no-install-recommends', all('RUN').filter((r) => /apt-get install/.test(r.args)).every((r) => r.args.includes('--no-install-recommends'))],
  ['apt lists are removed in the same RUN as apt-get update', all('RUN').filter((r) => /apt-get update/.test(r.args)).every((r) => r.args.includes('rm -rf /var/lib/apt/lists'))],
  ['the compiler toolchain is installed in the build stage only', !(last?.body ?? []).some((i) => i.op === 'RUN' && /g\+\+|python3|make/.test(i.args))],
  ['the build stage compiles the sources (npm run build)', buildRuns.some((r) => /npm run build\b/.test(r))],
  ['production dependencies only: npm prune --omit=dev after the build (or npm ci --omit=dev)', buildRuns.some((r) => /npm run build\b[\s\S]*npm prune\b[^&|;]*--omit=dev/.test(r)) || buildRuns.some((r) => /npm ci\b[^&|;]*--omit=dev/.test(r))],
  ['the runtime stage takes the compiled dist/, never the TypeScript sources (src/ only for its sample data)', runtimeCopies.some((c) => c.from === '/app/dist') && runtimeCopies.every((c) => !/^\/app\/src\/?$/.test(c.from) && !/^\/app\/?$/.test(c.from) && (!c.from.startsWith('/app/src/') || c.from.startsWith('/app/src/demo/samples')))],
  ['package.json and package-lock.json are copied before the sources (dependency layer cached)', (() => {
    const copies = (build?.body ?? []).filter((i) => i.op === 'COPY');
    const lock = copies.findIndex((c) => c.args.includes('package-lock.json'));
    const src = copies.findIndex((c) => /\bsrc\b/.test(c.args));
    return lock >= 0 && src > lock;
  })()],
  ['COPY, never ADD', all('ADD').length === 0],
  ['every COPY source exists and is not excluded by .dockerignore', buildCopies.every((s) => fs.existsSync(path.join(root, s)) && !ignored.includes(s.replace(/\/$/, '')))],
  ['the runtime stage copies the built app from the build stage', inLast('COPY').some((c) => c.args.includes('--from=build'))],
  ['the runtime user is not root', user !== 'root' && user !== '0' && !user.startsWith('0:')],
  ['the database and the outbox are on the /data volume', env.RASID_DB?.startsWith('/data/') && env.RASID_OUTBOX?.startsWith('/data/') && inLast('VOLUME').some((v) => v.args.includes('/data'))],
  ['ENTRYPOINT is ["node", "bin/rasid.mjs"] (exec form: signals reach Node)', JSON.stringify(execForm(inLast('ENTRYPOINT').at(-1)?.args ?? '')) === '["node","bin/rasid.mjs"]'],
  ['CMD is ["run"]: a container job by default, the daemon one argument away', JSON.stringify(execForm(inLast('CMD').at(-1)?.args ?? '')) === '["run"]'],
  ['HEALTHCHECK runs `rasid status` in exec form', Array.isArray(healthCmd) && healthCmd.includes('status')],
  ['no secrets baked in (SMTP_URL is not set in the image)', !Object.keys(env).includes('SMTP_URL')],
];

let failed = 0;
for (const [name, ok] of rules) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  if (!ok) failed++;
}
console.log(`dockerfile rules: ${rules.length - failed} passed, ${failed} failed`);
if (planFile) {
  fs.writeFileSync(
    planFile,
    JSON.stringify({ nodeMajor: fromImages[0]?.match(/:(\d+)/)?.[1] ?? null, copies: buildCopies, buildEnv: envOf(build), buildSteps, runtimeCopies, env, user, healthcheck: healthCmd, entrypoint: execForm(inLast('ENTRYPOINT').at(-1)?.args ?? ''), cmd: execForm(inLast('CMD').at(-1)?.args ?? '') }, null, 2),
  );
}
process.exit(failed ? 1 : 0);
