import { beforeAll, describe, expect, it } from 'vitest';
import { fleetOfInvokedArn, keyReportAlias, keyReportAliasOutputName, STACK_OUTPUTS } from '../../../contract';
import { fullTemplate } from './support';

const FN = 'arn:aws:lambda:eu-west-1:111111111111:function:Rekey-KeyReportHandler';

// One synthesis for the file; a busy machine can take a minute.
beforeAll(() => void fullTemplate(), 180_000);

describe('the key-report fleet aliases', () => {
  it('read the fleet back from the qualifier of the alias the construct names', () => {
    expect(fleetOfInvokedArn(`${FN}:${keyReportAlias('support')}`)).toBe('support');
    expect(fleetOfInvokedArn(`${FN}:${keyReportAlias('123')}`)).toBe('123');
  });

  it('find no fleet in an unqualified ARN, a version, $LATEST or a malformed qualifier', () => {
    for (const arn of [FN, `${FN}:7`, `${FN}:$LATEST`, `${FN}:support`, `${FN}:fleet-`, `${FN}:fleet-a:b`, undefined]) {
      expect(fleetOfInvokedArn(arn)).toBeUndefined();
    }
  });

  it("are the aliases the template declares, one per fleet, and each is its fleet's stack output", () => {
    const template = fullTemplate();
    const aliases = Object.values(template.findResources('AWS::Lambda::Alias')).map(
      (a) => (a as { Properties: { Name: string } }).Properties.Name,
    );

    expect(aliases.sort()).toEqual([keyReportAlias('research'), keyReportAlias('support')]);
    for (const fleet of ['support', 'research']) {
      expect(Object.keys(template.findOutputs(keyReportAliasOutputName(fleet)))).toHaveLength(1);
    }
    expect(keyReportAliasOutputName('support-agents')).toBe('KeyReportAliasArnSupportagents');
    expect(Object.keys(template.findOutputs(STACK_OUTPUTS.keyReportFunctionName))).toHaveLength(1);
  });
});
