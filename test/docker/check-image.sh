#!/usr/bin/env bash
# Checks the Dockerfile without a Docker engine: lints it, then performs its steps on a clean copy of
# the committed files it COPYs (same npm ci --omit=dev, same Node major, production dependencies only) and runs
# the result as the image would: as a non-root user, with the image's environment, /data and /config
# mapped to temporary folders, a full `run` against a loopback feed server, the HEALTHCHECK command,
# and the daemon stopped by SIGTERM. Run it with `npm run docker:check`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
SERVER_PID=""
DAEMON_PID=""
cleanup() {
  [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null || true
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'image check FAILED: %s\n' "$*" >&2; exit 1; }

step "lint (dockerfile-utils)"
"$ROOT/node_modules/.bin/dockerfile-utils" lint "$ROOT/Dockerfile" || fail "dockerfile-utils found errors"
echo "dockerfile-utils: no problems"

step "lint (Rasid's Dockerfile rules, test/docker/dockerfile-rules.mjs)"
node "$ROOT/test/docker/dockerfile-rules.mjs" "$ROOT/Dockerfile" "$ROOT/.dockerignore" --plan "$WORK/plan.json" || fail "Dockerfile rules"
plan() { node -e "const p=require('$WORK/plan.json'); const v=$1; console.log(Array.isArray(v) ? v.join('\n') : v)"; }

step "same Node major as the image"
want=$(plan p.nodeMajor)
have=$(node -p 'process.versions.node.split(".")[0]')
echo "image node:$want, here node $(node --version)"
[ "$want" = "$have" ] || fail "the image uses Node $want, this machine has Node $have"

step "build stage: toolchain for better-sqlite3 (apt-get install python3 make g++ in the image)"
for tool in python3 make g++; do
  command -v "$tool" >/dev/null || fail "$tool is missing here; the image installs it with apt-get"
  echo "$tool: $(command -v "$tool")"
done

step "build stage: its COPY and RUN steps in order, in a clean folder"
BUILD="$WORK/build"
mkdir -p "$BUILD"
# From the last commit when this is a git work tree, as a build from a fresh clone would see it
# (uncommitted edits and untracked files stay out); from the folder otherwise.
SOURCE="$WORK/context"
mkdir -p "$SOURCE"
mapfile -t COPIES < <(plan p.copies)
if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git -C "$ROOT" archive --format=tar HEAD -- "${COPIES[@]}" | tar -x -C "$SOURCE"
  echo "build context from commit $(git -C "$ROOT" rev-parse --short HEAD): ${COPIES[*]}"
else
  for src in "${COPIES[@]}"; do cp -a "$ROOT/$src" "$SOURCE/$src"; done
  echo "build context: ${COPIES[*]}"
fi
# The build stage's steps, verbatim, with its ENV; two differences, both said here: npm uses a fresh
# cache folder (so `npm cache clean` cannot touch this machine's cache, and every package comes from
# the registry as in a clean image), and node-gyp finds Node's headers where this machine keeps them
# when the image's path (/usr/local) does not have them.
NODE_PREFIX=$(dirname "$(dirname "$(command -v node)")")
BUILD_ENV=()
while IFS= read -r pair; do BUILD_ENV+=("$pair"); done < <(node -e "
  const p = require('$WORK/plan.json');
  for (const [k, v] of Object.entries(p.buildEnv)) {
    const value = k === 'npm_config_nodedir' && !require('node:fs').existsSync(v + '/include/node/node.h') ? '$NODE_PREFIX' : v;
    console.log(k + '=' + value);
  }")
STEPS=$(node -e "console.log(require('$WORK/plan.json').buildSteps.length)")
for i in $(seq 0 $((STEPS - 1))); do
  KIND=$(node -e "const s=require('$WORK/plan.json').buildSteps[$i]; console.log(s.run ? 'run' : 'copy')")
  if [ "$KIND" = copy ]; then
    mapfile -t FROM < <(node -e "console.log(require('$WORK/plan.json').buildSteps[$i].copy.join('\n'))")
    TO=$(node -e "console.log(require('$WORK/plan.json').buildSteps[$i].to)")
    echo "COPY ${FROM[*]} $TO"
    for f in "${FROM[@]}"; do
      if [ -d "$SOURCE/$f" ]; then mkdir -p "$BUILD/$TO" && cp -a "$SOURCE/$f/." "$BUILD/$TO/"; else cp -a "$SOURCE/$f" "$BUILD/$TO"; fi
    done
  else
    CMD=$(node -e "console.log(require('$WORK/plan.json').buildSteps[$i].run)")
    echo "RUN $CMD"
    (cd "$BUILD" && env "${BUILD_ENV[@]}" npm_config_cache="$WORK/npm-cache" npm_config_loglevel=error bash -c "$CMD") || fail "RUN $CMD"
  fi
done
[ -f "$BUILD/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ] || fail "better-sqlite3's native addon was not built"
[ -f "$BUILD/dist/cli/main.js" ] || fail "the build stage made no dist/cli/main.js"

step "runtime stage: COPY --from=build, and nothing of the TypeScript toolchain"
APP="$WORK/app"
mkdir -p "$APP"
N=$(node -e "console.log(require('$WORK/plan.json').runtimeCopies.length)")
for i in $(seq 0 $((N - 1))); do
  FROM=$(node -e "console.log(require('$WORK/plan.json').runtimeCopies[$i].from.replace(/^\/app\/?/, ''))")
  TO=$(node -e "console.log(require('$WORK/plan.json').runtimeCopies[$i].to)")
  echo "COPY --from=build /app/$FROM $TO"
  mkdir -p "$(dirname "$APP/$TO")"
  cp -a "$BUILD/$FROM" "$APP/$TO"
done
for dev in tsx typescript esbuild vitest drizzle-kit smtp-server dockerfile-utils; do
  [ ! -d "$APP/node_modules/$dev" ] || fail "dev dependency $dev ended up in the image"
done
TS_FILES=$(find "$APP" -path "$APP/node_modules" -prune -o -name '*.ts' -print | grep -v '^$' || true)
[ -z "$TS_FILES" ] || fail "TypeScript sources in the image: $TS_FILES"
echo "node_modules: $(du -sh "$APP/node_modules" | cut -f1) (production only), app total: $(du -sh "$APP" | cut -f1)"

step "runtime stage: non-root user, app read-only for it, /data writable"
if [ "$(id -u)" = 0 ]; then
  RUN_UID=$(id -u node 2>/dev/null || echo 65534)
  AS_USER=(setpriv --reuid="$RUN_UID" --regid="$RUN_UID" --clear-groups)
else
  RUN_UID=$(id -u)
  AS_USER=()
  echo "not root here: running as $(id -un) instead of switching user"
fi
chmod 755 "$WORK"
chmod -R a+rX,go-w "$APP"
DATA="$WORK/data"
CONFIG="$WORK/config"
mkdir -p "$DATA" "$CONFIG"
[ "$(id -u)" = 0 ] && chown "$RUN_UID:$RUN_UID" "$DATA"
echo "runtime uid: $RUN_UID"
if [ "$(id -u)" = 0 ] && "${AS_USER[@]}" touch "$APP/should-not-write" 2>/dev/null; then fail "the runtime user can write to the app folder"; fi

# The image's ENV, with /data, /config and /app mapped to the temporary folders.
ENV_ARGS=()
while IFS= read -r pair; do
  ENV_ARGS+=("$pair")
done < <(node -e "
  const p = require('$WORK/plan.json');
  for (const [k, v] of Object.entries(p.env))
    console.log(k + '=' + v.replace(/^\/data/, '$DATA').replace(/^\/config/, '$CONFIG').replace(/^\/app/, '$APP'));
")
printf '  %s\n' "${ENV_ARGS[@]}"
rasid() { (cd "$APP" && exec "${AS_USER[@]}" env -i PATH="$PATH" HOME=/tmp "${ENV_ARGS[@]}" RASID_DIGEST_TO=desk@example.org "$@"); }

step "ENTRYPOINT --help"
rasid node bin/rasid.mjs --help > "$WORK/help.txt" || fail "--help"
grep -q 'daemon' "$WORK/help.txt" || fail "--help does not list the daemon"
head -3 "$WORK/help.txt"

step "CMD run: one full cycle against a loopback feed server, digest to /data/outbox"
node -e "
  const http = require('node:http'), fs = require('node:fs'), path = require('node:path');
  const dir = '$ROOT/test/fixtures/ops';
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(req.url));
    if (!fs.existsSync(file)) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(fs.readFileSync(file));
  });
  server.listen(0, '127.0.0.1', () => fs.writeFileSync('$WORK/port', String(server.address().port)));
" &
SERVER_PID=$!
for _ in $(seq 1 50); do [ -s "$WORK/port" ] && break; sleep 0.1; done
PORT=$(cat "$WORK/port")
cat > "$CONFIG/feeds.yaml" <<YAML
defaults:
  fetch:
    allowNetworks: [127.0.0.1/32]   # the feed server below is on loopback, refused by default
feeds:
  - url: http://127.0.0.1:$PORT/sahel-desk.rss.xml
    id: sahel-desk
    language: en
  - url: http://127.0.0.1:$PORT/maghreb-fr.rss.xml
    id: maghreb-fr
    language: fr
YAML
set +e
rasid node bin/rasid.mjs run 2> "$WORK/run.log"
CODE=$?
set -e
[ "$CODE" = 0 ] || { cat "$WORK/run.log"; fail "rasid run exited $CODE"; }
grep -o '"msg":"[a-z]*: feeds[^"]*"' "$WORK/run.log" | tail -1
[ -f "$DATA/rasid.db" ] || fail "no database in /data"
EML=$(find "$DATA/outbox" -name '*.eml' | wc -l)
[ "$EML" -ge 1 ] || fail "no digest in /data/outbox"
echo "database: $(du -h "$DATA/rasid.db" | cut -f1), digests in the outbox: $EML (.eml), owner uid $(stat -c %u "$DATA/rasid.db")"

step "HEALTHCHECK: $(plan 'p.healthcheck.join(" ")')"
mapfile -t HEALTH < <(plan p.healthcheck)
rasid "${HEALTH[@]}" || fail "the health check says unhealthy right after a good run"
echo "healthy (exit 0)"

step "daemon one flag away, stopped with SIGTERM"
# One subshell that execs: $! is the Node process, which gets the signal as PID 1 would in a container.
(cd "$APP" && exec "${AS_USER[@]}" env -i PATH="$PATH" HOME=/tmp "${ENV_ARGS[@]}" RASID_DIGEST_TO=desk@example.org \
  node bin/rasid.mjs daemon --every 2s) 2> "$WORK/daemon.log" &
DAEMON_PID=$!
for _ in $(seq 1 150); do
  grep -q '"msg":"[a-z]*: feeds' "$WORK/daemon.log" && break
  sleep 0.2
done
grep -q '"msg":"[a-z]*: feeds' "$WORK/daemon.log" || { cat "$WORK/daemon.log"; fail "the daemon ran no cycle"; }
START=$(date +%s%N)
kill -TERM "$DAEMON_PID"
set +e
wait "$DAEMON_PID"
CODE=$?
set -e
DAEMON_PID=""
MS=$(( ($(date +%s%N) - START) / 1000000 ))
[ "$CODE" = 0 ] || { cat "$WORK/daemon.log"; fail "the daemon exited $CODE on SIGTERM"; }
echo "daemon exited 0 on SIGTERM after $MS ms"

step "the same image on PostgreSQL (the compose and Kubernetes worker setup)"
PG_BASE=${RASID_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}
PG_SCHEMA="image_check_$$"
set +e
(cd "$APP" && exec "${AS_USER[@]}" env -i PATH="$PATH" HOME=/tmp "${ENV_ARGS[@]}" RASID_DIGEST_TO=desk@example.org \
  RASID_DB="$PG_BASE?schema=$PG_SCHEMA" node bin/rasid.mjs run) 2> "$WORK/run-pg.log"
CODE=$?
set -e
if grep -q 'ECONNREFUSED' "$WORK/run-pg.log" && [ "${RASID_TEST_REQUIRE_PG:-}" != 1 ]; then
  echo "PostgreSQL is not running on $PG_BASE: step left out (CI sets RASID_TEST_REQUIRE_PG=1 and runs it)"
else
  [ "$CODE" = 0 ] || { cat "$WORK/run-pg.log"; fail "rasid run on PostgreSQL exited $CODE (are schema/migrations-postgres in the image?)"; }
  grep -o '"msg":"[a-z]*: feeds[^"]*"' "$WORK/run-pg.log" | tail -1
  (cd "$APP" && node -e "
    const pg = require('pg');
    const c = new pg.Client(process.argv[1]);
    c.connect().then(() => c.query('DROP SCHEMA IF EXISTS $PG_SCHEMA CASCADE')).then(() => c.end());
  " "$PG_BASE")
fi

printf '\nimage check: passed\n'
