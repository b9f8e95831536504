import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * Starts moto's server on loopback for a test file: `const moto = await startMoto()` in `beforeAll`,
 * `await moto.reset()` between tests, `await moto.stop()` in `afterAll`. Point SDK clients at `moto.endpoint`
 * with any credentials and region.
 */
export interface Moto {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Drops every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Stops the server and waits for it to exit. */
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** How long to wait for `GET /moto-api/` to answer. @default 20000 */
  readonly readyTimeoutMs?: number;
  /** The Python interpreter. @default process.env.REKEY_PYTHON ?? 'python3' */
  readonly python?: string;
}

export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const python = options.python ?? process.env.REKEY_PYTHON ?? 'python3';
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let spawnError: Error | undefined;
  child.once('error', (err) => {
    spawnError = err;
  });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      throw new Error(
        `moto did not start (${spawnError?.message ?? `exit ${child.exitCode}`}); is it installed? ` +
          `pip install 'moto[server]'\n${stderr}`,
      );
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await kill(child, exited);
      throw new Error(`moto did not answer on ${endpoint} within ${options.readyTimeoutMs ?? 20_000} ms\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    endpoint,
    async reset() {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`moto reset answered ${res.status}`);
    },
    stop: () => kill(child, exited),
  };
}

async function kill(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
