import { useEffect, useId, useMemo, useState } from 'react';
import { updateLayer } from '../../core/editing/edit';
import { PADDING_MODES, type PaddingMode } from '../../core/math/convMath';
import { useAppStore, useAppStoreApi } from '../context';
import {
  clampSetting,
  DEFAULT_SANDBOX,
  INPUT_PATTERN_LABELS,
  INPUT_PATTERNS,
  inputPattern,
  KERNEL_PRESET_LABELS,
  KERNEL_PRESETS,
  kernelPreset,
  resizeGrid,
  SANDBOX_LIMITS,
  sandboxLayerFields,
  sandboxResult,
  type InputPattern,
  type KernelPreset,
  type SandboxSettings,
} from './convolution/sandboxModel';
import { createSourceFeed, WindowStage } from './WindowStage';

const PADDINGS = ['0', '1', '2', '3', 'same'] as const;

interface NumberFieldProps {
  label: string;
  value: number;
  limits: readonly [number, number];
  onChange(value: number): void;
}

function NumberField({ label, value, limits, onChange }: NumberFieldProps) {
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" min={limits[0]} max={limits[1]} step={1} value={value} onChange={(e) => onChange(clampSetting(Number(e.target.value), limits))} />
    </div>
  );
}

/** A square grid of typed numbers: the sandbox's input or kernel. */
function GridEditor({ name, size, values, onChange }: { name: string; size: number; values: Float32Array; onChange(values: Float32Array): void }) {
  return (
    <table className="grid-editor" aria-label={name}>
      <tbody>
        {Array.from({ length: size }, (_, r) => (
          <tr key={r}>
            {Array.from({ length: size }, (_, c) => (
              <td key={c}>
                <input
                  type="number"
                  step="any"
                  aria-label={`${name} row ${r + 1}, column ${c + 1}`}
                  value={Number((values[r * size + c] ?? 0).toFixed(4))}
                  onChange={(e) => {
                    const v = Number(e.target.value);
                    if (!Number.isFinite(v)) return;
                    const next = Float32Array.from(values);
                    next[r * size + c] = v;
                    onChange(next);
                  }}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Stride, padding, padding mode and dilation on numbers a student chooses: the output size worked
 * out with them, the window sliding over the grid, and the settings applied to their own conv layer
 * as one undoable edit.
 */
export function ConvolutionSandbox() {
  const [settings, setSettings] = useState<SandboxSettings>(DEFAULT_SANDBOX);
  const [pattern, setPattern] = useState<InputPattern>('random');
  const [preset, setPreset] = useState<KernelPreset>('sobelX');
  const ids = { padding: useId(), mode: useId(), pattern: useId(), preset: useId() };
  const store = useAppStoreApi();
  const spec = useAppStore((s) => s.spec);
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const editNetwork = useAppStore((s) => s.editNetwork);
  const feed = useMemo(() => createSourceFeed(), []);
  const result = useMemo(() => sandboxResult(settings), [settings]);
  useEffect(() => feed.set(result.source), [feed, result]);

  const target = spec.layers.find((l) => l.id === selectedLayerId);
  const convTarget = target && (target.kind === 'conv2d' || target.kind === 'separableConv2d' || target.kind === 'depthwiseConv2d') ? target : null;
  const update = (patch: Partial<SandboxSettings>) => setSettings((s) => ({ ...s, ...patch }));
  const setSize = (size: number) => setSettings((s) => ({ ...s, size, input: resizeGrid(s.input, s.size, size) }));
  const setKernel = (kernel: number) => setSettings((s) => ({ ...s, kernel, weights: resizeGrid(s.weights, s.kernel, kernel) }));
  const probePixels = () => store.getState().inspection?.snapshot.probe.pixels ?? null;
  const outSize: [number, number] = [Math.max(1, result.working.size), Math.max(1, result.working.size)];

  return (
    <div className="sandbox">
      <div className="sandbox-settings">
        <NumberField label="Input size" value={settings.size} limits={SANDBOX_LIMITS.size} onChange={setSize} />
        <NumberField label="Kernel size" value={settings.kernel} limits={SANDBOX_LIMITS.kernel} onChange={setKernel} />
        <NumberField label="Stride" value={settings.stride} limits={SANDBOX_LIMITS.stride} onChange={(stride) => update({ stride })} />
        <div className="field inline">
          <label htmlFor={ids.padding}>Padding</label>
          <select id={ids.padding} value={String(settings.padding)} onChange={(e) => update({ padding: e.target.value === 'same' ? 'same' : Number(e.target.value) })}>
            {PADDINGS.map((p) => (
              <option key={p} value={p}>
                {p === 'same' ? "'same'" : p}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.mode}>Padding mode</label>
          <select id={ids.mode} value={settings.mode} onChange={(e) => update({ mode: e.target.value as PaddingMode })}>
            {PADDING_MODES.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <NumberField label="Dilation" value={settings.dilation} limits={SANDBOX_LIMITS.dilation} onChange={(dilation) => update({ dilation })} />
      </div>
      <p className="sandbox-formula">
        Output size: <strong data-testid="output-size-formula">{result.working.formula || '—'}</strong>
        {result.working.paddingNote && <span className="hint"> {result.working.paddingNote}</span>}
      </p>
      {result.problem && (
        <p role="alert" className="inside-problem">
          {result.problem}
        </p>
      )}
      <div className="sandbox-editors">
        <div>
          <div className="field inline">
            <label htmlFor={ids.pattern}>Input pattern</label>
            <select
              id={ids.pattern}
              value={pattern}
              onChange={(e) => {
                const next = e.target.value as InputPattern;
                setPattern(next);
                update({ input: inputPattern(next, settings.size, probePixels(), Date.now()) });
              }}
            >
              {INPUT_PATTERNS.map((p) => (
                <option key={p} value={p}>
                  {INPUT_PATTERN_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <GridEditor name="Input" size={settings.size} values={settings.input} onChange={(input) => update({ input })} />
        </div>
        <div>
          <div className="field inline">
            <label htmlFor={ids.preset}>Kernel preset</label>
            <select
              id={ids.preset}
              value={preset}
              onChange={(e) => {
                const next = e.target.value as KernelPreset;
                setPreset(next);
                const { kernel, weights } = kernelPreset(next, settings.kernel);
                update({ kernel, weights });
              }}
            >
              {KERNEL_PRESETS.map((p) => (
                <option key={p} value={p}>
                  {KERNEL_PRESET_LABELS[p]}
                </option>
              ))}
            </select>
          </div>
          <GridEditor name="Weight" size={settings.kernel} values={settings.weights} onChange={(weights) => update({ weights })} />
        </div>
      </div>
      {result.source && (
        <WindowStage key={`${settings.size}x${settings.kernel}`} feed={feed} outSize={outSize} channel={0} chosenInput={0} target={null} kernelCaption="Kernel" inputCaption={`Input ${settings.size}×${settings.size}`} checked={false} />
      )}
      <p className="sandbox-apply">
        <button
          type="button"
          disabled={!convTarget || result.problem !== null}
          onClick={() => convTarget && editNetwork((s) => updateLayer(s, convTarget.id, sandboxLayerFields(settings)), 'Use the sandbox’s window', { select: convTarget.id })}
        >
          Use in my network
        </button>{' '}
        <span className="hint">
          {convTarget ? `Sets the kernel size, stride, padding, padding mode and dilation of the selected ${convTarget.kind === 'conv2d' ? 'Conv2D' : 'convolution'} layer (undo takes it back).` : 'Select a convolution layer in your network to apply these settings to it.'}
        </span>
      </p>
    </div>
  );
}
