import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** moto_server is not installed where it was looked for; the message says how to get it. */
export class MotoNotInstalledError extends Error {
  constructor(python: string) {
    super(
      `moto's server is not available to ${python}. Install it with: pip install 'moto[server]' (or set REKEY_PYTHON to a Python that has it)`,
    );
    this.name = 'MotoNotInstalledError';
  }
}

/** moto_server did not answer in time. */
export class MotoStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MotoStartError';
  }
}

export interface Moto {
  /** `http://127.0.0.1:PORT`: every service but those given a process of their own. */
  readonly endpoint: string;
  readonly port: number;
  /**
   * The endpoint of the process that serves `service` (its SigV4 signing name: `dynamodb`, `sqs`, …): its own
   * process if it has one (`StartMotoOptions.ownProcess`), else `endpoint`.
   */
  endpointFor(service: string): string;
  /** SDK client settings that point at this server (any credentials do). */
  readonly clientConfig: {
    readonly endpoint: string;
    readonly region: string;
    readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  };
  /** Forgets every resource, in every process (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Python interpreter that has moto. @default process.env.REKEY_PYTHON ?? 'python3' */
  readonly python?: string;
  /** Port to listen on (loopback only). @default - a free port */
  readonly port?: number;
  /** How long to wait for the server to answer. @default 20_000 ms */
  readonly timeoutMs?: number;
  /**
   * Services (SigV4 signing names) served by a moto process of their own, on a free port each. moto holds the GIL
   * for each request it answers, so one process uses at most one CPU; a service that shares no state with the
   * others (DynamoDB: no moto backend of another service reads its tables) can run beside them on another CPU.
   * Callers reach it through `endpointFor(service)`. @default [] (one process serves everything)
   */
  readonly ownProcess?: readonly string[];
}

/** Finds a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * `python -m moto.server` with three of moto 5.2's costs taken out (its log line per request, a quadratic SQS
 * receive, a DynamoDB query that reads the whole table); its behaviour is unchanged. What each patch does and why:
 * moto_server.py beside this file.
 */
const MOTO_SERVER = join(__dirname, 'moto_server.py');

/**
 * Starts `moto_server` on 127.0.0.1 (never a public address) and waits until it answers; with `ownProcess`, one more
 * server per service named. The caller stops them; they also die with this process.
 */
export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const own = [...new Set(options.ownProcess ?? [])];
  const started = await Promise.allSettled([
    startServer(options, options.port),
    ...own.map(() => startServer(options, undefined)),
  ]);
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(servers.map((s) => s.stop()));
    throw failed.reason;
  }
  const [main, ...rest] = servers as [Server, ...Server[]];
  const byService = new Map(own.map((service, i) => [service, (rest[i] as Server).endpoint]));
  return {
    endpoint: main.endpoint,
    port: main.port,
    endpointFor: (service) => byService.get(service) ?? main.endpoint,
    clientConfig: {
      endpoint: main.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    },
    async reset() {
      await Promise.all(servers.map((s) => fetch(`${s.endpoint}/moto-api/reset`, { method: 'POST' })));
    },
    async stop() {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

interface Server {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** One `moto_server` process, answering on 127.0.0.1. */
async function startServer(options: StartMotoOptions, requestedPort: number | undefined): Promise<Server> {
  const python = options.python ?? process.env.REKEY_PYTHON ?? 'python3';
  const port = requestedPort ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(python, [MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: 'true' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  // No probe beforehand (importing moto costs as much as starting it): a missing interpreter or module shows here.
  let spawnError: NodeJS.ErrnoException | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const notInstalled = () =>
    spawnError?.code === 'ENOENT' || /No module named '?moto/.test(stderr)
      ? new MotoNotInstalledError(python)
      : undefined;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      process.removeListener('exit', killOnExit);
      // The rest of its stderr (the import error) may still be on its way.
      await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
      throw (
        notInstalled() ?? new MotoStartError(`moto_server exited with ${child.exitCode ?? spawnError?.code}: ${stderr}`)
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new MotoStartError(`moto_server did not answer on ${endpoint} within ${options.timeoutMs ?? 20_000} ms`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint,
    port,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
