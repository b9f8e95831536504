import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Orders the test files longest first, so the run ends on short files filling the gaps rather than on one long file
 * started last. vitest sorts by the durations it cached in an earlier run, but CI runs on a fresh clone with no cache,
 * where vitest's own order put the model-based property test (about 90 s) last, alone on a worker. The folders hold
 * files of like length: fault and end-to-end runs, then the property test and the integration files, then infra,
 * then unit tests. Within a folder vitest's order stands.
 */
const LONGEST_FIRST = ['test/faults/', 'test/e2e/', 'test/property/', 'test/integration/', 'test/infra/', 'test/unit/'];

const rank = (spec: TestSpecification): number => {
  const i = LONGEST_FIRST.findIndex((folder) => spec.moduleId.includes(`/${folder}`));
  return i === -1 ? LONGEST_FIRST.length : i;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}
