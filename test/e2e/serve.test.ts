import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { serveLocally } from '../../local/rehearsal/serve';
import { LocalStateSchema } from '../../packages/cli/src/context';

describe('npm start -- --serve', () => {
  it('serves the local deployment as an AWS endpoint, handles events put on its bus, and cleans up when stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rekey-serve-'));
    const stateFile = join(dir, 'local.json');
    let stop: () => void = () => undefined;
    const until = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const lines: string[] = [];
    try {
      const serving = serveLocally({
        config: JSON.parse(readFileSync('rekey.config.json', 'utf8')),
        stateFile,
        until,
        write: (line) => lines.push(line),
      });
      for (let i = 0; i < 600 && !existsSync(stateFile); i++) await new Promise((r) => setTimeout(r, 100));
      const state = LocalStateSchema.parse(JSON.parse(readFileSync(stateFile, 'utf8')));
      const config = {
        endpoint: state.endpoint,
        region: state.region,
        // A scanner posting a finding and someone looking: the account's administrator here.
        credentials: state.credentials?.admin ?? { accessKeyId: 'local', secretAccessKey: 'local' },
      };

      const secrets = await new SecretsManagerClient(config).send(new ListSecretsCommand({}));
      const entries = JSON.parse(readFileSync('docs/examples/put-events-finding.json', 'utf8'));
      await new EventBridgeClient(config).send(new PutEventsCommand({ Entries: entries }));
      for (let i = 0; i < 100 && !lines.some((l) => l.includes('finding rekey.scanner')); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }

      expect(secrets.SecretList?.map((s) => s.Name).sort()).toEqual([
        'rekey/agents/research/internal-api',
        'rekey/agents/support/internal-api',
      ]);
      expect(state.outputs.SecretPrefix).toBe('rekey/');
      expect(lines.some((l) => l.includes('finding rekey.scanner/Secret Exposed → handled'))).toBe(true);
      stop();
      await serving;
      expect(existsSync(stateFile)).toBe(false);
      await expect(
        new SQSClient(config).send(new ReceiveMessageCommand({ QueueUrl: `${state.endpoint}/123456789012/x` })),
      ).rejects.toThrow();
    } finally {
      stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
