import { lazy } from 'react';

export const UpgradePage = lazy(() => import('./UpgradePage').then((m) => ({ default: m.UpgradePage })));
