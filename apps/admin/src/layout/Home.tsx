import { Navigate, usePermissions } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { homeOf } from '../auth/token';

/** "/" sends each role where it works: the billing page, or the accounts list. */
export function Home() {
  const { permissions, isPending } = usePermissions<Permissions>();
  if (isPending || !permissions) return null;
  return <Navigate to={homeOf(permissions)} replace />;
}
