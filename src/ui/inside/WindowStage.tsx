import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { createConvolutionRenderer, type ConvolutionRenderer } from '../../render/convolutionScene';
import { Icon } from '../Icon';
import { paddedSource } from '../../core/math/convolution';
import type { CellBox } from '../../core/math/receptiveField';
import { createColorScale, valueRange } from '../../render/colorScale';
import { cellSizeFor, targetTileSize } from '../../render/featureMapLayout';
import { colourAndChannels, createHeatmapGridRenderer, RGB_CHANNEL_NAMES, type HeatmapGridRenderer } from '../../render/heatmapGrid';
import { animationStep, drawnInputChannel, sceneFor, type AnimationSource } from './convolution/animationModel';
import { arithmeticLines, formatNumber, spokenStep } from './convolution/describeStep';
import { openingPosition, type PendingStart } from './convolution/opening';
import { createPlayer, PLAYER_SPEEDS } from './convolution/player';

/** The latest animation material, read and watched outside React (a snapshot a few times a second). */
export interface SourceFeed {
  get(): AnimationSource | null;
  set(source: AnimationSource | null): void;
  subscribe(listener: () => void): () => void;
}

export function createSourceFeed(): SourceFeed {
  let current: AnimationSource | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(source) {
      current = source;
      listeners.forEach((listener) => listener());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function usePrefersReducedMotion(): boolean {
  const query = useMemo(() => (typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null), []);
  return useSyncExternalStore(
    (notify) => {
      query?.addEventListener('change', notify);
      return () => query?.removeEventListener('change', notify);
    },
    () => query?.matches ?? false,
  );
}

/** What a cell of the padded input holds: an input value, or for the border, what it copies (or that it is a zero). */
function describeInputCell(source: AnimationSource, row: number, col: number, inChannel: number): string {
  const { input, window } = source;
  const valueAt = (r: number, c: number) => formatNumber(input.values[(r * input.width + c) * input.channels + inChannel] ?? NaN);
  if (row >= 0 && col >= 0 && row < input.height && col < input.width) return `Input row ${row + 1}, column ${col + 1}: ${valueAt(row, col)}`;
  const where = `Border cell (row ${row + 1}, column ${col + 1})`;
  if (window.kind === 'max' || window.kind === 'avg') return `${where}: padding, ${window.kind === 'max' ? 'never the max' : window.countPadding ? 'a zero in the mean' : 'not counted in the mean'}`;
  const r = paddedSource(row, input.height, window.mode);
  const c = paddedSource(col, input.width, window.mode);
  if (r === null || c === null) return `${where}: a zero (${window.mode} padding)`;
  return `${where}: a copy of input row ${r + 1}, column ${c + 1} (${window.mode} padding): ${valueAt(r, c)}`;
}

/** CSS pixels per cell so that `cells` fit in `share` of the stage's width, within [min, max]. */
const cellFor = (width: number, share: number, cells: number, min: number, max: number) => Math.max(min, Math.min(max, Math.floor((width * share) / Math.max(1, cells))));

interface Props {
  feed: SourceFeed;
  /** Output positions [rows, columns], known from the shapes before any material arrives. */
  outSize: readonly [number, number];
  /** The output channel followed. */
  channel: number;
  /** The input channel whose products are written out and drawn (for full convs). */
  chosenInput: number;
  /** Where to jump when it changes (a click on a feature map); null for nowhere. */
  target: { row: number; col: number; serial: number } | null;
  /** Hears that the stage took `target` (the store then forgets it, so it never reopens there). */
  onTarget?: (serial: number) => void;
  /**
   * The network layer whose material the feed brings: without a target, the stage opens (and, when
   * the channel changes, moves) to the first position whose window covers ink, once the feed holds
   * this layer's material. The sandbox leaves it out and opens at the first position.
   */
  inkStartLayerId?: string;
  /** Names the kernel picture: "Kernel (current weights)", "Max over the window", ... */
  kernelCaption: string;
  inputCaption: string;
  /** Whether tfjs computed the output (the network) or the reference math did (the sandbox). */
  checked: boolean;
  /** Also draws every input channel as a tile with the window on each (a full conv sums them all). */
  allInputs?: boolean;
  /** The input is the colour image: the tiles start with it in colour, and the arithmetic names its channels. */
  colourInput?: boolean;
}

const TILE_GAP = 3;

/** Every input channel as a tile, the window's span outlined on each; the tiles change with the material, the outline with the position. */
function AllInputs({ feed, span, colour }: { feed: SourceFeed; span: CellBox | null; colour: boolean }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const rendererRef = useRef<HeatmapGridRenderer | null>(null);
  const [size, setSize] = useState<{ h: number; w: number; c: number } | null>(null);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const renderer = createHeatmapGridRenderer(canvas, { cellSize: 2, gap: TILE_GAP, columns: 8 });
    rendererRef.current = renderer;
    const show = () => {
      const source = feed.get();
      if (!source) return;
      const { values, height, width, channels } = source.input;
      const [min, max] = valueRange(values);
      const scale = createColorScale(Math.min(0, min), max);
      const tiles = colour && channels === 3 ? colourAndChannels() : undefined;
      const count = tiles?.length ?? channels;
      renderer.setLayout({ cellSize: cellSizeFor(height, width, targetTileSize(count)), columns: Math.min(count, 8) });
      renderer.update({ values, height, width, channels, scaleOf: () => scale, tiles });
      setSize((s) => (s && s.h === height && s.w === width && s.c === channels ? s : { h: height, w: width, c: channels }));
    };
    show();
    const unsubscribe = feed.subscribe(show);
    return () => {
      unsubscribe();
      renderer.destroy();
    };
  }, [feed, colour]);
  useEffect(() => rendererRef.current?.setHighlight(span), [span]);
  const caption = colour ? 'The colour input, then its red, green and blue channels, the window on each: the output sums the three' : `All ${size?.c ?? ''} input channels, the window on each: the output sums them all`;
  const label = colour
    ? `The colour input of ${size?.h ?? ''}x${size?.w ?? ''} and its red, green and blue channels, the window outlined on each`
    : `All ${size?.c ?? ''} input channels of ${size?.h ?? ''}x${size?.w ?? ''}, the window outlined on each`;
  return (
    <figure className="all-inputs">
      <figcaption>{caption}</figcaption>
      <canvas ref={canvasRef} role="img" aria-label={label} />
    </figure>
  );
}

/**
 * A window sliding over one input channel: the padded input, the kernel, the output filling in,
 * the controls (step, play, speed, position, arrow keys) and the arithmetic at each position, with
 * a live region that speaks the output value. Material and steps are drawn outside React.
 */
export function WindowStage({ feed, outSize, channel, chosenInput, target, onTarget, inkStartLayerId, kernelCaption, inputCaption, checked, allInputs = false, colourInput = false }: Props) {
  const [span, setSpan] = useState<CellBox | null>(null);
  const reducedMotion = usePrefersReducedMotion();
  const ids = { speed: useId(), position: useId() };
  const [width, setWidth] = useState(560);
  const player = useMemo(() => createPlayer(), []);
  useEffect(() => () => player.destroy(), [player]);
  const playing = useSyncExternalStore(player.subscribe, () => player.getState().playing);
  const position = useSyncExternalStore(player.subscribe, () => player.getState().position);
  const count = useSyncExternalStore(player.subscribe, () => player.getState().count);
  const speed = useSyncExternalStore(player.subscribe, () => player.getState().speed);
  const waiting = useSyncExternalStore(feed.subscribe, () => feed.get() === null);
  const [outHeight, outWidth] = outSize;
  // Where the stage still has to open; the next draw that can settles it.
  const pendingStart = useRef<PendingStart>(inkStartLayerId === undefined ? null : { kind: 'ink' });
  const followedChannel = useRef(channel);

  const rootRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLCanvasElement>(null);
  const kernelRef = useRef<HTMLCanvasElement>(null);
  const outputRef = useRef<HTMLCanvasElement>(null);
  const linesRef = useRef<HTMLDivElement>(null);
  const spokenRef = useRef<HTMLParagraphElement>(null);
  const valueRef = useRef<HTMLOutputElement>(null);
  const hoverRef = useRef<HTMLParagraphElement>(null);
  const rendererRef = useRef<ConvolutionRenderer | null>(null);

  useEffect(() => {
    const root = rootRef.current;
    if (!root) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(260, Math.floor(entry.contentRect.width))));
    observer.observe(root);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const [input, kernel, output] = [inputRef.current, kernelRef.current, outputRef.current];
    if (!input || !kernel || !output) return;
    rendererRef.current = createConvolutionRenderer({ input, kernel, output });
    return () => {
      rendererRef.current?.destroy();
      rendererRef.current = null;
    };
  }, []);

  /** Draws the current position of the latest material: the scene, the arithmetic, the spoken value. */
  const drawStep = () => {
    const source = feed.get();
    // The feed may still hold the previous layer's material just after the layer changed: ink is looked for only in this layer's.
    const opening = openingPosition(pendingStart.current, source && source.layer.id === inkStartLayerId ? source : null, channel, outWidth);
    if (opening !== null) {
      pendingStart.current = null;
      player.seek(opening);
    }
    const renderer = rendererRef.current;
    if (!source || !renderer) return;
    const step = animationStep(source, Math.min(player.getState().position, source.output.height * source.output.width - 1), Math.min(channel, source.output.channels - 1));
    const inChannel = drawnInputChannel(source, step.channel, chosenInput);
    const scene = sceneFor(source, step, inChannel);
    const paddedCols = scene.input.width + scene.pads.left + scene.pads.right;
    const kernelCols = scene.kernel ? (scene.kernel.width - 1) * scene.dilation[1] + 1 : 1;
    const root = rootRef.current;
    if (root) {
      // For tests: where the window's top-left tap is (relative to the unpadded input) and how wide the dilated kernel is drawn.
      root.dataset.window = `${scene.span.rowStart},${scene.span.colStart}`;
      root.dataset.kernelSpan = scene.kernel ? `${(scene.kernel.height - 1) * scene.dilation[0] + 1}x${kernelCols}` : '';
    }
    if (allInputs) {
      // The window's span inside the input (the border is not drawn on the tiles).
      const box = {
        rowStart: Math.max(0, scene.span.rowStart),
        rowEnd: Math.min(scene.input.height - 1, scene.span.rowEnd),
        colStart: Math.max(0, scene.span.colStart),
        colEnd: Math.min(scene.input.width - 1, scene.span.colEnd),
      };
      setSpan((s) => (s && s.rowStart === box.rowStart && s.rowEnd === box.rowEnd && s.colStart === box.colStart && s.colEnd === box.colEnd ? s : box));
    }
    // Side by side on a wide panel; on a phone the three wrap, so each may take most of the width.
    const narrow = width < 520;
    renderer.update(scene, {
      inputCell: cellFor(width, narrow ? 0.9 : 0.44, paddedCols, 4, 34),
      kernelCell: cellFor(width, narrow ? 0.45 : 0.2, kernelCols, 12, 40),
      outputCell: cellFor(width, narrow ? 0.9 : 0.3, scene.output.width, 4, 34),
    });
    if (linesRef.current) {
      const lines = arithmeticLines(step, source.activation, inChannel, checked, colourInput ? RGB_CHANNEL_NAMES : undefined);
      linesRef.current.replaceChildren(...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
    }
    if (spokenRef.current) spokenRef.current.textContent = spokenStep(step);
    const value = valueRef.current;
    if (value) {
      value.textContent = formatNumber(step.tfjs);
      value.dataset.value = String(step.tfjs);
      value.dataset.computed = String(step.value);
    }
  };
  const drawRef = useRef(drawStep);
  // These run before the draw below, which settles where to open: the positions there are, then a
  // channel change (look for ink again), then a click (it wins over ink).
  useEffect(() => player.setCount(outHeight * outWidth), [player, outHeight, outWidth]);
  useEffect(() => {
    if (followedChannel.current === channel) return;
    followedChannel.current = channel;
    if (inkStartLayerId !== undefined) pendingStart.current = { kind: 'ink' };
  }, [channel, inkStartLayerId]);
  useEffect(() => {
    if (!target) return;
    pendingStart.current = { kind: 'cell', row: target.row, col: target.col };
    onTarget?.(target.serial);
  }, [target, onTarget]);
  // Every render draws: a step of the player re-renders (its position is React state, for the
  // slider), so this covers the player; new material arrives outside React, through the feed.
  useEffect(() => {
    drawRef.current = drawStep;
    drawStep();
  });
  useEffect(
    () =>
      feed.subscribe(() => {
        // For tests and the benchmark: which training step the stage now shows, and how many it drew.
        const root = rootRef.current;
        const source = feed.get();
        if (root && source) {
          root.dataset.step = String(source.step);
          root.dataset.draws = String(Number(root.dataset.draws ?? 0) + 1);
        }
        drawRef.current();
      }),
    [feed],
  );

  useEffect(() => {
    if (reducedMotion) player.pause();
  }, [reducedMotion, player]);

  const row = Math.floor(position / outWidth);
  const col = position % outWidth;

  const onCanvasKey = (event: KeyboardEvent<HTMLCanvasElement>) => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -outWidth, ArrowDown: outWidth };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    player.step(move);
  };

  const hover = (which: 'input' | 'kernel' | 'output', clientX: number, clientY: number) => {
    const readout = hoverRef.current;
    const source = feed.get();
    const cell = rendererRef.current?.cellAt(which, clientX, clientY);
    if (!readout) return;
    if (!cell || !source) {
      readout.textContent = '';
      return;
    }
    const inChannel = drawnInputChannel(source, channel, chosenInput);
    if (which === 'kernel' && source.kernel) {
      const [kh, kw, kin, klast] = source.kernel.shape;
      const last = source.window.kind === 'conv' ? channel : source.window.kind === 'depthwise' ? channel % klast : 0;
      const v = source.kernel.values[((cell.row * kw + cell.col) * kin + inChannel) * klast + last] ?? NaN;
      readout.textContent = `Kernel row ${cell.row + 1} of ${kh}, column ${cell.col + 1} of ${kw}: weight ${formatNumber(v)}`;
    } else if (which === 'output') {
      const v = source.output.values[(cell.row * source.output.width + cell.col) * source.output.channels + channel] ?? NaN;
      readout.textContent = `Output row ${cell.row + 1}, column ${cell.col + 1}: ${formatNumber(v)}`;
    } else {
      readout.textContent = describeInputCell(source, cell.row, cell.col, inChannel);
    }
  };

  return (
    <div ref={rootRef} className="window-stage">
      <div className="convolution-stage">
        <figure>
          <figcaption>{inputCaption}</figcaption>
          <canvas
            ref={inputRef}
            tabIndex={0}
            role="img"
            aria-label={`The layer's input with the window at row ${row + 1}, column ${col + 1}; arrow keys move it`}
            aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown"
            onKeyDown={onCanvasKey}
            onPointerMove={(e) => hover('input', e.clientX, e.clientY)}
          />
        </figure>
        <figure className="convolution-kernel">
          <figcaption>{kernelCaption}</figcaption>
          <canvas ref={kernelRef} role="img" aria-label={kernelCaption} onPointerMove={(e) => hover('kernel', e.clientX, e.clientY)} />
        </figure>
        <figure>
          <figcaption>
            Output map {channel + 1}: <output ref={valueRef} aria-label="Output value" />
          </figcaption>
          <canvas
            ref={outputRef}
            role="img"
            aria-label={`Output map ${channel + 1}, filled in up to row ${row + 1}, column ${col + 1}`}
            onPointerMove={(e) => hover('output', e.clientX, e.clientY)}
            onClick={(e) => {
              const cell = rendererRef.current?.cellAt('output', e.clientX, e.clientY);
              if (cell) player.seek(cell.row * outWidth + cell.col);
            }}
          />
        </figure>
      </div>
      {allInputs && <AllInputs feed={feed} span={span} colour={colourInput} />}
      <p ref={hoverRef} className="readout" aria-live="off" />
      <div className="convolution-controls">
        <button type="button" className="icon-button" onClick={() => player.step(-1)} disabled={position === 0}>
          <Icon name="stepBack" /> Step back
        </button>
        {playing ? (
          <button type="button" className="icon-button" onClick={() => player.pause()}>
            <Icon name="pause" /> Pause
          </button>
        ) : (
          <button type="button" className="icon-button" onClick={() => player.play()} disabled={reducedMotion} title={reducedMotion ? 'Motion is reduced: step with the buttons or the arrow keys' : undefined}>
            <Icon name="play" /> Play
          </button>
        )}
        <button type="button" className="icon-button" onClick={() => player.step(1)} disabled={position >= count - 1}>
          Step forward <Icon name="stepForward" />
        </button>
        <div className="field inline">
          <label htmlFor={ids.speed}>Speed</label>
          <select id={ids.speed} value={speed} onChange={(e) => player.setSpeed(Number(e.target.value))}>
            {PLAYER_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s} per second
              </option>
            ))}
          </select>
        </div>
        <div className="field inline position-field">
          <label htmlFor={ids.position}>Position</label>
          <input id={ids.position} type="range" min={0} max={Math.max(0, count - 1)} value={position} aria-valuetext={`Row ${row + 1}, column ${col + 1}`} onChange={(e) => player.seek(Number(e.target.value))} />
        </div>
      </div>
      {waiting && <p className="hint">Waiting for the network’s pictures…</p>}
      <div ref={linesRef} className="arithmetic" aria-label="The arithmetic at this position" role="group" />
      <p ref={spokenRef} className="visually-hidden" role="status" aria-live="polite" />
    </div>
  );
}
