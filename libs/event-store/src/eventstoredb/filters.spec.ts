import { EVENT_TYPE, STREAM_NAME } from '@eventstore/db-client';
import { compileFilter, escapeRegex, exactTypesRegex, planFilter } from './filters';

const e = (type: string, streamId = 'billing-account-1') => ({ type, streamId });

describe('EventStoreDB filters', () => {
  it('sends event types to the server as an anchored regex and checks stream prefixes here', () => {
    const plan = planFilter({ eventTypes: ['CallEnded', 'CreditsPurchased'], streamPrefixes: ['billing-account-'] });
    expect(plan.server).toMatchObject({ filterOn: EVENT_TYPE, regex: '^(?:CallEnded|CreditsPurchased)$' });
    expect(plan.matches(e('CallEnded'))).toBe(true);
    expect(plan.matches(e('CallEnded', 'other-1'))).toBe(false); // the client-side remainder
    expect(plan.matches(e('CallEndedLate'))).toBe(false);
  });

  it('sends stream prefixes to the server when there are no event types', () => {
    const plan = planFilter({ streamPrefixes: ['alpha', 'beta'] });
    expect(plan.server).toMatchObject({ filterOn: STREAM_NAME, prefixes: ['alpha', 'beta'] });
    expect(plan.matches(e('X', 'beta-2'))).toBe(true);
    expect(plan.matches(e('$>', 'beta-2'))).toBe(false); // system events never reach the caller
  });

  it('asks the server to leave out system events when there is no filter', () => {
    for (const filter of [undefined, {}, { eventTypes: [], streamPrefixes: [] }]) {
      const plan = planFilter(filter);
      expect(plan.server).toMatchObject({ filterOn: EVENT_TYPE, regex: '^[^$].*' });
      expect(plan.matches(e('AccountOpened'))).toBe(true);
      expect(plan.matches(e('$statsCollected', '$stats-127.0.0.1:2113'))).toBe(false);
    }
  });

  it('builds a regex that matches exactly the listed types, metacharacters included', () => {
    const types = ['a.b', 'c+d', 'x|y', 'p(q)', 'w[1]', 'sp ace', 'h#sh', 'back\\slash', '^$'];
    const regex = new RegExp(exactTypesRegex(types));
    for (const t of types) expect(regex.test(t)).toBe(true);
    for (const t of ['aXb', 'ccd', 'x', 'y', 'pq', 'w1', 'a.bc', 'za.b', '']) expect(regex.test(t)).toBe(false);
    expect(escapeRegex('a.b')).toBe('a\\.b');
  });

  it('applies both parts of the filter when filtering on this side (readAll)', () => {
    const matches = compileFilter({ eventTypes: ['X', 'Z'], streamPrefixes: ['alpha'] });
    expect([e('X', 'alpha-1'), e('Y', 'alpha-1'), e('Z', 'alpha-2'), e('X', 'beta-1')].filter(matches)).toEqual([
      e('X', 'alpha-1'), e('Z', 'alpha-2'),
    ]);
  });
});
