/**
 * Crash injection: every counted call passes two boundaries (before it, after it). A crash at boundary N throws
 * CrashError there, and the process is then "dead": every later counted call of the same run throws too, as
 * nothing more would run in a Lambda that died. Reads are not counted; they change nothing.
 */
export class CrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrashError';
  }
}

export class Crasher {
  /** Boundaries passed in this run. */
  n = 0;
  crashAt: number | undefined;
  crashed = false;
  readonly labels: string[] = [];
  /**
   * Checked at every boundary, before the crash decision (an invariant that must hold at every moment); gets the
   * label of the boundary, so a check may skip boundaries that cannot change what it checks.
   */
  check: ((label: string) => Promise<void>) | undefined;

  arm(crashAt: number | undefined): void {
    this.n = 0;
    this.crashAt = crashAt;
    this.crashed = false;
    this.labels.length = 0;
  }

  async boundary(label: string): Promise<void> {
    if (this.crashed) throw new CrashError(`dead (crashed at ${this.crashAt})`);
    await this.check?.(label);
    this.n++;
    this.labels.push(label);
    if (this.n === this.crashAt) {
      this.crashed = true;
      throw new CrashError(`crash at boundary ${this.n}: ${label}`);
    }
  }

  async counted<T>(label: string, call: () => Promise<T>): Promise<T> {
    await this.boundary(`before ${label}`);
    const out = await call();
    await this.boundary(`after ${label}`);
    return out;
  }
}

type Sendable = { send: (command: never, ...rest: never[]) => Promise<unknown> };

/** Wraps an AWS SDK client (or document client): commands `isWrite` picks are counted. */
export function crashingClient<C extends Sendable>(client: C, crasher: Crasher, isWrite: (name: string) => boolean): C {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: { constructor: { name: string } }, ...rest: unknown[]) => {
        const name = command.constructor.name;
        const send = () => (target.send as (...a: unknown[]) => Promise<unknown>).call(target, command, ...rest);
        return isWrite(name) ? crasher.counted(name, send) : send();
      };
    },
  });
}

/** Wraps an object's methods: the listed ones are counted. */
export function crashingMethods<T extends object>(
  object: T,
  crasher: Crasher,
  methods: readonly string[],
  tag: string,
): T {
  return new Proxy(object, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !methods.includes(String(prop))) return value;
      return (...args: unknown[]) => crasher.counted(`${tag}.${String(prop)}`, () => value.apply(target, args));
    },
  });
}

/** Wraps fetch: every call but a GET is counted (GETs read). */
export function crashingFetch(crasher: Crasher): typeof fetch {
  return (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    const call = () => globalThis.fetch(input, init);
    if (method === 'GET') return call();
    const url = new URL(String(input));
    return crasher.counted(`${method} ${url.pathname}`, call);
  };
}
