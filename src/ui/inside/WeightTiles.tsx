import { useEffect, useRef, useState } from 'react';
import { createColorLegendRenderer, formatLegendValue as formatValue } from '../../render/colorLegend';
import { createColorScale, valueRange } from '../../render/colorScale';
import { cellSizeFor, columnsFor, targetTileSize } from '../../render/featureMapLayout';
import type { Tiles } from '../../render/filterTiles';
import { colourTriples, createHeatmapGridRenderer, RGB_CHANNEL_NAMES, type HeatmapGridRenderer } from '../../render/heatmapGrid';
import type { InspectionView } from '../../store/inspectionSlice';
import { useInspection } from './useInspection';

const GAP = 3;

interface Props {
  /** What the tiles show, e.g. "Kernels"; names the picture for screen readers. */
  caption: string;
  /** Picks this picture's tiles out of a snapshot; null when the snapshot lacks them. */
  extract(view: InspectionView): Tiles | null;
  /** CSS pixels available across. */
  width: number;
  /** Tiles as large as a feature map, or at most this many pixels a cell (a long bias strip). */
  maxCell?: number;
}

/**
 * Weights as heat maps with one diverging scale (blue negative, red positive) symmetric around 0, so
 * equal colours mean equal weights across all tiles; live, from each snapshot.
 */
export function WeightTiles({ caption, extract, width, maxCell = 16 }: Props) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const legendRef = useRef<SVGSVGElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const renderer = useRef<HeatmapGridRenderer | null>(null);
  const legend = useRef<ReturnType<typeof createColorLegendRenderer> | null>(null);
  const tilesRef = useRef<Tiles | null>(null);
  const [geometry, setGeometry] = useState<{ h: number; w: number; count: number; columns: number | null } | null>(null);

  const cellSize = geometry ? Math.min(maxCell, cellSizeFor(geometry.h, geometry.w, geometry.count === 1 ? width : targetTileSize(geometry.count))) : 1;
  const fitted = geometry?.count === 1 ? Math.max(1, Math.min(cellSize, Math.floor(width / Math.max(1, geometry.w)))) : cellSize;
  const columns = geometry ? (geometry.columns ?? columnsFor(width, geometry.w * fitted, GAP, geometry.count)) : 1;

  useEffect(() => {
    const canvas = canvasRef.current;
    const legendSvg = legendRef.current;
    if (!canvas || !legendSvg) return;
    renderer.current = createHeatmapGridRenderer(canvas, { cellSize: 1, gap: GAP, columns: 1 });
    legend.current = createColorLegendRenderer(legendSvg, { width: 150 });
    return () => {
      renderer.current?.destroy();
      legend.current?.destroy();
    };
  }, []);

  useEffect(() => {
    renderer.current?.setLayout({ cellSize: fitted, columns });
  }, [fitted, columns]);

  useInspection((view) => {
    const tiles = view ? extract(view) : null;
    tilesRef.current = tiles;
    if (!tiles) return;
    setGeometry((g) => (g && g.h === tiles.height && g.w === tiles.width && g.count === tiles.count && g.columns === tiles.columns ? g : { h: tiles.height, w: tiles.width, count: tiles.count, columns: tiles.columns }));
    const [min, max] = valueRange(tiles.values);
    // All zeros (a fresh bias) still gets the signed scale, centred on white.
    const bound = Math.max(Math.abs(min), Math.abs(max)) || 1;
    const scale = createColorScale(-bound, bound);
    const channels = tiles.rgb ? 3 * tiles.count : tiles.count;
    // Colour tiles share the signed range too: mid-grey is 0, so equal colours are equal weights.
    const rgb = tiles.rgb ? colourTriples(channels, [-bound, bound]) : undefined;
    renderer.current?.update({ values: tiles.values, height: tiles.height, width: tiles.width, channels, scaleOf: () => scale, tiles: rgb });
    legend.current?.update(scale);
    // A colour picture is read by its hues (grey is 0), not through the blue-red scale.
    if (legendRef.current) legendRef.current.style.display = tiles.rgb ? 'none' : '';
    canvasRef.current?.setAttribute('aria-label', `${caption}: ${tiles.count} of ${tiles.height}x${tiles.width}, weights from ${formatValue(min)} to ${formatValue(max)}`);
  });

  return (
    <figure className="weight-tiles">
      <figcaption>
        {caption} <svg ref={legendRef} className="legend-svg" role="img" aria-label={`Colour scale of ${caption}`} />
      </figcaption>
      <canvas
        ref={canvasRef}
        className="maps-canvas"
        role="img"
        aria-label={caption}
        onPointerMove={(e) => {
          const cell = renderer.current?.cellAtClient(e.clientX, e.clientY);
          const tiles = tilesRef.current;
          if (!readoutRef.current) return;
          if (!cell || !tiles) {
            readoutRef.current.textContent = '';
            return;
          }
          const at = (cell.row * tiles.width + cell.col) * (tiles.rgb ? 3 * tiles.count : tiles.count);
          const value = tiles.rgb
            ? RGB_CHANNEL_NAMES.map((name, k) => `${name} ${formatValue(tiles.values[at + 3 * cell.channel + k] ?? NaN)}`).join(', ')
            : formatValue(tiles.values[at + cell.channel] ?? NaN);
          readoutRef.current.textContent = `${tiles.describe(cell.channel)}, row ${cell.row + 1}, column ${cell.col + 1}: ${value}`;
        }}
      />
      <p ref={readoutRef} className="readout" aria-live="off" />
    </figure>
  );
}
