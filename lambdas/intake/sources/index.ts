import * as z from '../../common/zod';
import { UnsupportedEventError } from '../errors';
import { awsHealth } from './aws-health';
import { githubEvent, scannerEvent } from './custom';
import { guardDuty } from './guardduty';
import { securityHub } from './security-hub';
import type { Normalised, NormaliseOptions, SourceNormaliser } from './types';

/** Every finding source the intake takes, one normaliser each. */
export const NORMALISERS: readonly SourceNormaliser[] = [scannerEvent, githubEvent, awsHealth, securityHub, guardDuty];

const Head = z.looseObject({ source: z.string(), 'detail-type': z.string() });

/** Picks the normaliser by the event's source and detail-type and runs it; unknown sources are an UnsupportedEventError. */
export function normaliseEvent(event: unknown, options: NormaliseOptions = {}): Normalised {
  const head = Head.safeParse(event);
  const source = head.success ? head.data.source : String((event as { source?: unknown } | null)?.source ?? '');
  const detailType = head.success ? head.data['detail-type'] : '';
  const normaliser = NORMALISERS.find((n) => n.eventSource === source && n.detailTypes.includes(detailType));
  if (!normaliser) throw new UnsupportedEventError(source, detailType);
  return normaliser.normalise(event, options);
}

export type { IgnoredItem, Normalised, NormaliseOptions, RejectedEntry, SourceNormaliser } from './types';
