// Measures RotatingSecret.current() reads per second: the hot path every agent request takes.
// Run: npx tsx bench/client-current.ts [seconds]
// Uses a stubbed Secrets Manager client (no network); prints the conditions with the figure.
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { RotatingSecret } from '../packages/client/src/rotating-secret';
import { conditions } from './conditions';

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 3);
  // A stand-in client: current() never touches it; open() calls it once.
  const client = {
    send: async (command: unknown) => {
      if (!(command instanceof GetSecretValueCommand)) throw new Error('unexpected command');
      return {
        Name: 'bench/secret',
        VersionId: 'v1',
        SecretString: JSON.stringify({ apiKey: `rk_${'a'.repeat(40)}` }),
      };
    },
  } as unknown as SecretsManagerClient;
  const key = await RotatingSecret.open({ secretId: 'bench/secret', client, pollIntervalMs: 0 });

  let sink = 0;
  for (let i = 0; i < 1_000_000; i++) sink += key.current().length; // warm-up
  const deadline = performance.now() + seconds * 1000;
  let reads = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 100_000; i++) sink += key.current().length;
    reads += 100_000;
  }
  const elapsed = (performance.now() - started) / 1000;
  await key.close();

  console.log(`RotatingSecret.current(): ${Math.round(reads / elapsed).toLocaleString('en-US')} reads/s`);
  console.log(`  ${reads.toLocaleString('en-US')} reads in ${elapsed.toFixed(2)} s (checksum ${sink % 997})`);
  console.log(`  ${conditions({ seconds, client: 'stubbed Secrets Manager client, no network' })}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
