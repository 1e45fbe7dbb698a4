/**
 * Icons drawn as SVG paths (24x24 grid, stroked with currentColor), so they look the same in every
 * browser and never depend on a font having the glyph.
 */
const PATHS = {
  chevronLeft: 'M15 5l-7 7 7 7',
  chevronRight: 'M9 5l7 7-7 7',
  duplicate: 'M8 8h11v11H8z M5 16V5h11',
  remove: 'M6 6l12 12 M18 6L6 18',
  grip: 'M9 6h.01 M15 6h.01 M9 12h.01 M15 12h.01 M9 18h.01 M15 18h.01',
  undo: 'M9 14L4 9l5-5 M4 9h10a6 6 0 010 12h-3',
  redo: 'M15 14l5-5-5-5 M20 9H10a6 6 0 000 12h3',
  shuffle: 'M4 7h3c5 0 5 10 10 10h3 M17 14l3 3-3 3 M4 17h3c1.5 0 2.5-.8 3.3-2 M13.7 9c.8-1.2 1.8-2 3.3-2h3 M17 4l3 3-3 3',
  freeze: 'M12 3v18 M4.2 7.5l15.6 9 M4.2 16.5l15.6-9 M9.5 4.5L12 7l2.5-2.5 M9.5 19.5L12 17l2.5 2.5',
  close: 'M6 6l12 12 M18 6L6 18',
  plus: 'M12 5v14 M5 12h14',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4z M12 16.5a3.5 3.5 0 100-7 3.5 3.5 0 000 7',
  pencil: 'M4 20l4-1 11-11-3-3L5 16z M14 6l3 3',
  newPage: 'M14 3H6v18h12V7z M14 3v4h4 M12 11v6 M9 14h6',
  play: 'M7 5l12 7-12 7z',
  pause: 'M8 5v14 M16 5v14',
  stepBack: 'M6 5v14 M18 5l-9 7 9 7z',
  stepForward: 'M18 5v14 M6 5l9 7-9 7z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth={name === 'grip' ? 3.2 : 2} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
