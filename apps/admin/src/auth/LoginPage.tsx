import { useEffect, useState, type FormEvent } from 'react';
import { useLogin } from 'react-admin';
import { Alert, Box, Button, Card, CardContent, LinearProgress, MenuItem, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import type { Role } from '../api/types';
import { endedBecause } from './token';

type Mode = 'dev' | 'token';

/**
 * Token login always; the development login only where the API says it exists (GET /v1/auth/options:
 * only while the service uses its development secret). Says why the last session ended, if it did.
 */
export function LoginPage() {
  const login = useLogin();
  const [devAvailable, setDevAvailable] = useState<boolean | null>(null);
  const [ended] = useState(endedBecause);
  const [mode, setMode] = useState<Mode>('dev');
  const [role, setRole] = useState<Role>('admin');
  const [accountId, setAccountId] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    fetch('/v1/auth/options', { headers: { Accept: 'application/json' } })
      .then(async (response) => setDevAvailable(response.ok && (await response.json() as { developmentLogin?: unknown }).developmentLogin === true))
      .catch(() => setDevAvailable(false));
  }, []);
  const effectiveMode: Mode = devAvailable === false ? 'token' : mode;
  const needsAccount = role === 'admin' || role === 'editor';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await login(effectiveMode === 'token' ? { token } : { role, accountId: needsAccount ? accountId.trim() : undefined });
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      setBusy(false);
    }
  };

  return (
    <Box sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: '#eef1f6', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }} component="main">
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>Billing console</Typography>
          {ended && <Alert severity="warning" sx={{ mb: 2 }} data-testid="session-ended">{ended}</Alert>}
          {devAvailable === null && <LinearProgress aria-label="Loading" />}
          {devAvailable === false && <Typography variant="subtitle1" component="h2" sx={{ mb: 1 }}>Paste a token</Typography>}
          {devAvailable && (
            <Tabs value={effectiveMode} onChange={(_, value: Mode) => setMode(value)} sx={{ mb: 2 }} variant="fullWidth">
              <Tab value="dev" label="Development login" />
              <Tab value="token" label="Paste a token" />
            </Tabs>
          )}
          {devAvailable !== null && (
            <form onSubmit={submit}>
              <Stack spacing={2}>
                {effectiveMode === 'dev' ? (
                  <>
                    <Typography variant="body2" color="text.secondary">
                      Development only: pick a role and get a token from this server.
                    </Typography>
                    <TextField select label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} slotProps={{ htmlInput: { 'data-testid': 'role' } }}>
                      <MenuItem value="admin">Administrator (one account)</MenuItem>
                      <MenuItem value="editor">Editor (one account)</MenuItem>
                      <MenuItem value="support">Support</MenuItem>
                      <MenuItem value="auditor">Auditor</MenuItem>
                    </TextField>
                    {needsAccount && (
                      <TextField label="Account id" required value={accountId} onChange={(e) => setAccountId(e.target.value)} placeholder="acc_1" />
                    )}
                  </>
                ) : (
                  <TextField
                    label="API token"
                    required
                    multiline
                    minRows={3}
                    value={token}
                    onChange={(e) => setToken(e.target.value)}
                    helperText="A bearer token (JWT) from your identity provider for an administrator, editor, support or auditor. It must expire (exp)."
                  />
                )}
                {error && <Alert severity="error">{error}</Alert>}
                <Button type="submit" variant="contained" size="large" disabled={busy}>Log in</Button>
              </Stack>
            </form>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
