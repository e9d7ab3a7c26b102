export class GetBillingQuery {
  constructor(readonly accountId: string) {}
}
