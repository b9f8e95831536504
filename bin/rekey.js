#!/usr/bin/env node
// The package.json `bin` entry: runs bin/rekey.ts through tsx's CommonJS loader (tsx is a runtime dependency), so
// `npx rekey …` works without a build step. `npm run rekey -- …` runs the same file with `tsx bin/rekey.ts`.
require('tsx/cjs/api').register();
const { main } = require('./rekey.ts');

process.once('SIGINT', () => {
  process.stderr.write('\nStopped watching. What was started keeps going in AWS; follow it with `rekey status`.\n');
  process.exit(130);
});
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`rekey: ${err?.message}\n`);
    process.exitCode = 1;
  },
);
