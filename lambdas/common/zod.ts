/** The Lambdas' zod: packages/client/src/zod.ts (zod/mini, English messages). Import it as `import * as z from '../common/zod'`. */
export * from '../../packages/client/src/zod';
