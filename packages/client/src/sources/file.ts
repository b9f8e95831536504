import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { type Clock, systemClock, type TimerHandle } from '../clock';
import { type ClientLogger, describeError, silentLogger } from '../logger';
import type { ChangeSource, SecretSink } from './types';

export interface FileWatchSourceProps {
  /** The secret file. Its directory is watched, not the file. */
  readonly path: string;
  /**
   * Quiet time after the last event before the sinks are told to re-read.
   * @default 100
   */
  readonly debounceMs?: number;
  readonly logger?: ClientLogger;
  readonly clock?: Clock;
}

/**
 * Watches the directory that holds a secret file. A Kubernetes secret volume is written by the kubelet's atomic
 * writer: the files are symlinks through `..data`, itself a symlink to a timestamped directory, and an update
 * writes a new directory, points `..data_tmp` at it and renames `..data_tmp` over `..data`. A watch on the file
 * would keep watching the old inode; a watch on the directory sees the rename. Events are debounced, then every
 * attached secret re-reads (a re-read of unchanged content changes nothing).
 */
export function fileWatchSource(props: FileWatchSourceProps): ChangeSource {
  const { path } = props;
  const debounceMs = props.debounceMs ?? 100;
  const logger = props.logger ?? silentLogger;
  const clock = props.clock ?? systemClock;
  const sinks = new Set<SecretSink>();
  let watcher: FSWatcher | undefined;
  let timer: TimerHandle | undefined;

  const fire = (): void => {
    timer = undefined;
    for (const sink of sinks) sink.invalidate(`file ${path} changed`);
  };
  const onEvent = (_event: string, name: string | Buffer | null): void => {
    logger.debug({ path, entry: name?.toString() }, 'secret directory changed');
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(fire, debounceMs);
  };
  const start = (): void => {
    try {
      watcher = watch(dirname(path), { persistent: false }, onEvent);
      watcher.on('error', (err) => {
        logger.warn({ path, ...describeError(err) }, 'secret file watch failed; relying on polling');
      });
    } catch (err) {
      logger.warn({ path, ...describeError(err) }, 'could not watch the secret file; relying on polling');
    }
  };
  const stop = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    watcher?.close();
    watcher = undefined;
  };

  return {
    kind: `file:${basename(path)}`,
    attach(sink) {
      sinks.add(sink);
      if (watcher === undefined) start();
    },
    async detach(sink) {
      sinks.delete(sink);
      if (sinks.size === 0) stop();
    },
  };
}
