import { newSecret, signatureHeader, signingSecrets } from './signing';

describe('Standard Webhooks signatures', () => {
  it('matches the specification\'s published example', () => {
    // The example of the Standard Webhooks specification (and Svix's documentation).
    const header = signatureHeader(['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(header).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 32 random bytes, and signs with the previous one only during its grace period', () => {
    const secret = newSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newSecret()).not.toBe(secret);
    const now = new Date('2026-12-01T12:00:00Z');
    const endpoint = { secret: 'whsec_new', previousSecret: 'whsec_old', previousSecretExpiresAt: new Date('2026-12-02T12:00:00Z') };
    expect(signingSecrets(endpoint, now)).toEqual(['whsec_new', 'whsec_old']);
    expect(signingSecrets(endpoint, new Date('2026-12-02T12:00:00Z'))).toEqual(['whsec_new']);
    expect(signingSecrets({ ...endpoint, previousSecret: null, previousSecretExpiresAt: null }, now)).toEqual(['whsec_new']);
    expect(signatureHeader([newSecret(), newSecret()], 'id', 1, 'body').split(' ')).toHaveLength(2);
  });
});
