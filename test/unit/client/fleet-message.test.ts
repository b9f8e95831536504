import { describe, expect, it } from 'vitest';
import { NotificationFormatError } from '../../../packages/client/src/errors';
import { parseFleetMessage } from '../../../packages/client/src/fleet-message';

const body = {
  event: 'rotated',
  secretName: 'rekey/agents/support',
  versionId: 'v2',
  previousVersionId: 'v1',
  mode: 'emergency',
  at: '2026-11-25T10:00:00.000Z',
};

describe('parseFleetMessage', () => {
  it('parses the raw JSON body', () => {
    expect(parseFleetMessage(JSON.stringify(body))).toEqual(body);
  });

  it('parses the SNS envelope around it', () => {
    const envelope = { Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: JSON.stringify(body) };

    expect(parseFleetMessage(JSON.stringify(envelope))).toEqual(body);
  });

  it('rejects text that is not JSON without quoting it', () => {
    const error = (() => {
      try {
        parseFleetMessage('sk-ant-api03-secretlookingtext');
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(NotificationFormatError);
    expect(error?.message).toBe('message body is not JSON');
  });

  it('rejects a body with extra fields (the schema is strict, so nothing can ride along) by naming the field only', () => {
    const error = (() => {
      try {
        parseFleetMessage(JSON.stringify({ ...body, apiKey: 'sk-proj-shouldneverbehere' }));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();

    expect(error).toBeInstanceOf(NotificationFormatError);
    expect(error?.message).not.toContain('sk-proj');
  });

  it('rejects an unknown event', () => {
    expect(() => parseFleetMessage(JSON.stringify({ ...body, event: 'exploded' }))).toThrow('invalid event');
  });
});
