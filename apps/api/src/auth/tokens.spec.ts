import { decodeJwt } from 'jose';
import { signToken, verifyToken } from './tokens';

const SECRET = 'a-test-secret-that-is-at-least-32-characters';

// Verified tokens are remembered until they expire; these are the ways that must not let one through.
describe('verifyToken', () => {
  it('answers a token it verified before the same way, and refuses it once it has expired', async () => {
    const token = await signToken({ sub: 'svc', role: 'service', expiresIn: '2s' }, SECRET);
    expect(await verifyToken(token, SECRET)).toEqual({ sub: 'svc', role: 'service' });
    expect(await verifyToken(token, SECRET)).toEqual({ sub: 'svc', role: 'service' });
    const expiresAtMs = (decodeJwt(token).exp as number) * 1000;
    await new Promise((r) => setTimeout(r, expiresAtMs - Date.now() + 50));
    await expect(verifyToken(token, SECRET)).rejects.toMatchObject({ status: 401, message: 'The token has expired.' });
  }, 10_000);

  it('refuses a remembered token under another secret, and any change to it', async () => {
    const token = await signToken({ sub: 'owner', role: 'admin', accountId: 'acc_1' }, SECRET);
    await verifyToken(token, SECRET);
    await expect(verifyToken(token, `${SECRET}-rotated`)).rejects.toMatchObject({ status: 401, message: 'The token is not valid.' });
    const [header, payload, signature] = token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), accountId: 'acc_2' })).toString('base64url')}.${signature}`;
    await expect(verifyToken(tampered, SECRET)).rejects.toMatchObject({ status: 401, message: 'The token is not valid.' });
    expect(payload).not.toBe(tampered.split('.')[1]);
  });
});
