/**
 * The floor under bench:e2e's figures: a bare node:http server that answers each request with one
 * INSERT through a pg pool of 32 — no framework, no validation, no auth, no event store. The same load
 * generator against it shows what any design that does "one HTTP request, one database write" can
 * reach on this machine. Run as a child process: PORT and DATABASE_URL from the environment.
 */
import { createServer } from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 32 });

async function main(): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_bare (id bigserial PRIMARY KEY, payload jsonb NOT NULL)');
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      pool.query({ name: 'bare', text: 'INSERT INTO bench_bare (payload) VALUES ($1)', values: [body] }).then(
        () => response.writeHead(201, { 'Content-Type': 'application/json' }).end(body),
        (error: Error) => response.writeHead(500).end(error.message),
      );
    });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('listening'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
