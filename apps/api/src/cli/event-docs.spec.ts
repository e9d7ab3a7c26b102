import { readFileSync } from 'node:fs';
import { BILLING_EVENT_TYPES, EVENT_SCHEMA_VERSIONS } from '@billing/domain';
import { DOCS_FILE, generateEventDocs, loadEventSchemas } from './event-docs';
import { renderEventDocs } from './event-docs-render';

describe('docs/events.md', () => {
  it('is what `npm run docs:events` generates from the schemas (run it after changing a schema)', () => {
    expect(readFileSync(DOCS_FILE, 'utf8')).toBe(generateEventDocs());
  });

  it('documents every event type at every version, with its fields and an example', () => {
    const docs = generateEventDocs();
    for (const type of BILLING_EVENT_TYPES) {
      for (let version = 1; version <= EVENT_SCHEMA_VERSIONS[type]; version++) expect(docs).toContain(`### ${type} v${version}`);
    }
    expect(docs).toContain('### CallMinutesConsumed v1 (older version)');
    expect(docs).toContain('| `autoReload.decision` | `"above_threshold"` \\| `"triggered"`');
    expect(docs).toContain('| `ratePerMinute.amount` | integer | yes | Minor units (cents). |');
    expect(docs.match(/Example `data`:/g)).toHaveLength(loadEventSchemas().length);
    expect(docs).toMatch(/exclusive/);
    expect(docs).toMatch(/Deduplicate by event `id`/);
  });

  it('renders a field table from a schema', () => {
    const md = renderEventDocs([{ type: 'Thing', version: 1, schema: {
      description: 'A thing happened.', required: ['a'], properties: { a: { type: 'string', description: 'x | y' }, b: { type: ['integer', 'null'], minimum: 0 } },
    } }], { Thing: 1 });
    expect(md).toContain('| `a` | string | yes | x \\| y |\n| `b` | integer or null (≥ 0) | no |  |');
  });
});
