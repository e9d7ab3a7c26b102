import { Box, Chip, Typography } from '@mui/material';
import { Datagrid, FunctionField, Pagination, ReferenceManyField, TextField } from 'react-admin';
import { formatDateTime } from '../api/format';
import type { CallRow } from '../api/types';
import { DECISION_COLOURS, decisionSentence } from './decisions';

// MUI's warning orange on white is 3:1; outlined chips' text needs 4.5:1 (axe), so warnings use a darker orange.
const WARNING_CONTRAST = { '&.MuiChip-colorWarning': { color: '#9a3412', borderColor: '#9a3412' } };
const minutes = (seconds: number) => (seconds / 60).toLocaleString('en-US', { maximumFractionDigits: 2 });

/** Calls with what they used and the reload decision taken when each ended, with its reason. */
export function CallList() {
  return (
    <ReferenceManyField reference="calls" target="accountId" perPage={25} pagination={<Pagination />} empty={<Empty />}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <FunctionField label="Ended" sx={{ whiteSpace: 'nowrap' }} render={(c: CallRow) => formatDateTime(c.endedAt, true)} />
        <TextField source="callId" label="Call" sx={{ whiteSpace: 'nowrap' }} />
        <FunctionField label="Duration (min)" textAlign="right" render={(c: CallRow) => minutes(c.durationSeconds)} />
        <FunctionField label="Included / credit" textAlign="right" sx={{ whiteSpace: 'nowrap' }} render={(c: CallRow) => `${minutes(c.subscriptionSeconds)} / ${minutes(c.creditSeconds)}`} />
        <FunctionField label="Balance after" textAlign="right" render={(c: CallRow) => minutes(c.creditBalanceAfterSeconds)} />
        <FunctionField
          label="Reload decision"
          render={(c: CallRow) => (
            <Box sx={{ minWidth: 220 }}>
              <Chip size="small" label={c.reloadDecision} color={DECISION_COLOURS[c.reloadDecision] ?? 'default'} variant="outlined" sx={WARNING_CONTRAST} />
              <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
                {decisionSentence(c)}
              </Typography>
            </Box>
          )}
        />
      </Datagrid>
    </ReferenceManyField>
  );
}

const Empty = () => <p style={{ padding: 16 }}>No calls yet.</p>;
