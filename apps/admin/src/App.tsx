import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import accounts from './accounts';
import { dataProvider } from './api/dataProvider';
import { authProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { BillingPage } from './billing';
import { Home, Layout, theme } from './layout';
import { UpgradePage } from './upgrade';
import webhooks from './webhooks';

/** Composition only: providers, layout and resources live in their folders. */
export function App() {
  return (
    <Admin
      dataProvider={dataProvider}
      authProvider={authProvider}
      loginPage={LoginPage}
      dashboard={Home}
      layout={Layout}
      theme={theme}
      title="Billing console"
      requireAuth
      disableTelemetry
    >
      <Resource name="accounts" {...accounts}>
        <Route path=":id/billing" element={<BillingPage />} />
      </Resource>
      <Resource name="webhook-endpoints" {...webhooks} options={{ label: 'Webhooks' }} />
      <CustomRoutes>
        <Route path="/upgrade" element={<UpgradePage />} />
      </CustomRoutes>
    </Admin>
  );
}
