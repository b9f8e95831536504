#!/usr/bin/env bash
# `npm test`: lint and type-check, then every test. The packages proof (test/packaging/prove.sh) needs nothing the
# suite makes, so it runs beside the suite (its output is printed when it ends); the least-privilege check reads the
# IAM usage the suite recorded, so it runs after it. Exits non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."

npm run check || exit 1

usage=.rekey/iam-usage
rm -rf "$usage" && mkdir -p .rekey
packages_log=.rekey/packages-proof.log
bash test/packaging/prove.sh >"$packages_log" 2>&1 &
packages_pid=$!

status=0
REKEY_IAM_USAGE_DIR="$usage" npx vitest run || status=1
REKEY_IAM_USAGE_DIR="$usage" npx vitest run -c vitest.least-privilege.mts || status=1

packages_status=0
wait "$packages_pid" || packages_status=$?
echo
echo "packages proof (test/packaging/prove.sh):"
cat "$packages_log"
if [ "$packages_status" -ne 0 ]; then
  echo "packages proof failed (exit $packages_status)"
  status=1
fi
exit "$status"
