import { useEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react';
import { formatShape } from '../../core/spec/format';
import type { TensorShape } from '../../core/spec/spec';
import { createColorLegendRenderer, formatLegendValue as formatValue } from '../../render/colorLegend';
import { channelCount, fitTiles, targetTileSize, vectorLayout, wrapVector } from '../../render/featureMapLayout';
import { channelOfTile, createHeatmapGridRenderer, type GridTile, type HeatmapCell, type HeatmapGridRenderer } from '../../render/heatmapGrid';
import type { LayerBoard } from './layerBoard';
import { drawWhenVisible } from './whenVisible';

const GAP = 4;

export interface LayerMapsProps {
  /** Spec layer index, or -1 for the input image. */
  index: number;
  /** "Layer 1, Conv2D" or "Input". */
  title: string;
  shape: TensorShape;
  board: LayerBoard;
  /** CSS pixels the maps may use across. */
  width: number;
  selected: boolean;
  /** Input pixels [h, w] one cell of this layer can see, for spatial layers. */
  receptiveSize?: readonly [number, number] | null;
  focusedChannel: number | null;
  onSelectLayer?(): void;
  onHover(index: number, cell: HeatmapCell | null, value: number | null): void;
  onOpenChannel?(channel: number): void;
  /** A click on a cell of a layer with a sliding window: show how that cell is computed. */
  onAnimateCell?(cell: HeatmapCell): void;
  onFocusChannel?(channel: number): void;
  /** What the tiles show when not one per channel (a colour input: the image, then its channels); the description says it. */
  tiles?: { tiles: readonly GridTile[]; description: string };
}

/** "8 feature maps of 24x24", "128 units". */
export function describeOutput(shape: TensorShape): string {
  if (shape.length === 3) return `${shape[2]} feature map${shape[2] === 1 ? '' : 's'} of ${shape[0]}x${shape[1]}`;
  return `${shape[0]} unit${shape[0] === 1 ? '' : 's'}`;
}

/** One layer's output as heat maps (one tile per channel) or, for a vector, a strip of its units. */
export function LayerMaps({ index, title, shape, board, width, selected, receptiveSize, focusedChannel, onSelectLayer, onHover, onOpenChannel, onAnimateCell, onFocusChannel, tiles: named }: LayerMapsProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const legendRef = useRef<SVGSVGElement>(null);
  const isMap = shape.length === 3;
  const [h, w] = isMap ? [shape[0] ?? 1, shape[1] ?? 1] : [1, shape[0] ?? 1];
  const channels = channelCount(shape);
  const strip = vectorLayout(w, width);
  const tileCount = named?.tiles.length ?? channels;
  const { cellSize, columns } = isMap ? fitTiles(width, h, w, tileCount, targetTileSize(tileCount), GAP) : strip;
  const layout = useRef({ cellSize, columns, isMap });
  const tilesRef = useRef(named?.tiles);
  tilesRef.current = named?.tiles;
  const valuesRef = useRef<Float32Array | null>(null);
  const rendererRef = useRef<HeatmapGridRenderer | null>(null);
  const description = `${title}: ${named?.description ?? describeOutput(shape)}`;

  useEffect(() => {
    const canvas = canvasRef.current;
    const legendSvg = legendRef.current;
    if (!canvas || !legendSvg) return;
    const renderer = createHeatmapGridRenderer(canvas, { cellSize: layout.current.cellSize, gap: GAP, columns: layout.current.columns });
    const legend = createColorLegendRenderer(legendSvg, { width: 150 });
    const gate = drawWhenVisible(canvas);
    const unregister = board.register(index, {
      show: (output, scaleOf) => gate.draw(() => {
        valuesRef.current = output.values;
        const { isMap: map, columns: cols } = layout.current;
        if (map) {
          const [oh = 1, ow = 1, oc = 1] = output.shape;
          renderer.update({ values: output.values, height: oh, width: ow, channels: oc, scaleOf, tiles: tilesRef.current });
        } else {
          const wrapped = wrapVector(output.values, cols);
          renderer.setLayout({ columns: 1 });
          renderer.update({ values: wrapped.grid, height: wrapped.rows, width: wrapped.columns, channels: 1, scaleOf });
        }
        const scale = scaleOf(0);
        legend.update(scale);
        canvas.setAttribute('aria-label', `${description}, values from ${formatValue(scale.domain[0])} to ${formatValue(scale.domain[1])}`);
      }),
      highlight: (box) => renderer.setHighlight(box),
    });
    rendererRef.current = renderer;
    return () => {
      unregister();
      gate.dispose();
      renderer.destroy();
      legend.destroy();
      rendererRef.current = null;
    };
  }, [board, index, description]);

  useEffect(() => {
    layout.current = { cellSize, columns, isMap };
    if (isMap) rendererRef.current?.setLayout({ cellSize, columns });
    else rendererRef.current?.setLayout({ cellSize });
  }, [cellSize, columns, isMap]);

  useEffect(() => {
    rendererRef.current?.setFocus(focusedChannel);
  }, [focusedChannel]);

  /** The cell under the pointer as the layer's own coordinates: a unit index for a vector. */
  const cellFromEvent = (event: MouseEvent<HTMLCanvasElement>): { cell: HeatmapCell; value: number } | null => {
    const hit = rendererRef.current?.cellAtClient(event.clientX, event.clientY);
    const values = valuesRef.current;
    if (!hit || !values) return null;
    if (!isMap) {
      const unit = hit.row * layout.current.columns + hit.col;
      return unit < w ? { cell: { channel: unit, row: 0, col: 0 }, value: values[unit] ?? NaN } : null;
    }
    const channel = channelOfTile({ channels, tiles: tilesRef.current }, hit.channel);
    if (channel === null) return null;
    return { cell: { ...hit, channel }, value: values[(hit.row * w + hit.col) * channels + channel] ?? NaN };
  };

  const onKeyDown = (event: KeyboardEvent<HTMLCanvasElement>) => {
    if (!isMap || !onFocusChannel) return;
    const current = focusedChannel ?? 0;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns };
    const move = moves[event.key];
    if (move !== undefined) {
      event.preventDefault();
      onFocusChannel(Math.min(channels - 1, Math.max(0, current + move)));
    } else if (event.key === 'Enter' && onOpenChannel) {
      event.preventDefault();
      onOpenChannel(current);
    }
  };

  return (
    <li>
      <div className={selected ? 'layer-maps selected' : 'layer-maps'} role="group" aria-label={description} data-layer-index={index}>
      <div className="layer-maps-header">
        {onSelectLayer ? (
          <button type="button" className="layer-maps-title" aria-pressed={selected} onClick={onSelectLayer}>
            {title}
          </button>
        ) : (
          <span className="layer-maps-title">{title}</span>
        )}
        <span className="layer-maps-shape">{formatShape(shape)}</span>
        {receptiveSize && <span className="layer-maps-shape">each cell sees {receptiveSize[0]}×{receptiveSize[1]} input pixels</span>}
        <svg ref={legendRef} className="legend-svg" role="img" aria-label={`Colour scale of ${title}`} />
      </div>
      <canvas
        ref={canvasRef}
        className="maps-canvas"
        role="img"
        tabIndex={isMap ? 0 : -1}
        aria-label={description}
        aria-keyshortcuts={isMap ? 'ArrowLeft ArrowRight ArrowUp ArrowDown Enter' : undefined}
        onPointerMove={(e) => {
          const hit = cellFromEvent(e);
          onHover(index, hit?.cell ?? null, hit?.value ?? null);
        }}
        onPointerLeave={() => onHover(index, null, null)}
        onClick={(e) => {
          const hit = cellFromEvent(e);
          if (hit && isMap && onAnimateCell) onAnimateCell(hit.cell);
          else if (hit && isMap) onOpenChannel?.(hit.cell.channel);
          else onSelectLayer?.();
        }}
        onKeyDown={onKeyDown}
      />
      </div>
    </li>
  );
}
