"""An agent rekey did not write: plain boto3, reading its key the way most Python agents do.

    sm.get_secret_value(SecretId=...)      # no VersionId, no VersionStage

Everything comes from the environment, as for any boto3 program: AWS_ENDPOINT_URL (the local endpoint),
AWS_REGION, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; REKEY_SECRET_ID names the secret. It reads in a loop
until stdin closes (or REKEY_AGENT_MAX_SECONDS pass) and prints one JSON line per read: the version it got, that
version's staging labels, and the first 8 hex characters of the SHA-256 of the secret string. Never the key.
"""

import hashlib
import json
import os
import sys
import threading
import time

import boto3
from botocore.exceptions import BotoCoreError, ClientError


def main() -> int:
    secret_id = os.environ["REKEY_SECRET_ID"]
    interval = float(os.environ.get("REKEY_AGENT_INTERVAL_SECONDS", "0.05"))
    deadline = time.time() + float(os.environ.get("REKEY_AGENT_MAX_SECONDS", "25"))
    sm = boto3.client("secretsmanager")  # endpoint, region and credentials from the environment

    stop = threading.Event()

    def wait_for_stdin_to_close() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()

    reads = 0
    while not stop.is_set() and time.time() < deadline:
        started = time.time()
        try:
            out = sm.get_secret_value(SecretId=secret_id)
        except (ClientError, BotoCoreError) as err:
            code = err.response["Error"]["Code"] if isinstance(err, ClientError) else type(err).__name__
            emit({"error": code, "t0": ms(started), "t1": ms(time.time())})
        else:
            reads += 1
            emit(
                {
                    "t0": ms(started),
                    "t1": ms(time.time()),
                    "versionId": out["VersionId"],
                    "stages": out.get("VersionStages", []),
                    "sha8": hashlib.sha256(out["SecretString"].encode("utf-8")).hexdigest()[:8],
                }
            )
        stop.wait(interval)
    emit({"done": True, "reads": reads})
    return 0


def ms(t: float) -> int:
    return int(t * 1000)


def emit(line: dict) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
