export const PLAN_CHOICES = [
  { id: 'free', name: 'Free' },
  { id: 'starter', name: 'Starter' },
  { id: 'pro', name: 'Pro' },
  { id: 'business', name: 'Business' },
];

export const planName = (id: string): string => PLAN_CHOICES.find((p) => p.id === id)?.name ?? id;
