import { START as CLIENT_START, type Position as ClientPosition } from '@eventstore/db-client';
import { decodePosition, encodePosition, type Position, START } from '../position';

/**
 * EventStoreDB's place in `$all` is (commit, prepare); both sort the same way as our encoded
 * string, so comparing positions as strings is comparing log order.
 */
export function fromClientPosition(position: ClientPosition): Position {
  return encodePosition(position.commit, position.prepare);
}

export function toClientPosition(position: Position): ClientPosition {
  const { major, minor } = decodePosition(position);
  return { commit: major, prepare: minor };
}

/** Where a read or subscription of `$all` starts: the client's START for "from the beginning". */
export function toReadPosition(position: Position | undefined): typeof CLIENT_START | ClientPosition {
  return position === undefined || position === START ? CLIENT_START : toClientPosition(position);
}

// The server reports -1 (sent as 2^64 - 1) when it cannot tell where an event was committed,
// which only happens for events written in explicit (legacy TCP) transactions.
const UNKNOWN = (1n << 64n) - 1n;

/** The position of a recorded event; throws rather than invent one the server did not give. */
export function recordedPosition(event: { id: string; position?: ClientPosition }): Position {
  const position = event.position;
  if (!position || position.commit === UNKNOWN || position.prepare === UNKNOWN) {
    throw new Error(`EventStoreDB reported no $all position for event ${event.id}`);
  }
  return fromClientPosition(position);
}

/** Our checkpoints are exclusive; EventStoreDB's readAll includes the event at its start position. */
export function isAfter(position: Position, checkpoint: Position | undefined): boolean {
  return checkpoint === undefined || position > checkpoint;
}
