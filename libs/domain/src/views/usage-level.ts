/**
 * "Usage this month": "X of Y used this month" with a bar that turns yellow above 50 % and red above 80 %.
 * Strictly above, compared in integers: 5 of 10 is normal, 6 of 10 warning, 8 of 10 warning, 9 of 10 critical.
 */
export type UsageLevel = 'normal' | 'warning' | 'critical';

export function usageLevel(used: number, maximum: number): UsageLevel {
  if (maximum <= 0) return 'normal';
  if (used * 100 > maximum * 80) return 'critical';
  if (used * 100 > maximum * 50) return 'warning';
  return 'normal';
}
