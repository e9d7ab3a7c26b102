import type { ReactNode } from 'react';
import { AppBar, Layout as RaLayout, UserMenu, useGetIdentity } from 'react-admin';
import { SessionTimer } from '../auth/SessionTimer';
import { Menu } from './Menu';

/**
 * The user menu's button shows who is logged in; its accessible name must contain that visible
 * text (WCAG 2.5.3, "label in name"), where react-admin names it "Profile".
 */
function NamedUserMenu() {
  const { identity } = useGetIdentity();
  return <UserMenu label={identity?.fullName ? `${identity.fullName}: profile` : 'Profile'} />;
}

const BillingAppBar = () => <AppBar userMenu={<NamedUserMenu />} />;

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout menu={Menu} appBar={BillingAppBar}>
    <SessionTimer />
    {children}
  </RaLayout>
);
