/**
 * The confusion matrix as an HTML table drawn with d3: one row per true class, one column per
 * predicted class, each cell its count in steps of blue (log, so a dozen mistakes still shows
 * beside a thousand right answers), and per-class accuracy at the end of each row. A table, so a
 * screen reader reads it cell by cell with its headers; each cell holds a button that opens its
 * images. The 100 buttons are one tab stop (a roving tabindex): the arrow keys move between them.
 */
import * as d3 from 'd3';

export interface ConfusionMatrixData {
  /** One name per class, in label order ("7", "Sneaker"). */
  classNames: readonly string[];
  /** counts[t * classes + p]. */
  counts: ArrayLike<number>;
  perClass: { count: number; accuracy: number }[];
}

export interface MatrixCell {
  truth: number;
  predicted: number;
}

export interface ConfusionMatrixRenderer {
  update(data: ConfusionMatrixData | null): void;
  /** Marks the cell whose images are shown (pressed), or none. */
  select(cell: MatrixCell | null): void;
  destroy(): void;
}

export interface ConfusionMatrixOptions {
  /** A cell's button was pressed. */
  onSelect(cell: MatrixCell): void;
}

interface CellDatum {
  t: number;
  p: number;
  n: number;
}

const relativeLuminance = (colour: string): number => {
  const { r, g, b } = d3.rgb(colour);
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
};
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
const DARK_TEXT = '#111827';
const LIGHT_TEXT = '#ffffff';

/** Whichever of dark and white text has the higher WCAG contrast on the cell's colour. */
function textColour(background: string): string {
  const l = relativeLuminance(background);
  return contrast(l, relativeLuminance(DARK_TEXT)) >= contrast(l, relativeLuminance(LIGHT_TEXT)) ? DARK_TEXT : LIGHT_TEXT;
}

/** "true 4, predicted 9: 12 images", "true Shirt, predicted T-shirt/top: 112 images": what a cell's button says. */
export function cellName(cell: MatrixCell, count: number, classNames: readonly string[]): string {
  const name = (c: number) => classNames[c] ?? String(c);
  return `true ${name(cell.truth)}, predicted ${name(cell.predicted)}: ${count.toLocaleString('en-US')} image${count === 1 ? '' : 's'}`;
}

/** Column headers this long stand on end, so ten columns stay narrow. */
const UPRIGHT_HEADER_LENGTH = 3;

const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export function createConfusionMatrixRenderer(el: HTMLElement, options: ConfusionMatrixOptions): ConfusionMatrixRenderer {
  const table = d3.select(el).append('table').attr('class', 'confusion-matrix');
  table.append('caption').attr('class', 'visually-hidden').text('Confusion matrix: rows are the true classes, columns the predicted ones; each cell opens its images');
  const head = table.append('thead').append('tr');
  const body = table.append('tbody');
  let classes = 0;
  let selected: MatrixCell | null = null;
  /** The cell whose button takes the tab stop. */
  let current: MatrixCell = { truth: 0, predicted: 0 };

  const buttons = () => body.selectAll<HTMLButtonElement, CellDatum>('button');
  const paintSelection = () => {
    buttons()
      .attr('aria-pressed', (d) => String(selected !== null && d.t === selected.truth && d.p === selected.predicted))
      .attr('tabindex', (d) => (d.t === current.truth && d.p === current.predicted ? 0 : -1));
  };
  const focusCell = (cell: MatrixCell) => {
    current = cell;
    paintSelection();
    buttons()
      .filter((d) => d.t === cell.truth && d.p === cell.predicted)
      .node()
      ?.focus();
  };

  body.on('keydown', (event: KeyboardEvent) => {
    const move = ARROWS[event.key];
    let next: MatrixCell | null = null;
    if (move) next = { truth: current.truth + move[0], predicted: current.predicted + move[1] };
    else if (event.key === 'Home') next = { truth: current.truth, predicted: 0 };
    else if (event.key === 'End') next = { truth: current.truth, predicted: classes - 1 };
    if (!next) return;
    event.preventDefault();
    const clamp = (v: number) => Math.min(Math.max(v, 0), classes - 1);
    focusCell({ truth: clamp(next.truth), predicted: clamp(next.predicted) });
  });

  return {
    update(data) {
      if (!data) {
        head.selectAll('*').remove();
        body.selectAll('*').remove();
        classes = 0;
        return;
      }
      const { counts, perClass, classNames } = data;
      classes = classNames.length;
      const name = (c: number) => classNames[c] ?? String(c);
      const upright = classNames.some((n) => n.length > UPRIGHT_HEADER_LENGTH);
      const max = Math.max(1, ...Array.from(counts));
      // Eight steps of a single-hue ramp on a log scale: every step has dark or white text at 4.5:1,
      // which no continuous ramp (cividis, viridis) allows through its middle tones.
      const steps = (d3.schemeBlues[9] ?? []).slice(1);
      const level = d3.scaleLog().domain([1, max + 1]).range([0, steps.length - 1e-9]);
      const colour = (n: number) => steps[Math.floor(level(n))] ?? steps[steps.length - 1] ?? '#08306b';
      const classIds = d3.range(classes);
      head
        .selectAll('th')
        .data(['true \\ predicted', ...classIds.map(name), 'right'])
        .join('th')
        .attr('scope', 'col')
        .classed('upright', (_d, i) => upright && i > 0 && i <= classes)
        .text((d) => d);
      const rows = body.selectAll<HTMLTableRowElement, number>('tr').data(classIds).join('tr');
      rows
        .selectAll<HTMLTableCellElement, string>('th')
        .data((t) => [name(t)])
        .join('th')
        .attr('scope', 'row')
        .text((d) => d);
      const cells = rows
        .selectAll<HTMLTableCellElement, CellDatum>('td.cell')
        .data((t) => classIds.map((p) => ({ t, p, n: counts[t * classes + p] ?? 0 })))
        .join('td')
        .attr('class', (d) => (d.t === d.p ? 'cell diagonal' : 'cell'))
        .attr('data-count', (d) => d.n)
        .style('background', (d) => (d.n === 0 ? 'transparent' : colour(d.n + 1)));
      cells
        .selectAll<HTMLButtonElement, CellDatum>('button')
        .data((d) => [d])
        .join((enter) =>
          enter
            .append('button')
            .attr('type', 'button')
            .on('click', (_event, d) => {
              current = { truth: d.t, predicted: d.p };
              options.onSelect(current);
            }),
        )
        .attr('aria-label', (d) => cellName({ truth: d.t, predicted: d.p }, d.n, classNames))
        .attr('title', (d) => cellName({ truth: d.t, predicted: d.p }, d.n, classNames))
        .style('color', (d) => (d.n === 0 ? '#52606d' : textColour(colour(d.n + 1))))
        .text((d) => d.n);
      rows
        .selectAll<HTMLTableCellElement, number>('td.class-accuracy')
        .data((t) => [perClass[t]?.accuracy ?? NaN])
        .join('td')
        .attr('class', 'class-accuracy')
        .text((a) => (Number.isNaN(a) ? '—' : `${(a * 100).toFixed(1)}%`));
      paintSelection();
    },
    select(cell) {
      selected = cell;
      if (cell) current = cell;
      paintSelection();
    },
    destroy() {
      body.on('keydown', null);
      table.remove();
    },
  };
}
