import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { SessionTimer } from '../auth/SessionTimer';
import { Menu } from './Menu';

export const Layout = ({ children }: { children: ReactNode }) => (
  <RaLayout menu={Menu}>
    <SessionTimer />
    {children}
  </RaLayout>
);
