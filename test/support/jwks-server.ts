import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWK, type KeyLike, SignJWT } from 'jose';

/** An identity provider's signing key: the private half signs, the public half is published. */
export interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyLike;
  publicJwk: JWK;
  publicPem: string;
}

export async function newSigningKey(alg: SigningKey['alg'], kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, publicPem: await exportSPKI(publicKey) };
}

export interface IdpClaims {
  sub?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch; default: an hour from now. */
  exp?: number;
  [claim: string]: unknown;
}

/** A token as the identity provider would issue it, signed with `key` and naming its kid. */
export function signWith(key: SigningKey, { exp, ...claims }: IdpClaims): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime(exp ?? Math.floor(Date.now() / 1000) + 3600)
    .sign(key.privateKey);
}

/** A local JWKS endpoint (node:http) whose published keys the test changes, as a provider rotates them. */
export interface JwksServer {
  url: string;
  /** From now on the set holds exactly these keys. */
  publish(...keys: SigningKey[]): void;
  /** From now on answer this status instead of the set (0: back to normal). */
  failWith(status: number): void;
  /** How often the set was fetched. */
  fetches(): number;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  let keys: JWK[] = [];
  let failing = 0;
  let fetches = 0;
  const server: Server = createServer((_request, response) => {
    fetches += 1;
    if (failing) {
      response.writeHead(failing, { 'content-type': 'text/plain' }).end('unavailable');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    publish: (...published) => (keys = published.map((key) => key.publicJwk)),
    failWith: (status) => (failing = status),
    fetches: () => fetches,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
