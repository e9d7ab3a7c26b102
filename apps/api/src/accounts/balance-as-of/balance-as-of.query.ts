export class BalanceAsOfQuery {
  constructor(readonly accountId: string, readonly asOf: string) {}
}
