import { usualCallEnd, validCallEnd, validCallEndFully } from './record-call-ends.request.dto';

const good = { accountId: 'acc_1', callId: 'call_1.a:b-c', durationSeconds: 754, endedAt: '2026-11-25T10:15:00Z' };

/** What a validation answers: the item accepted, or the problem it throws (status, code, fields). */
async function outcome(validate: (item: unknown) => Promise<unknown>, item: unknown): Promise<unknown> {
  try {
    return { accepted: await validate(item) };
  } catch (error) {
    const { status, code, detail, errors } = error as { status: number; code: string; detail: string; errors: unknown };
    return { refused: { status, code, detail, errors } };
  }
}

// Near misses of the usual shape: each must be answered exactly as the validation pipe answers it.
const variants: unknown[] = [
  good,
  { ...good, durationSeconds: 0 }, { ...good, durationSeconds: 604_800 }, { ...good, durationSeconds: 604_801 }, { ...good, durationSeconds: -1 },
  { ...good, durationSeconds: 1.5 }, { ...good, durationSeconds: '60' }, { ...good, durationSeconds: null }, { ...good, durationSeconds: Number.NaN },
  { ...good, durationSeconds: Infinity }, { ...good, durationSeconds: -0 },
  { ...good, callId: '' }, { ...good, callId: 'x'.repeat(128) }, { ...good, callId: 'x'.repeat(129) }, { ...good, callId: 'a b' }, { ...good, callId: 7 },
  { ...good, callId: 'é' }, { ...good, accountId: 'acc.1' }, { ...good, accountId: 'a'.repeat(65) }, { ...good, accountId: 1 },
  { ...good, endedAt: '2026-11-25' }, { ...good, endedAt: '2026-11-25T10:15:00.123+01:00' }, { ...good, endedAt: '2026-02-30T10:15:00Z' },
  { ...good, endedAt: '2026-11-25T25:15:00Z' }, { ...good, endedAt: 'yesterday' }, { ...good, endedAt: 1_764_000_000_000 }, { ...good, endedAt: '' },
  { ...good, extra: 1 }, { callId: good.callId, durationSeconds: 1, endedAt: good.endedAt, accountId: 'acc_1' },
  { accountId: 'acc_1', callId: 'c', durationSeconds: 1 }, { ...good, endedAt: undefined }, {},
  JSON.parse(`{"accountId":"acc_1","callId":"c","durationSeconds":1,"__proto__":{"x":1}}`),
  JSON.parse(`{"accountId":"acc_1","callId":"c","durationSeconds":1,"endedAt":"2026-11-25T10:15:00Z","constructor":{"prototype":{}}}`),
  Object.assign(Object.create({ inherited: true }), good), [good], null, 'call', 42,
];

describe('validCallEnd', () => {
  it('takes the fast check for the usual item and answers every item exactly as the validation pipe does', async () => {
    expect(usualCallEnd(good)).toBeDefined();
    expect(usualCallEnd({ ...good, extra: 1 })).toBeUndefined();
    for (const item of variants) {
      expect({ item, answer: await outcome(validCallEnd, item) }).toStrictEqual({ item, answer: await outcome(validCallEndFully, item) });
    }
  });

  it('agrees with the pipe on generated items', async () => {
    let seed = 17;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)];
    for (let i = 0; i < 500; i++) {
      const item = {
        accountId: pick(['acc_1', 'A-b_9', '', 'a'.repeat(64), 'a'.repeat(65), 'x y']),
        callId: pick(['c', 'c:1.2-3_4', 'x'.repeat(128), 'x'.repeat(129), '', '\u0000']),
        durationSeconds: pick([0, 1, 604_800, 604_801, -1, 2.5, '1', 1e21]),
        endedAt: pick(['2026-11-25T10:15:00Z', '2026-11-25T10:15:00.5Z', '2026-13-01T00:00:00Z', '2026-11-25T10:15:00+05:30', '2026-11-25 10:15:00', '2024-02-29T00:00:00Z', '2025-02-29T00:00:00Z']),
      };
      expect({ item, answer: await outcome(validCallEnd, item) }).toStrictEqual({ item, answer: await outcome(validCallEndFully, item) });
    }
  });
});
