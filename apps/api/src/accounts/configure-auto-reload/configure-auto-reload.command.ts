import type { RequestContext } from '../account-command';
import type { ConfigureAutoReloadRequest } from './configure-auto-reload.request.dto';

export class ConfigureAutoReloadCommand {
  constructor(readonly accountId: string, readonly request: ConfigureAutoReloadRequest, readonly context: RequestContext) {}
}
