export class ListPurchasesQuery {
  constructor(readonly accountId: string, readonly purchaseId?: string) {}
}
