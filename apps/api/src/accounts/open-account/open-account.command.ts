import type { RequestContext } from '../account-command';
import type { OpenAccountRequest } from './open-account.request.dto';

export class OpenAccountCommand {
  constructor(readonly request: OpenAccountRequest, readonly context: RequestContext) {}
}
