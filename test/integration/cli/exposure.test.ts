import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryWriter } from '../../../packages/cli/src/output';
import { rotateCommand } from '../../../packages/cli/src/rotate';
import { type CliHarness, RESEARCH_KEY, SUPPORT_KEY, startCliHarness } from './support';

/** rekey scan and report-leak against rekey running locally: what they find, what they start, what they never print. */

let h: CliHarness;

beforeAll(async () => {
  h = await startCliHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('rekey scan', () => {
  it('finds planted canaries by key name and location without printing them', async () => {
    await rotateCommand(await h.context(), memoryWriter(), { key: RESEARCH_KEY, wait: false });
    await h.env.rotations.idle();
    const managed = await h.current(RESEARCH_KEY);
    const anthropicShaped = `sk-ant-api03-${'Zx9'.repeat(31)}AA`;
    const openaiShaped = `sk-proj-${'Ab3dE'.repeat(15).slice(0, 74)}T3BlbkFJ${'Qr7sT'.repeat(15).slice(0, 74)}`;
    const logs = join(h.dir, 'scan', 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(
      join(logs, 'agent.log'),
      `boot ok\nrequest 1 ok\ncalling tools with Authorization: Bearer ${managed.apiKey}\n`,
    );
    writeFileSync(
      join(h.dir, 'scan', 'settings.env'),
      `# settings\nANTHROPIC_API_KEY=${anthropicShaped}\nOPENAI_API_KEY=${openaiShaped}\n`,
    );
    writeFileSync(join(h.dir, 'scan', 'clean.txt'), 'nothing to see here\n');

    const { code, out } = await h.run(['scan', join(h.dir, 'scan'), '--local', h.stateFile]);

    const text = out.text();
    expect(code).toBe(1);
    expect(text).toMatch(
      new RegExp(
        `scan/logs/agent\\.log:3:\\d+ +managed key ${RESEARCH_KEY}, version ${managed.versionId.slice(0, 8)} \\(current\\)`,
      ),
    );
    expect(text).toMatch(/scan\/settings\.env:2:19 +Anthropic Claude API key — not a managed key/);
    expect(text).toMatch(/scan\/settings\.env:3:\d+ +.*OpenAI/);
    expect(text).toContain('3 findings in 3 files: 1 managed key version, 2 other secrets.');
    for (const canary of [managed.apiKey, anthropicShaped, openaiShaped]) expect(text).not.toContain(canary);
  });
});

describe('rekey scan --rotate', () => {
  it('rotates a managed key it found, in emergency mode, and revokes the exposed version', async () => {
    await rotateCommand(await h.context(), memoryWriter(), { key: SUPPORT_KEY, wait: false });
    await h.env.rotations.idle();
    const exposed = await h.current(SUPPORT_KEY);
    const dir = join(h.dir, 'scan-rotate');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ci.log'), `deploying\nexport TOOLS_TOKEN=${exposed.apiKey}\n`);

    const { code, out } = await h.run(['scan', dir, '--rotate', '--local', h.stateFile]);

    const text = out.text();
    expect(code, text).toBe(1);
    expect(text).toContain(`Exposed: ${SUPPORT_KEY} version ${exposed.versionId}`);
    expect(text).toContain(`old key ${exposed.versionId.slice(0, 8)} revoked`);
    const after = await h.current(SUPPORT_KEY);
    expect(after.versionId).not.toBe(exposed.versionId);
    const ctx = await h.context();
    const item = await ctx.inventory.getVersion(`rekey/${SUPPORT_KEY}`, exposed.versionId);
    expect(item?.status).toBe('revoked');
    expect(item?.exposedAt).toBeDefined();
    expect(text).not.toContain(exposed.apiKey);
    expect(text).not.toContain(after.apiKey);
  });
});

describe('rekey report-leak', () => {
  it('shows which managed key a leaked value is, by fingerprint, and sends only the fingerprint', async () => {
    await rotateCommand(await h.context(), memoryWriter(), { key: SUPPORT_KEY, wait: false });
    await h.env.rotations.idle();
    const leaked = await h.current(SUPPORT_KEY);
    const unknown = `sk-proj-${'Zz9'.repeat(30)}`;

    const dry = await h.run(['report-leak', '--key-stdin', '--dry-run', '--local', h.stateFile], leaked.apiKey);
    const sent = await h.run(
      ['report-leak', '--key-stdin', '--location', 'ticket INC-9', '--local', h.stateFile],
      unknown,
    );

    expect(dry.code, dry.out.text()).toBe(0);
    expect(dry.out.stdout[0]).toMatch(
      new RegExp(`: matches ${SUPPORT_KEY} version ${leaked.versionId.slice(0, 8)} \\(current\\) by fingerprint$`),
    );
    expect(dry.out.stdout.at(-1)).toBe('Dry run: nothing sent.');
    expect(sent.code, sent.out.text()).toBe(0);
    expect(sent.out.stdout[0]).toMatch(/ at ticket INC-9: matches no managed key/);
    expect(sent.out.stdout.at(-1)).toBe(
      `Sent 1 finding to exposure intake (event bus ${h.env.deployment.findingBusName}). Follow with \`rekey status\`.`,
    );
    for (const text of [dry.out.text(), sent.out.text()]) {
      expect(text).not.toContain(leaked.apiKey);
      expect(text).not.toContain(unknown);
    }
  });
});
