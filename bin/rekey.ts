// `npm run rekey -- …` in the repository (tsx). The command tree is packages/cli/src/program.ts; the installed package
// runs the same code built (packages/cli/dist/rekey.js, from packages/cli/src/main.ts).
import '../packages/cli/src/quiet';
import { run } from '../packages/cli/src/program';

export { type CliDeps, createProgram, defaultDeps, main, normaliseArgs } from '../packages/cli/src/program';

if (require.main === module) run();
