import { OptionalQueryInt } from '../../http/query-int';

export class AccountEventsRequest {
  @OptionalQueryInt(0, undefined, { example: 0, description: 'First stream revision to return (default 0).' })
  fromRevision?: number;

  @OptionalQueryInt(1, 1000, { example: 100, description: '1 to 1000 (default 100).' })
  limit?: number;
}
