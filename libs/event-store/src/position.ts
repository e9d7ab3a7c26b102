/**
 * A position in the global order of events. Callers treat it as an opaque string; it sorts
 * lexicographically in the same order as the events, so it can be stored, compared and sent
 * as an SSE id as it is. Internally it is a pair of unsigned 64-bit numbers:
 * PostgreSQL: (transaction id, global sequence); EventStoreDB: (commit, prepare).
 */
export type Position = string & { readonly __brand: 'Position' };

const WIDTH = 20; // digits of 2^64 - 1
const PATTERN = /^(\d{20})-(\d{20})$/;
const MAX = (1n << 64n) - 1n;

export class InvalidPositionError extends Error {
  readonly code = 'EVENT_STORE.INVALID_POSITION';
  constructor(readonly value: string) {
    super(`"${value}" is not an event position (expected two 20-digit numbers joined by "-", as returned by the store)`);
    this.name = 'InvalidPositionError';
  }
}

export function encodePosition(major: bigint, minor: bigint): Position {
  if (major < 0n || minor < 0n || major > MAX || minor > MAX) {
    throw new RangeError(`position parts out of range: ${major}, ${minor}`);
  }
  return `${major.toString().padStart(WIDTH, '0')}-${minor.toString().padStart(WIDTH, '0')}` as Position;
}

export function decodePosition(value: string): { major: bigint; minor: bigint } {
  const match = PATTERN.exec(value);
  if (!match) throw new InvalidPositionError(value);
  const major = BigInt(match[1]);
  const minor = BigInt(match[2]);
  if (major > MAX || minor > MAX) throw new InvalidPositionError(value);
  return { major, minor };
}

export function parsePosition(value: string): Position {
  decodePosition(value);
  return value as Position;
}

/** The position before every event. */
export const START: Position = encodePosition(0n, 0n);
