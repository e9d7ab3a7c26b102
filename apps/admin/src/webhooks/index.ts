import WebhookIcon from '@mui/icons-material/Webhook';
import { lazy } from 'react';

// Loaded when first shown, like the other resources: the login page stays small.
const WebhookEndpointList = lazy(() => import('./WebhookEndpointList').then((m) => ({ default: m.WebhookEndpointList })));
const WebhookEndpointShow = lazy(() => import('./WebhookEndpointShow').then((m) => ({ default: m.WebhookEndpointShow })));

/** Downstream webhook endpoints (support): their status, delivery log and actions. */
export default { list: WebhookEndpointList, show: WebhookEndpointShow, icon: WebhookIcon, recordRepresentation: 'url' };
