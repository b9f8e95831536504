#!/usr/bin/env bash
# Proof that rekey's public packages work outside this repository: pack each one, install the tarballs into a
# scratch project outside the repo tree, and there
#   1. synthesize a CDK app that uses @rekey/cdk inside the app's own stack, with cdk-nag (AwsSolutions) clean;
#   2. run an agent script that imports @rekey/client and reads a rotating key from the local stack
#      (`npm start -- --serve` from this repo), across a rotation made with the packed CLI (`npx rekey --local`);
#   3. check the client's installed dependency tree holds no aws-cdk-lib, cdk-nag or secretlint.
# Needs only the npm registry (dependencies come from the cache `npm ci` filled) and 127.0.0.1.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/rekey-packages-XXXXXX)"
serve_pid=""
cleanup() {
  # The local stack runs as npx → tsx → node, with moto under it: stop its whole process group, or the node and
  # moto processes outlive this script and keep a CPU busy for every later run on the machine.
  if [ -n "$serve_pid" ]; then kill -- "-$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$repo"
version_of() { node -p "require('$repo/node_modules/$1/package.json').version"; }

echo "packages: build and pack"
npm run build --workspaces --if-present >/dev/null
npm pack --workspaces --pack-destination "$work" >/dev/null
ls "$work"/*.tgz

echo "packages: install the tarballs into $work/app (outside the repo)"
mkdir -p "$work/app"
cd "$work/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$work"/rekey-cdk-*.tgz "$work"/rekey-client-*.tgz "$work"/rekey-cli-*.tgz \
  "aws-cdk-lib@$(version_of aws-cdk-lib)" "constructs@$(version_of constructs)" "cdk-nag@$(version_of cdk-nag)" \
  "@aws-sdk/client-sqs@$(version_of @aws-sdk/client-sqs)" >/dev/null
[ ! -e node_modules/esbuild ] || { echo "esbuild came along with @rekey/cdk: the Lambda code must ship prebuilt" >&2; exit 1; }
cp "$repo/test/packaging/app.js" "$repo/test/packaging/agent.mjs" .

echo "packages: synthesize a user's own stack with @rekey/cdk and cdk-nag"
node app.js

echo "packages: the packed CLI carries the sidecar (rekey agent)"
npx --no-install rekey agent --help | grep -q 'secretsmanager/get' \
  || { echo "rekey agent is missing from the packed CLI" >&2; exit 1; }

echo "packages: an agent with @rekey/client reads a rotating key from the local stack"
state="$work/local.json"
# In a session of its own (setsid), so that its process group is its own and cleanup can stop all of it.
(cd "$repo" && exec setsid npx tsx bin/rehearse.ts --serve --state "$state") >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 600); do [ -s "$state" ] && break; sleep 0.2; done
[ -s "$state" ] || { cat "$work/serve.log" >&2; echo "the local stack did not start" >&2; exit 1; }
REKEY_STATE="$state" node agent.mjs

echo "packages: the client's dependencies"
mkdir -p "$work/client-only" && cd "$work/client-only" && npm init -y >/dev/null
npm install --no-audit --no-fund --prefer-offline --loglevel=error "$work"/rekey-client-*.tgz >/dev/null
if npm ls --all 2>/dev/null | grep -E 'aws-cdk-lib|cdk-nag|secretlint'; then
  echo "@rekey/client pulls in a dependency it must not have" >&2
  exit 1
fi
echo "packages: the client from CommonJS and ESM, and its redaction and output guard with no AWS SDK at all"
canary="sk-proj-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)"
rm -rf node_modules/@aws-sdk
for entry in "require('@rekey/client/redact')" "require('@rekey/client/output-guard')"; do
  node -e "const m = $entry; const f = m.redact ?? ((t) => m.guardOutput(t, { mode: 'redact' }).text);
    const out = f('key=' + process.argv[1]); if (out.includes(process.argv[1])) process.exit(1);" "$canary" \
    || { echo "$entry did not redact the key without the AWS SDK" >&2; exit 1; }
done
node --input-type=module -e "import { redact } from '@rekey/client/redact'; import { guardOutput } from '@rekey/client/output-guard';
  const k = process.argv[1]; if (redact('x ' + k).includes(k) || guardOutput('x ' + k, { mode: 'redact' }).text.includes(k)) process.exit(1);" "$canary" \
  || { echo "the client's ESM redaction did not redact the key" >&2; exit 1; }
cd "$work/app"
node -e "const c = require('@rekey/client'); if (typeof c.RotatingSecret !== 'function') process.exit(1);
  for (const internal of ['stringToSign', 'heldSecretCount']) if (internal in c) { console.error(internal); process.exit(1); }" \
  || { echo "@rekey/client's CommonJS root is missing its API or exports internals" >&2; exit 1; }
echo "packages: all proofs passed"
