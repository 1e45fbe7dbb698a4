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
  heatmap: {
    /** Behind tiles and blank (NaN) cells. */
    blank: '#e4e7eb',
    /** Receptive-field outline: drawn dark over a light halo so it shows on every colour of both scales. */
    outline: '#111827',
    outlineHalo: '#ffffff',
    /** The focused or selected tile; the page's focus colour. */
    focus: '#f59e0b',
  },
  histogram: {
    bar: '#4c78a8',
    /** The dashed line at 0. */
    zero: '#1f2933',
  },
  probability: {
    /** The predicted class (argmax). */
    predicted: '#1d4ed8',
    other: '#b8c2cc',
    /** Outline of the true class when the prediction is wrong; orange reads apart from blue for colour-blind eyes. */
    label: '#c2410c',
  },
} as const;
