// A projection runner in its own process, for tests that kill it (SIGKILL, no clean stop).
// It runs the built library (libs/projections/dist), so the test builds it first.
// Each batch prints "batch <projection> <events>" inside its transaction, then waits PAUSE_MS
// before committing: a kill during that pause lands in the middle of a batch.
const path = require('node:path');
const { ProjectionRunner, silentLogger } = require(path.join(__dirname, '../../../libs/projections/dist/index.js'));
const { createPool, PostgresEventStore } = require(path.join(__dirname, '../../../libs/event-store/dist/index.js'));

async function main() {
  const url = process.env.DATABASE_URL;
  const pool = createPool({ connectionString: url, max: 8 });
  const store = await PostgresEventStore.open({ connectionString: url, pool, pollIntervalMs: 100 });
  const pause = Number(process.env.PAUSE_MS || 0);
  const runner = new ProjectionRunner({
    store, pool, logger: silentLogger, instanceId: process.env.INSTANCE_ID || 'child', acquireIntervalMs: 50,
    batchSize: Number(process.env.BATCH_SIZE || 50),
    beforeCommit: async (projection, events) => {
      process.stdout.write(`batch ${projection} ${events.length}\n`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    },
  });
  await runner.start();
  process.stdout.write('started\n');
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
