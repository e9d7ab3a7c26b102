export class QuotePurchaseQuery {
  constructor(readonly accountId: string, readonly blocks: number) {}
}
