import { useEffect, useRef } from 'react';
import { createColorLegendRenderer, formatLegendValue as formatValue, type ColorLegendRenderer } from '../../render/colorLegend';
import { createColorScale, valueRange } from '../../render/colorScale';
import { createHeatmapGridRenderer, type HeatmapGridRenderer } from '../../render/heatmapGrid';
import { useAppStore, useAppStoreApi } from '../context';
import { Icon } from '../Icon';
import { useNetworkAnalysis } from '../useNetworkAnalysis';
import { layerTitle } from './layerTitle';
import { useInspection } from './useInspection';

const ZOOM_PX = 336;

interface Props {
  layerIndex: number;
  channel: number;
  onChannel(channel: number): void;
  onClose(): void;
}

/** One feature map, large, live, with the value of the cell under the pointer; arrow keys step through the maps. */
export function ChannelZoom({ layerIndex, channel, onChannel, onClose }: Props) {
  const spec = useAppStore((s) => s.spec);
  const store = useAppStoreApi();
  const analysis = useNetworkAnalysis();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const legendRef = useRef<SVGSVGElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const renderer = useRef<HeatmapGridRenderer | null>(null);
  const legend = useRef<ColorLegendRenderer | null>(null);
  const mapRef = useRef<Float32Array | null>(null);
  const shape = analysis.layers[layerIndex]?.outputShape ?? [1, 1, 1];
  const [h = 1, w = 1, channels = 1] = shape;
  const cellSize = Math.max(1, Math.floor(ZOOM_PX / Math.max(h, w)));
  const title = `${layerTitle(spec, layerIndex)}, map ${channel + 1} of ${channels}`;

  useEffect(() => {
    const dialog = dialogRef.current;
    const canvas = canvasRef.current;
    const legendSvg = legendRef.current;
    if (!dialog || !canvas || !legendSvg) return;
    if (!dialog.open) dialog.showModal();
    renderer.current = createHeatmapGridRenderer(canvas, { cellSize, gap: 0, columns: 1 });
    legend.current = createColorLegendRenderer(legendSvg, { width: 260 });
    return () => {
      renderer.current?.destroy();
      legend.current?.destroy();
    };
  }, [cellSize]);

  const drawView = () => {
    const view = store.getState().inspection;
    const layerId = spec.layers[layerIndex]?.id;
    const output = view && layerId ? view.snapshot.layers[view.layerIds.indexOf(layerId)] : undefined;
    if (!output || output.shape.length !== 3) return;
    const map = new Float32Array(h * w);
    for (let p = 0; p < h * w; p++) map[p] = output.values[p * channels + channel] ?? NaN;
    mapRef.current = map;
    const [min, max] = valueRange(map);
    const scale = createColorScale(min, max);
    renderer.current?.update({ values: map, height: h, width: w, channels: 1, scaleOf: () => scale });
    legend.current?.update(scale);
    canvasRef.current?.setAttribute('aria-label', `${title}: ${h}x${w} values from ${formatValue(min)} to ${formatValue(max)}`);
  };
  useInspection(drawView);
  useEffect(drawView);

  return (
    <dialog
      ref={dialogRef}
      className="zoom-dialog"
      aria-labelledby="zoom-title"
      onClose={onClose}
      onKeyDown={(e) => {
        const move = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (move !== 0) {
          e.preventDefault();
          onChannel(Math.min(channels - 1, Math.max(0, channel + move)));
        }
      }}
    >
      <div className="zoom-header">
        <h2 id="zoom-title">{title}</h2>
        <button type="button" className="icon-only" aria-label="Close" onClick={() => dialogRef.current?.close()}>
          <Icon name="close" />
        </button>
      </div>
      <canvas
        ref={canvasRef}
        className="zoom-canvas"
        role="img"
        aria-label={title}
        onPointerMove={(e) => {
          const cell = renderer.current?.cellAtClient(e.clientX, e.clientY);
          const value = cell ? mapRef.current?.[cell.row * w + cell.col] : undefined;
          if (readoutRef.current) readoutRef.current.textContent = cell && value !== undefined ? `Row ${cell.row + 1}, column ${cell.col + 1}: ${formatValue(value)}` : 'Point at a cell to read its value.';
        }}
      />
      <svg ref={legendRef} className="legend-svg" role="img" aria-label="Colour scale of this map" />
      <p ref={readoutRef} className="readout" aria-live="polite">
        Point at a cell to read its value.
      </p>
      <div className="zoom-buttons">
        <button type="button" className="icon-button" disabled={channel === 0} onClick={() => onChannel(channel - 1)}>
          <Icon name="chevronLeft" /> Previous map
        </button>
        <button type="button" className="icon-button" disabled={channel >= channels - 1} onClick={() => onChannel(channel + 1)}>
          Next map <Icon name="chevronRight" />
        </button>
      </div>
    </dialog>
  );
}
