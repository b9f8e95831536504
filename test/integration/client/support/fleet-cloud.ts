import { deployLocally } from '../../../../local/emulator/deploy';
import { startEnforcingGateway } from '../../../../local/emulator/iam/enforcing-gateway';

/**
 * The "cloud" half of a local fleet (see local-fleet.ts), run in its own process as AWS is not on the agents' CPU:
 * deploys the synthesized stack for one key and its fleet into moto, starts an enforcing gateway in front, writes
 * one JSON line with what the agents need to stdout, and serves until it is sent SIGTERM.
 *
 * Usage: node --import tsx fleet-cloud.ts <moto endpoint> <key name> <fleet name>
 */
async function main(): Promise<void> {
  const [endpoint, key, fleet] = process.argv.slice(2);
  if (!endpoint || !key || !fleet) throw new Error('usage: fleet-cloud.ts <moto endpoint> <key> <fleet>');
  const deployment = await deployLocally({
    endpoint,
    config: { keys: [{ name: key, provider: 'generated', fleets: [fleet] }], fleets: [{ name: fleet }] },
  });
  const gateway = await startEnforcingGateway({ deployment });
  const stop = () => {
    void gateway.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(
    `${JSON.stringify({
      endpoint: gateway.endpoint,
      region: deployment.region,
      secretName: deployment.secrets[key]?.name ?? '',
      tableName: deployment.tableName,
      topicArn: deployment.fleetTopicArn,
      queueUrl: deployment.fleetQueueUrls[fleet] ?? '',
      agentCredentials: deployment.iam.agent(fleet).credentials,
      rotationCredentials: gateway.clientConfigFor('rotation').credentials,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`fleet-cloud: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
