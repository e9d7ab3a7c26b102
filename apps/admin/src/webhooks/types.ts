export interface WebhookEndpoint {
  id: string;
  url: string;
  eventTypes: string[] | null;
  accountId: string | null;
  description: string | null;
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  disabledAt: string | null;
  position: string;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Delivery {
  eventId: string;
  eventType: string;
  position: string;
  stream: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastLatencyMs: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  redeliver: boolean;
}
