import { Box, LinearProgress, Typography } from '@mui/material';
import type { UsageLevel } from '../api/types';

/** Yellow above 50 %, red above 80 %: the API decides the level, the console only paints it. */
export const USAGE_COLOURS: Record<UsageLevel, string> = { normal: '#2e7d32', warning: '#f2b705', critical: '#d32f2f' };

export function UsageMeter({ used, maximum, text, level }: { used: number; maximum: number; text: string; level: UsageLevel }) {
  const percent = maximum > 0 ? Math.min(100, (used / maximum) * 100) : 0;
  return (
    <Box data-testid="usage" data-level={level}>
      <Typography variant="body2" sx={{ mb: 0.5, fontWeight: 500 }} data-testid="usage-text">
        {text}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={text}
        sx={{ height: 10, borderRadius: 5, bgcolor: '#e3e6ec', '& .MuiLinearProgress-bar': { bgcolor: USAGE_COLOURS[level], borderRadius: 5 } }}
      />
    </Box>
  );
}
