import { accountStreamName, type AccountState, currentSchemaVersion, evolveAll, idempotencyKeyOf } from '@billing/domain';
import type { StreamAppend } from '@billing/event-store';
import type { AppendPart } from './call-ends-in-order';
import { eventIds } from './event-ids';
import type { LoadedAccount } from './account-loader';

/** One append of several commands' events (in the order decided), at the revision they were decided on. */
export function appendOfParts(accountId: string, at: LoadedAccount, parts: AppendPart[], writer: string): StreamAppend {
  const base = at.revision === 'no_stream' ? -1 : at.revision;
  let offset = 0;
  const events = parts.flatMap(({ command, options, events: decided }) => {
    // Each command's ids from its own key and the revision its events follow, as if appended alone.
    const ids = eventIds(options.commandKey, offset === 0 ? at.revision : base + offset, decided.length, writer);
    offset += decided.length;
    return decided.map((event, i) => ({
      id: ids[i],
      // Facts recorded once forever (a call id billed, a purchase settled): the store refuses a second.
      idempotencyKey: idempotencyKeyOf(event),
      type: event.type,
      schemaVersion: currentSchemaVersion(event.type),
      data: event.data as unknown as Record<string, unknown>,
      metadata: {
        correlationId: options.correlationId,
        causationId: options.commandKey,
        actor: { id: command.actor.id, role: command.actor.role },
        command: command.type,
      },
    }));
  });
  return { stream: accountStreamName(accountId), events, options: { expectedRevision: at.revision } };
}

/** The state once these parts are appended. */
export function stateAfterParts(at: LoadedAccount, parts: AppendPart[]): AccountState {
  return parts.reduce((state, part) => evolveAll(part.events, state), at.state);
}
