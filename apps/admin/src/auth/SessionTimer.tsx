import { useEffect } from 'react';
import { useLogout } from 'react-admin';
import { endSession, SESSION_EXPIRED, storedClaims } from './token';

/** Returns to the login page, saying why, the moment the token expires (not at the next click). */
export function SessionTimer() {
  const logout = useLogout();
  useEffect(() => {
    const claims = storedClaims();
    if (!claims?.exp) return;
    const timer = setTimeout(() => {
      endSession(SESSION_EXPIRED);
      void logout();
    }, Math.max(0, Math.min(claims.exp * 1000 - Date.now(), 2 ** 31 - 1)));
    return () => clearTimeout(timer);
  }, [logout]);
  return null;
}
