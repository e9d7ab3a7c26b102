import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTHeaderParameters, type JWTVerifyGetKey } from 'jose';

/** The keys tokens are verified with, and how to tell that a verification made earlier still stands. */
export interface TokenKeys {
  /** Only these: never `none`, and never HS256 where public keys verify (that would let the public key sign). */
  algorithms: string[];
  key: KeyObject | JWTVerifyGetKey;
  /**
   * The key a token with this header would be verified with now (fetching the key set again when it is
   * due). A remembered verification counts only while this is the very key that verified it: a key set
   * loaded again gives new key objects, and a removed key gives none.
   */
  current(header: JWTHeaderParameters): Promise<unknown>;
}

/** The identity provider's keys could not be fetched: nobody's token is at fault (answered 503). */
export class KeysUnavailable extends Error {
  constructor(cause: unknown) {
    super(`the identity provider's key set could not be fetched: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'KeysUnavailable';
  }
}

export function secretKeys(secret: string): TokenKeys {
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return { algorithms: ['HS256'], key, current: async () => key };
}

/**
 * An identity provider's key set (jose's remote key set): fetched when first needed, again once older than
 * `cacheMaxAgeMs`, and again when a token names a key it does not hold (at most every 30 s, so unknown
 * key ids cannot make us hammer the provider).
 */
export function remoteKeys(url: string, cacheMaxAgeMs: number): TokenKeys {
  const remote = createRemoteJWKSet(new URL(url), {
    cacheMaxAge: cacheMaxAgeMs,
    cooldownDuration: Math.min(30_000, cacheMaxAgeMs),
    timeoutDuration: 5_000,
  });
  const key: JWTVerifyGetKey = async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // The token names a key (or algorithm) the set does not offer: the token's fault. Anything else
      // (connection, timeout, not 200, not a key set) is the provider's.
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof errors.JOSENotSupported) throw error;
      throw new KeysUnavailable(error);
    }
  };
  return { algorithms: ['RS256', 'ES256'], key, current: async (header) => key(header, { payload: '', signature: '' }) };
}
