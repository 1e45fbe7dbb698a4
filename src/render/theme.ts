/** Colours and sizes shared by every renderer. Text colours pass WCAG AA on the page background. */
export const theme = {
  background: '#ffffff',
  text: '#1f2933',
  mutedText: '#52606d',
  grid: '#e4e7eb',
  axis: '#52606d',
  font: '12px system-ui, sans-serif',
  series: {
    raw: '#9aa5b1',
    loss: '#c2410c',
    accuracy: '#1d4ed8',
    validation: '#047857',
  },
} as const;
