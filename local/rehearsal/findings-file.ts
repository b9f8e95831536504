import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';

/** A findings file that cannot be played: the message says which shape was expected. */
export class FindingFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FindingFileError';
  }
}

/**
 * Reads a scanner event file into PutEvents entries. Accepts what people have at hand: an EventBridge event as
 * delivered (`source`, `detail-type`, `detail`), a PutEvents entry (`Source`, `DetailType`, `Detail`), an array of
 * either, or the AWS CLI's `{"Entries": [...]}`.
 */
export function entriesFromFindingFile(text: string, file = 'the findings file'): PutEventsRequestEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FindingFileError(`${file} is not JSON`);
  }
  const list = Array.isArray(json)
    ? json
    : json && typeof json === 'object' && Array.isArray((json as { Entries?: unknown }).Entries)
      ? (json as { Entries: unknown[] }).Entries
      : [json];
  return list.map((item, i) => toEntry(item, `${file}[${i}]`));
}

function toEntry(item: unknown, where: string): PutEventsRequestEntry {
  if (!item || typeof item !== 'object') throw new FindingFileError(`${where} is not an object`);
  const o = item as Record<string, unknown>;
  const source = o.Source ?? o.source;
  const detailType = o.DetailType ?? o['detail-type'];
  const detail = o.Detail ?? o.detail;
  if (typeof source !== 'string' || typeof detailType !== 'string' || detail === undefined) {
    throw new FindingFileError(
      `${where} needs source, detail-type and detail (an EventBridge event) or Source, DetailType and Detail (a PutEvents entry)`,
    );
  }
  return {
    Source: source,
    DetailType: detailType,
    Detail: typeof detail === 'string' ? detail : JSON.stringify(detail),
    ...(Array.isArray(o.resources) ? { Resources: o.resources as string[] } : {}),
  };
}
