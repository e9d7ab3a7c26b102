import { Chip } from '@mui/material';

const COLOURS: Record<string, 'success' | 'warning' | 'error' | 'default' | 'info'> = {
  completed: 'success', pending: 'info', failed: 'error', expired: 'default', cancelled: 'default',
};

export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" label={status} color={COLOURS[status] ?? 'default'} variant="outlined" />;
}
