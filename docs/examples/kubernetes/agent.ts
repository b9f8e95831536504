/**
 * The agent in docs/examples/kubernetes/deployment.yaml: holds its Anthropic key with rekey's client, reading the
 * file the kubelet keeps in step with the Secret External Secrets Operator syncs. When rekey rotates the key, ESO
 * updates the Secret, the kubelet swaps the volume's `..data` symlink, the client sees the swap and re-reads: the
 * next request uses the new key, with no restart. A request that meets the old key just as it is revoked gets one
 * 401, and `withKey` re-reads the file and retries it once.
 */
import Anthropic from '@anthropic-ai/sdk';
import { RotatingSecret, stderrLogger } from '../../../packages/client/src';

export async function main(): Promise<void> {
  const key = await RotatingSecret.open({
    file: process.env.REKEY_SECRET_FILE ?? '/var/run/secrets/rekey/apiKey',
    // The file is the source of truth here; polling it too catches a missed filesystem event.
    pollIntervalMs: 60_000,
    logger: stderrLogger('warn'),
  });
  key.on('rotated', ({ versionId, previousVersionId }) => {
    // Ids only (for a file, a hash of its content): never the key.
    process.stderr.write(`key rotated: ${previousVersionId} -> ${versionId}\n`);
  });

  const anthropic = new Anthropic({ apiKey: key.asApiKeyFunction() });
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  while (!stop.signal.aborted) {
    const answer = await key.withKey(() =>
      anthropic.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'Summarise the newest support ticket.' }],
      }),
    );
    process.stdout.write(`${answer.id}\n`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  await key.close();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`agent stopped: ${(err as Error).name}\n`);
    process.exitCode = 1;
  });
}
