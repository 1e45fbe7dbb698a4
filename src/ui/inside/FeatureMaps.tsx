import { useEffect, useMemo, useRef, useState } from 'react';
import { receptiveField, receptiveFieldSizes } from '../../core/math/receptiveField';
import { formatLegendValue as formatValue } from '../../render/colorLegend';
import { scalesFor, type LayerValues, type ScaleMode } from '../../render/featureMapLayout';
import { colourAndChannels, RGB_CHANNEL_NAMES, type HeatmapCell } from '../../render/heatmapGrid';
import type { InspectionView } from '../../store/inspectionSlice';
import { useAppStore } from '../context';
import { useDataset } from '../useDataset';
import { useNetworkAnalysis } from '../useNetworkAnalysis';
import { ChannelZoom } from './ChannelZoom';
import { animationUnavailable } from './convolution/animationModel';
import { LayerBoard } from './layerBoard';
import { LayerMaps } from './LayerMaps';
import { layerTitle } from './layerTitle';
import { OutputProbabilities } from './OutputProbabilities';
import { isProbabilityOutput } from './probabilityOutput';
import { useInspection } from './useInspection';

const sameShape = (a: readonly number[], b: readonly number[] | null) => b !== null && a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Every layer's output for the probe image, drawn from the latest snapshot outside React. Hovering a
 * cell outlines its receptive field in the input and every layer between; clicking a map opens it large.
 */
export function FeatureMaps() {
  const spec = useAppStore((s) => s.spec);
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const selectedChannel = useAppStore((s) => s.selectedChannel);
  const selectLayer = useAppStore((s) => s.selectLayer);
  const selectChannel = useAppStore((s) => s.selectChannel);
  const animateCell = useAppStore((s) => s.animateCell);
  const problem = useAppStore((s) => s.inspectionProblem);
  const analysis = useNetworkAnalysis();
  const classes = useDataset().classNames.length;
  const board = useMemo(() => new LayerBoard(), []);
  const fieldSizes = useMemo(() => receptiveFieldSizes(spec), [spec]);
  const colourInput = spec.inputShape[2] === 3;
  const inputTiles = useMemo(() => (colourInput ? { tiles: colourAndChannels(), description: `the colour image and its red, green and blue channels, ${spec.inputShape[0]}x${spec.inputShape[1]}` } : undefined), [colourInput, spec.inputShape]);
  const listRef = useRef<HTMLOListElement>(null);
  const readoutRef = useRef<HTMLParagraphElement>(null);
  const [width, setWidth] = useState(600);
  const [zoom, setZoom] = useState<{ index: number; channel: number } | null>(null);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(120, Math.floor(entry.contentRect.width) - 16)));
    observer.observe(list);
    return () => observer.disconnect();
  }, []);

  const draw = (view: InspectionView | null, mode: ScaleMode) => {
    if (!view) return;
    const { snapshot, layerIds } = view;
    const [h, w, c] = spec.inputShape;
    const shown: { index: number; values: LayerValues; inScale: boolean }[] = [{ index: -1, values: { values: snapshot.probe.pixels, shape: [h, w, c] }, inScale: true }];
    spec.layers.forEach((layer, i) => {
      const output = snapshot.layers[layerIds.indexOf(layer.id)];
      const expected = analysis.layers[i]?.outputShape ?? null;
      if (output && sameShape(output.shape, expected)) shown.push({ index: i, values: output, inScale: !isProbabilityOutput(spec, i, expected, classes) });
    });
    const scaled = shown.filter((s) => s.inScale);
    const scales = scalesFor(
      scaled.map((s) => s.values),
      mode,
    );
    // For tests and the benchmark: which network and training step the maps now show.
    const list = listRef.current;
    if (list) {
      list.dataset.networkVersion = String(snapshot.networkVersion);
      list.dataset.step = String(snapshot.step);
      list.dataset.draws = String(Number(list.dataset.draws ?? 0) + 1);
    }
    shown.forEach((s) => {
      const k = scaled.indexOf(s);
      const scaleOf = scales[k] ?? scales[0];
      if (scaleOf) board.get(s.index)?.show({ shape: [...s.values.shape], values: s.values.values }, scaleOf, snapshot.probe.label);
    });
  };
  useInspection((view, state) => draw(view, state.colorScaleMode));

  const onHover = (index: number, cell: HeatmapCell | null, value: number | null) => {
    const readout = readoutRef.current;
    const field = cell && index >= 0 ? receptiveField(spec, index, cell.row, cell.col) : null;
    board.forEach((view, j) => view.highlight(field ? (j === -1 ? field.input : (field.layers[j] ?? null)) : null));
    if (!readout) return;
    if (!cell || value === null) {
      readout.textContent = 'Point at a feature map to read its values and see which input pixels feed it.';
      return;
    }
    const map = colourInput && index === -1 ? `${RGB_CHANNEL_NAMES[cell.channel] ?? ''} channel` : `map ${cell.channel + 1}`;
    const where = analysis.layers[index]?.outputShape?.length === 3 || index === -1 ? `${map}, row ${cell.row + 1}, column ${cell.col + 1}` : `unit ${cell.channel + 1}`;
    const name = index === -1 ? 'Input' : layerTitle(spec, index);
    const box = field?.input;
    const fieldText = box
      ? `; it sees input rows ${box.rowStart + 1}–${box.rowEnd + 1}, columns ${box.colStart + 1}–${box.colEnd + 1} (${box.rowEnd - box.rowStart + 1}×${box.colEnd - box.colStart + 1} pixels)`
      : '';
    readout.textContent = `${name}, ${where}: ${formatValue(value)}${fieldText}`;
    if (box) readout.dataset.receptiveField = `${box.rowEnd - box.rowStart + 1}x${box.colEnd - box.colStart + 1}`;
    else delete readout.dataset.receptiveField;
  };

  const open = (index: number, channel: number) => {
    const layer = spec.layers[index];
    if (layer) selectChannel(layer.id, channel);
    setZoom({ index, channel });
  };

  return (
    <section className="feature-maps" aria-labelledby="feature-maps-heading">
      <h3 id="feature-maps-heading" className="visually-hidden">
        Feature maps
      </h3>
      <p ref={readoutRef} className="readout" aria-live="off">
        Point at a feature map to read its values and see which input pixels feed it.
      </p>
      {problem && (
        <p role="alert" className="inside-problem">
          {problem}
        </p>
      )}
      <ol ref={listRef} className="layer-maps-list">
        <LayerMaps index={-1} title="Input" shape={spec.inputShape} board={board} width={width} selected={false} focusedChannel={null} onHover={onHover} tiles={inputTiles} />
        {spec.layers.map((layer, i) => {
          const shape = analysis.layers[i]?.outputShape;
          if (!shape) return null;
          const selected = layer.id === selectedLayerId;
          const title = layerTitle(spec, i);
          if (isProbabilityOutput(spec, i, shape, classes)) {
            return <OutputProbabilities key={layer.id} index={i} title={title} board={board} selected={selected} onSelectLayer={() => selectLayer(layer.id)} />;
          }
          return (
            <LayerMaps
              key={layer.id}
              index={i}
              title={title}
              shape={shape}
              board={board}
              width={width}
              selected={selected}
              receptiveSize={fieldSizes[i]?.size ?? null}
              focusedChannel={selected ? selectedChannel : null}
              onSelectLayer={() => selectLayer(layer.id)}
              onHover={onHover}
              onOpenChannel={(channel) => open(i, channel)}
              onAnimateCell={animationUnavailable(layer) === null ? (cell) => animateCell(layer.id, cell.channel, cell.row, cell.col) : undefined}
              onFocusChannel={(channel) => selectChannel(layer.id, channel)}
            />
          );
        })}
      </ol>
      {zoom && <ChannelZoom layerIndex={zoom.index} channel={zoom.channel} onChannel={(channel) => open(zoom.index, channel)} onClose={() => setZoom(null)} />}
    </section>
  );
}
