// The installed `rekey` binary: build.mjs bundles this file into dist/rekey.js. The environment is set before
// anything that reads it is loaded.
import './quiet';
import { run } from './program';

run();
