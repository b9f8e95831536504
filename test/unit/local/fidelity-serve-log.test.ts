import { describe, expect, it } from 'vitest';
import type { PumpRecord } from '../../../local/emulator/event-bridge';
import { describeFinding } from '../../../local/rehearsal/serve';

const base = {
  rule: 'r',
  eventId: 'e-1',
  source: 'rekey.scanner',
  detailType: 'Secret Exposed',
  ms: 3,
  attempts: 1,
} as const;
const record = (over: Partial<PumpRecord>): PumpRecord => ({ ...base, outcome: 'handled', ...over });
const SECRET = 'rekey/agents/support/internal-api';

describe("the serve log's line for a finding", () => {
  it('says a rotation started, with the secret and short version ids', () => {
    const line = describeFinding(
      record({
        result: {
          status: 'processed',
          ignored: [],
          findings: [
            {
              findingKey: 'gitleaks:ci-42',
              ambiguous: false,
              outcomes: [
                {
                  action: 'rotation-started',
                  secretName: SECRET,
                  versionId: '11111111-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
                  newVersionId: '22222222-bbbb-4bbb-8bbb-bbbbbbbbbbbb',
                  mode: 'emergency',
                },
              ],
            },
          ],
        },
      }),
    );
    expect(line).toBe(
      `finding rekey.scanner/Secret Exposed → handled: gitleaks:ci-42: rotation started: ${SECRET} 11111111 → 22222222 (emergency)`,
    );
    expect(line).not.toContain('aaaa');
  });

  it('says a duplicate started nothing, an unmatched finding went to ops, an invalid event to the DLQ', () => {
    expect(
      describeFinding(
        record({
          result: {
            status: 'processed',
            ignored: [],
            findings: [
              {
                findingKey: 'gitleaks:ci-42',
                ambiguous: false,
                duplicate: 'completed',
                outcomes: [{ action: 'rotation-started', secretName: SECRET }],
              },
              { findingKey: 'gitleaks:ci-43', ambiguous: false, duplicate: 'in-progress', outcomes: [] },
            ],
          },
        }),
      ),
    ).toBe(
      `finding rekey.scanner/Secret Exposed → handled: gitleaks:ci-42: duplicate, nothing started (first delivery: rotation started: ${SECRET} (none) → (none)); gitleaks:ci-43: duplicate (its first delivery is still being handled)`,
    );
    expect(
      describeFinding(
        record({
          result: {
            status: 'processed',
            ignored: [{ ref: 'x', reason: 'y' }],
            findings: [{ findingKey: 'gitleaks:ci-44', ambiguous: false, outcomes: [{ action: 'unmatched' }] }],
          },
        }),
      ),
    ).toBe('finding rekey.scanner/Secret Exposed → handled: gitleaks:ci-44: unmatched → ops; 1 item(s) ignored');
    expect(describeFinding(record({ result: { status: 'dead-lettered', error: 'InvalidEventError' } }))).toBe(
      'finding rekey.scanner/Secret Exposed → handled: invalid (InvalidEventError) → DLQ, ops told',
    );
  });

  it("names a handler's error without its message, and says when the pattern filtered the event", () => {
    expect(
      describeFinding(
        record({
          outcome: 'failed',
          attempts: 3,
          error: 'TypeError: a message quoting the event',
          deadLetter: { kind: 'function', queueUrl: 'http://127.0.0.1:1/123456789012/dlq' },
        }),
      ),
    ).toBe(
      "finding rekey.scanner/Secret Exposed → failed after 3 attempt(s): the intake threw TypeError → the intake's DLQ",
    );
    expect(describeFinding(record({ outcome: 'failed', error: 'Error: x' }))).toMatch(/→ dropped$/);
    expect(describeFinding(record({ outcome: 'filtered' }))).toMatch(/→ filtered \(/);
  });
});
