import type { RequestContext } from '../account-command';
import type { RecordCallRequest } from './record-call.request.dto';

export class RecordCallCommand {
  constructor(readonly accountId: string, readonly request: RecordCallRequest, readonly context: RequestContext) {}
}
