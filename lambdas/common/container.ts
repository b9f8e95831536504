import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The execution environment a handler runs in. In Lambda there is one per process, with the function's role
 * credentials in its environment, so this module stays out of the way: `currentContainer()` is undefined and the
 * SDK's own chain supplies everything. The local stack runs several functions in one process; it runs each
 * invocation inside the function's container, so that each function gets its own AWS clients signed with its own
 * role's credentials (as separate Lambda processes would) and its own per-container caches.
 */
export interface Container {
  /** The function this container belongs to (its handler folder: rotation, intake, revocation, …). */
  readonly id: string;
  /** The role credentials Lambda would put in the function's environment. */
  readonly credentials: () => Promise<ContainerCredentials>;
}

export interface ContainerCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

const storage = new AsyncLocalStorage<Container>();

/** The container of the invocation running now, if the host runs several functions in one process. */
export function currentContainer(): Container | undefined {
  return storage.getStore();
}

/** Runs `fn` (one invocation) inside `container`; everything it starts, timers and promises included, stays there. */
export function runInContainer<T>(container: Container, fn: () => T): T {
  return storage.run(container, fn);
}

/** Settings every AWS client a handler makes starts from: its container's credentials where it has one. */
export function clientConfig(): { credentials?: Container['credentials'] } {
  const container = currentContainer();
  return container ? { credentials: container.credentials } : {};
}
