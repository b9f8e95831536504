/**
 * Tests start moto with the same launcher the rehearsal uses: `const moto = await startMoto()` in `beforeAll`,
 * `await moto.reset()` between tests, `await moto.stop()` in `afterAll`. It binds 127.0.0.1 only.
 */
export { type Moto, startMoto } from '../../local/emulator/moto';
