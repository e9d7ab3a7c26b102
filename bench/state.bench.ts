/**
 * npm run bench:state — only the account-state part of bench:e2e (support/state-load.ts): loads at
 * 10 to 1,000,000 events, snapshot sizes, and a call end's CPU on an old account next to a new one.
 */
import { cpus, totalmem } from 'node:os';
import { benchDatabase } from './support/database';
import { stateLoad } from './support/state-load';

async function main(): Promise<void> {
  const db = await benchDatabase('bench_state');
  try {
    console.log(`state benchmark on ${db.describe}; ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; ${new Date().toISOString()}\n`);
    console.log(await stateLoad(db.url));
  } finally {
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
