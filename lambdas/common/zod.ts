/** The Lambdas' zod: client/zod.ts (zod/mini, English messages). Import it as `import * as z from '../common/zod'`. */
export * from '../../client/zod';
