// An agent outside the repository: @rekey/client from its tarball reads a rotating key from the local stack
// (`npm start -- --serve`), as its fleet's agent principal, and follows a rotation made with the packed CLI.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RotatingSecret } from '@rekey/client';

const state = JSON.parse(readFileSync(process.env.REKEY_STATE, 'utf8'));
const fleet = 'support';
const secretId = 'rekey/agents/support/internal-api';
const client = new SecretsManagerClient({
  endpoint: state.endpoint,
  region: state.region,
  credentials: state.credentials.agents[fleet],
});
const key = await RotatingSecret.open({ secretId, client });
const before = key.versionId;
if (!key.current()) throw new Error('no key read');
execFileSync('npx', ['rekey', '--local', process.env.REKEY_STATE, 'rotate', 'agents/support/internal-api'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
await key.refresh();
if (key.versionId === before) throw new Error(`the agent still holds ${before} after the rotation`);
console.log(
  `agent: read ${secretId} version ${before.slice(0, 8)}, then ${key.versionId.slice(0, 8)} after rekey rotate`,
);
await key.close();
