import { correlationIdFor } from './correlation-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdFor', () => {
  it("keeps the caller's id when it is sane", () => {
    expect(correlationIdFor('req_42:retry-1.a')).toBe('req_42:retry-1.a');
  });

  it('makes a new one when none was sent', () => {
    expect(correlationIdFor(undefined)).toMatch(UUID);
    expect(correlationIdFor('')).toMatch(UUID);
  });

  it('replaces one that could forge log lines or is too long', () => {
    expect(correlationIdFor('a\nlevel=error')).toMatch(UUID);
    expect(correlationIdFor('x'.repeat(101))).toMatch(UUID);
    expect(correlationIdFor('x'.repeat(100))).toBe('x'.repeat(100));
  });
});
