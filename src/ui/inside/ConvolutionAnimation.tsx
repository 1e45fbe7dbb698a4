import { useId, useMemo, useState } from 'react';
import { useAppStore } from '../context';
import { RGB_CHANNEL_NAMES } from '../../render/heatmapGrid';
import { useNetworkAnalysis } from '../useNetworkAnalysis';
import { animationSource, animationUnavailable } from './convolution/animationModel';
import { ConvolutionSandbox } from './ConvolutionSandbox';
import { layerTitle } from './layerTitle';
import { useInspection } from './useInspection';
import { createSourceFeed, WindowStage } from './WindowStage';

function kernelCaptionFor(kind: string | undefined): string {
  if (kind === 'maxPool2d') return 'Max over the window';
  if (kind === 'avgPool2d') return 'Mean over the window';
  if (kind === 'separableConv2d') return 'Depthwise kernel (current weights)';
  return 'Kernel (current weights)';
}

/** The selected layer's window over its real input, from the inside view's snapshots. */
function NetworkAnimation() {
  const spec = useAppStore((s) => s.spec);
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const selectedChannel = useAppStore((s) => s.selectedChannel);
  const target = useAppStore((s) => s.animationTarget);
  const consumeTarget = useAppStore((s) => s.consumeAnimationTarget);
  const selectLayer = useAppStore((s) => s.selectLayer);
  const selectChannel = useAppStore((s) => s.selectChannel);
  const analysis = useNetworkAnalysis();
  const ids = { layer: useId(), channel: useId(), input: useId() };
  const feed = useMemo(() => createSourceFeed(), []);
  // null until the student picks one: then all channels for the colour image, the first otherwise.
  const [pickedInput, setChosenInput] = useState<number | null>(null);

  const index = spec.layers.findIndex((l) => l.id === selectedLayerId);
  const layer = spec.layers[index];
  const unavailable = animationUnavailable(layer);
  const outShape = analysis.layers[index]?.outputShape;
  const inShape = analysis.layers[index]?.inputShape;
  const outChannels = outShape?.length === 3 ? (outShape[2] ?? 1) : 1;
  const inChannels = inShape?.length === 3 ? (inShape[2] ?? 1) : 1;
  const channel = Math.min(selectedChannel ?? 0, outChannels - 1);
  const outSize: [number, number] = outShape?.length === 3 ? [outShape[0] ?? 1, outShape[1] ?? 1] : [1, 1];
  const isConv = layer?.kind === 'conv2d' || layer?.kind === 'separableConv2d';
  // The first layer reads the colour image itself: its three channels are red, green and blue.
  const colourInput = index === 0 && spec.inputShape[2] === 3;
  const chosenInput = pickedInput ?? (colourInput && isConv ? -1 : 0);
  const inputName = (c: number) => (colourInput ? `${RGB_CHANNEL_NAMES[c] ?? c + 1} (${c + 1} of 3)` : `${c + 1} of ${inChannels}`);
  const multiplier = layer && 'depthMultiplier' in layer ? layer.depthMultiplier : 1;
  // The input channel drawn: chosen for a full conv; fixed by the output channel for depthwise and pool windows.
  // -1 ("all"): every channel drawn as a tile, the first one large with its products.
  const allInputs = isConv && inChannels > 1 && chosenInput === -1;
  const shownInput = isConv ? Math.min(Math.max(0, chosenInput), inChannels - 1) : layer?.kind === 'depthwiseConv2d' ? Math.floor(channel / multiplier) : channel;
  const windowLayers = spec.layers.flatMap((l, i) => (animationUnavailable(l) === null ? [{ layer: l, i }] : []));

  useInspection((view) => feed.set(view && index >= 0 ? animationSource(spec, analysis.layers, view, index) : null));

  return (
    <>
      <div className="convolution-toolbar">
        <div className="field inline">
          <label htmlFor={ids.layer}>Layer</label>
          <select id={ids.layer} value={unavailable ? '' : (layer?.id ?? '')} onChange={(e) => selectLayer(e.target.value || null)}>
            {unavailable && <option value="">Choose a layer</option>}
            {windowLayers.map(({ layer: l, i }) => (
              <option key={l.id} value={l.id}>
                {layerTitle(spec, i)}
              </option>
            ))}
          </select>
        </div>
        {!unavailable && layer && (
          <div className="field inline">
            <label htmlFor={ids.channel}>Channel</label>
            <select id={ids.channel} value={channel} onChange={(e) => selectChannel(layer.id, Number(e.target.value))}>
              {Array.from({ length: outChannels }, (_, c) => (
                <option key={c} value={c}>
                  Map {c + 1} of {outChannels}
                </option>
              ))}
            </select>
          </div>
        )}
        {!unavailable && isConv && inChannels > 1 && (
          <div className="field inline">
            <label htmlFor={ids.input}>Input channel</label>
            <select id={ids.input} value={allInputs ? -1 : shownInput} onChange={(e) => setChosenInput(Number(e.target.value))}>
              <option value={-1}>All {inChannels}</option>
              {Array.from({ length: inChannels }, (_, c) => (
                <option key={c} value={c}>
                  {inputName(c)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {unavailable ? (
        <p className="hint">{unavailable}</p>
      ) : (
        <WindowStage
          key={layer?.id}
          feed={feed}
          outSize={outSize}
          channel={channel}
          chosenInput={shownInput}
          target={target}
          onTarget={consumeTarget}
          inkStartLayerId={layer?.id}
          kernelCaption={kernelCaptionFor(layer?.kind)}
          inputCaption={colourInput ? `Input: the ${RGB_CHANNEL_NAMES[shownInput] ?? ''} channel (${shownInput + 1} of 3)` : inChannels > 1 ? `Input channel ${shownInput + 1} of ${inChannels}` : 'Input'}
          checked
          allInputs={allInputs}
          colourInput={colourInput}
        />
      )}
    </>
  );
}

/**
 * "Convolution animation": a window sliding over the real input of the user's own layer with its
 * current weights, or, in the sandbox, over a small grid with numbers the student chooses.
 */
export function ConvolutionAnimation() {
  const [sandbox, setSandbox] = useState(false);
  return (
    <section className="convolution" aria-labelledby="convolution-heading">
      <div className="convolution-heading">
        <h3 id="convolution-heading">Convolution animation</h3>
        <button type="button" aria-pressed={sandbox} onClick={() => setSandbox(!sandbox)} title="Try your own numbers: input, kernel, stride, padding, dilation">
          Sandbox
        </button>
      </div>
      {sandbox ? <ConvolutionSandbox /> : <NetworkAnimation />}
    </section>
  );
}
