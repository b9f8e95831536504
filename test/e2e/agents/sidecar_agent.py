"""Agents rekey did not write, reading their key from a sidecar that speaks the AWS Secrets Manager Agent's API.

    python3 sidecar_agent.py urllib|requests|anthropic|openai

Each reads the key the way code written for the AWS agent does (GET /secretsmanager/get?secretId=... with the
X-Aws-Parameters-Secrets-Token header, the token read from a file), keeps it, and calls an API with it:

- ``urllib``: the standard library's urllib.request, for the sidecar and for the in-house API (GET /whoami,
  ``Authorization: Bearer``);
- ``requests``: the requests library, for both;
- ``anthropic``: requests for the sidecar, the official anthropic SDK for the provider
  (``anthropic.Anthropic(api_key=..., base_url=...).models.list()``);
- ``openai``: requests for the sidecar, the official openai SDK for the provider
  (``openai.OpenAI(api_key=..., base_url=.../v1).models.list()``).

On an authentication error it asks the sidecar again with refreshNow=true and retries once: that is the only
healing. A request fails if the retry fails too. Settings come from the environment: REKEY_SIDECAR_URL,
REKEY_TOKEN_FILE, REKEY_SECRET_ID, REKEY_API_URL. It runs until stdin closes (or REKEY_AGENT_MAX_SECONDS pass) and
prints one JSON line per request: ok or not, whether it retried, the version used, and the first 8 hex characters of
the SHA-256 of the key. Never the key.
"""

import hashlib
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request


class AuthError(Exception):
    """The API refused the key."""


def sidecar_url(refresh: bool) -> str:
    base = os.environ["REKEY_SIDECAR_URL"]
    query = {"secretId": os.environ["REKEY_SECRET_ID"]}
    if refresh:
        query["refreshNow"] = "true"
    return f"{base}/secretsmanager/get?{urllib.parse.urlencode(query)}"


def token() -> str:
    with open(os.environ["REKEY_TOKEN_FILE"], encoding="utf-8") as fp:
        return fp.read().strip()


def key_of(secret: dict) -> tuple:
    return json.loads(secret["SecretString"])["apiKey"], secret["VersionId"]


# --- urllib ---------------------------------------------------------------------------------------------------


def urllib_read(refresh: bool) -> tuple:
    req = urllib.request.Request(sidecar_url(refresh), headers={"X-Aws-Parameters-Secrets-Token": token()})
    with urllib.request.urlopen(req, timeout=10) as res:
        return key_of(json.loads(res.read().decode("utf-8")))


def urllib_call(key: str) -> None:
    req = urllib.request.Request(os.environ["REKEY_API_URL"] + "/whoami", headers={"Authorization": f"Bearer {key}"})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            res.read()
    except urllib.error.HTTPError as err:
        if err.code == 401:
            raise AuthError() from None
        raise


# --- requests -------------------------------------------------------------------------------------------------


def requests_read(refresh: bool) -> tuple:
    import requests

    res = requests.get(sidecar_url(refresh), headers={"X-Aws-Parameters-Secrets-Token": token()}, timeout=10)
    res.raise_for_status()
    return key_of(res.json())


def requests_call(key: str) -> None:
    import requests

    res = requests.get(os.environ["REKEY_API_URL"] + "/whoami", headers={"Authorization": f"Bearer {key}"}, timeout=10)
    if res.status_code == 401:
        raise AuthError()
    res.raise_for_status()


# --- anthropic ------------------------------------------------------------------------------------------------


def anthropic_call(key: str) -> None:
    import anthropic

    client = anthropic.Anthropic(api_key=key, base_url=os.environ["REKEY_API_URL"], max_retries=0, timeout=10)
    try:
        page = client.models.list()
    except anthropic.AuthenticationError:
        raise AuthError() from None
    if not page.data:
        raise RuntimeError("no models listed")


# --- openai ---------------------------------------------------------------------------------------------------


def openai_call(key: str) -> None:
    import openai

    client = openai.OpenAI(api_key=key, base_url=os.environ["REKEY_API_URL"] + "/v1", max_retries=0, timeout=10)
    try:
        page = client.models.list()
    except openai.AuthenticationError:
        raise AuthError() from None
    if not page.data:
        raise RuntimeError("no models listed")


AGENTS = {
    "urllib": (urllib_read, urllib_call),
    "requests": (requests_read, requests_call),
    "anthropic": (requests_read, anthropic_call),
    "openai": (requests_read, openai_call),
}


def main() -> int:
    read, call = AGENTS[sys.argv[1]]
    interval = float(os.environ.get("REKEY_AGENT_INTERVAL_SECONDS", "0.03"))
    deadline = time.time() + float(os.environ.get("REKEY_AGENT_MAX_SECONDS", "55"))
    stop = threading.Event()

    def wait_for_stdin_to_close() -> None:
        sys.stdin.read()
        stop.set()

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()

    key, version = read(False)
    requests_made = 0
    while not stop.is_set() and time.time() < deadline:
        started = time.time()
        retried = False
        try:
            try:
                call(key)
            except AuthError:
                retried = True
                key, version = read(True)
                call(key)
        except Exception as err:  # noqa: BLE001 - every failure is reported, by type only
            emit({"ok": False, "error": type(err).__name__, "retried": retried, "t0": ms(started), "versionId": version})
        else:
            emit({"ok": True, "retried": retried, "t0": ms(started), "versionId": version, "sha8": sha8(key)})
        requests_made += 1
        stop.wait(interval)
    emit({"done": True, "requests": requests_made})
    return 0


def sha8(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def ms(t: float) -> int:
    return int(t * 1000)


def emit(line: dict) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
