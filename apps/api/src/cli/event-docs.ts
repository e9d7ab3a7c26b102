import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EVENT_SCHEMA_VERSIONS } from '@billing/domain';
import { type EventSchemaFile, type JsonSchema, renderEventDocs } from './event-docs-render';

/** The repository root, from apps/api/src/cli (tests) and apps/api/dist/cli (the compiled script) alike. */
export const ROOT = join(__dirname, '../../../..');
export const DOCS_FILE = join(ROOT, 'docs/events.md');

export function loadEventSchemas(folder = join(ROOT, 'libs/domain/schemas')): EventSchemaFile[] {
  return readdirSync(folder).filter((name) => /^[A-Za-z]+\.v\d+\.json$/.test(name)).map((name) => {
    const [, type, version] = /^([A-Za-z]+)\.v(\d+)\.json$/.exec(name) as RegExpExecArray;
    return { type, version: Number(version), schema: JSON.parse(readFileSync(join(folder, name), 'utf8')) as JsonSchema };
  });
}

export function generateEventDocs(): string {
  return renderEventDocs(loadEventSchemas(), EVENT_SCHEMA_VERSIONS);
}

/** npm run docs:events — writes docs/events.md. */
if (require.main === module) {
  mkdirSync(dirname(DOCS_FILE), { recursive: true });
  writeFileSync(DOCS_FILE, generateEventDocs());
  process.stdout.write(`wrote ${DOCS_FILE}\n`);
}
