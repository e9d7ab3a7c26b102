import { Client } from 'pg';
import { loadConfig } from '../../config/config';
import { openRuntime, type Runtime } from '../../infrastructure/runtime';
import { JsonLogger } from '../../logging/json-logger';

/**
 * The service's own way to the database (DATABASE_URL, else the embedded development server). When
 * the service is running it already holds the embedded server in .data/postgres, and a second server
 * on the same folder would refuse to start: connect to the running one first, start it only if absent.
 */
export async function openAuditRuntime(env: NodeJS.ProcessEnv = process.env): Promise<Runtime> {
  const config = loadConfig(env, 'tool');
  // Logs go to stderr: stdout is the command's output (CSV, tables).
  const logger = new JsonLogger('warn', (line) => process.stderr.write(line));
  if (!config.databaseUrl && !config.eventStoreConnectionString) {
    const url = `postgres://postgres:postgres@127.0.0.1:${config.embeddedPostgres.port}/billing`;
    if (await reachable(url)) return openRuntime({ ...config, databaseUrl: url }, logger);
  }
  return openRuntime(config, logger);
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
