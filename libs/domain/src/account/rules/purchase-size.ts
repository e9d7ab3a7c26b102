import { DomainError } from '../../shared/domain-error';

/** Rule 1 — "1 to 100 blocks per purchase, 100 minutes each." Anything else is refused, naming the limits. */
export const MINUTES_PER_BLOCK = 100;
export const MIN_BLOCKS_PER_PURCHASE = 1;
export const MAX_BLOCKS_PER_PURCHASE = 100;

/** The credit minutes a number of blocks buys. */
export function minutesOfBlocks(blocks: number): number {
  return blocks * MINUTES_PER_BLOCK;
}

export function assertPurchaseSize(blocks: unknown): asserts blocks is number {
  if (Number.isSafeInteger(blocks) && (blocks as number) >= MIN_BLOCKS_PER_PURCHASE && (blocks as number) <= MAX_BLOCKS_PER_PURCHASE) return;
  throw new DomainError(
    'PURCHASE.INVALID_BLOCKS',
    `A purchase is ${MIN_BLOCKS_PER_PURCHASE} to ${MAX_BLOCKS_PER_PURCHASE} blocks of ${MINUTES_PER_BLOCK} minutes; got ${String(blocks)}.`,
    { field: 'blocks', min: MIN_BLOCKS_PER_PURCHASE, max: MAX_BLOCKS_PER_PURCHASE },
  );
}
