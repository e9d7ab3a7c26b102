import type { BillingEvent, BillingEventType, CallMinutesConsumedData } from './events';
import { EVENT_SCHEMA_VERSIONS, isBillingEventType } from './events';

/**
 * Reading goes through here: a stored event of any known version becomes the current version, so evolve
 * and projections only ever see current shapes. Add a step when a schema gets a new version; never edit
 * a published schema in place.
 */
export interface StoredEventPayload {
  type: string;
  /** 1 when absent (events written before versions were recorded). */
  schemaVersion?: number;
  data: unknown;
}

/** CallMinutesConsumed v1 recorded only the id of a reload it triggered, not why one did or did not fire. */
export interface CallMinutesConsumedV1Data extends Omit<CallMinutesConsumedData, 'autoReload'> {
  reloadId: string | null;
}

type Step = (data: never) => unknown;

/** UPCASTERS[type][n] turns version n's data into version n + 1's. */
const UPCASTERS: Partial<Record<BillingEventType, Readonly<Record<number, Step>>>> = {
  CallMinutesConsumed: {
    1: (v1: CallMinutesConsumedV1Data): CallMinutesConsumedData => {
      const { reloadId, ...rest } = v1;
      // A v1 reload id means one fired; without one we cannot know why not, and say so.
      return { ...rest, autoReload: { decision: reloadId === null ? 'not_recorded' : 'triggered', thresholdSeconds: null, reloadId } };
    },
  },
};

export function upcast(stored: StoredEventPayload): BillingEvent {
  const { type } = stored;
  if (!isBillingEventType(type)) throw new Error(`Unknown billing event type: ${type}`);
  const current = EVENT_SCHEMA_VERSIONS[type];
  let version = stored.schemaVersion ?? 1;
  if (!Number.isInteger(version) || version < 1 || version > current) {
    throw new Error(`${type} v${version} cannot be read: this code knows versions 1 to ${current}.`);
  }
  let data = stored.data;
  for (; version < current; version += 1) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new Error(`No upcaster for ${type} v${version} → v${version + 1}.`);
    data = step(data as never);
  }
  return { type, data } as BillingEvent;
}

/**
 * The current-version events of stored ones, in order: every reader of the store (a load, a replay, a
 * balance as of an instant) goes through this or upcast, never rebuilds the payload itself.
 */
export function upcastAll(stored: Iterable<StoredEventPayload>): BillingEvent[] {
  return Array.from(stored, upcast);
}
