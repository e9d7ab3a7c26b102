import { defaultTheme, type RaThemeOptions } from 'react-admin';

export const theme: RaThemeOptions = {
  ...defaultTheme,
  palette: { ...defaultTheme.palette, primary: { main: '#1f4fd1' }, secondary: { main: '#243b6b' }, background: { default: '#f4f6fa' } },
  typography: { fontFamily: 'Roboto, system-ui, -apple-system, "Segoe UI", sans-serif' },
  components: {
    ...defaultTheme.components,
    // At a phone's width wide tables scroll inside their card instead of widening the whole page.
    // (react-admin's layout is `min-width: fit-content`, which lets one wide table widen every page.)
    RaLayout: { styleOverrides: { root: { minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 } } } },
    RaList: { styleOverrides: { root: { minWidth: 0, '& .RaList-content': { minWidth: 0 } } } },
    RaShow: { styleOverrides: { root: { minWidth: 0, '& .RaShow-card': { minWidth: 0 } } } },
    // Contrast of at least 4.5:1 (WCAG 1.4.3): MUI's error red on a filled field's grey is 4.4:1, and its
    // disabled grey (38 % black) is 2.5:1 for helper texts that an Editor still needs to read.
    MuiInputLabel: { styleOverrides: { filled: { '&.Mui-error': { color: '#b71c1c' } } } },
    MuiFormHelperText: { styleOverrides: { root: { '&.Mui-disabled': { color: 'rgba(0, 0, 0, 0.6)' } } } },
    RaDatagrid: { styleOverrides: { root: { '& .RaDatagrid-tableWrapper': { overflowX: 'auto' } } } },
  },
};
