import type { RequestContext } from '../account-command';

export class RecordCallEndsCommand {
  /** `items` as sent (each validated on its own); `instance` names the request in problem details. */
  constructor(readonly items: unknown[], readonly context: RequestContext, readonly instance: string) {}
}
