import { createHash } from 'node:crypto';

// A fixed namespace for this service's event ids (RFC 9562 name-based, SHA-1, version 5).
const NAMESPACE = Buffer.from('6f1c2b8e9d7a4c3e8b5f0a1d2c3e4f5a', 'hex');

/** A uuid that depends only on `name`: the same command at the same place gets the same event ids. */
export function uuidV5(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Event ids for a command's events: from the command's identity (a call id, an idempotency key, or
 * the request's id), the revision it was decided at, and the process that decided it. Within one
 * process the same attempt always gets the same ids, so a retried append (a connection lost around
 * the commit) finds its own events and succeeds once. Two processes never share ids: when both
 * record the same call end at one revision, the second append conflicts, reads the stream, finds the
 * call consumed and answers "already recorded" (rather than passing the first result off as its own).
 */
export function eventIds(commandKey: string, expectedRevision: number | 'no_stream', count: number, writer: string): string[] {
  return Array.from({ length: count }, (_, i) => uuidV5(`${commandKey}|${expectedRevision}|${i}|${writer}`));
}
