import { useEffect, useRef } from 'react';
import { COLOR_SCALE_LABELS, COLOR_SCALE_MODES, REFRESH_RATES, type ColorScaleMode } from '../../store/inspectionSlice';
import { useAppStore } from '../context';
import { Icon } from '../Icon';
import type { InsideTab } from '../../store/inspectionSlice';
import { DrawPanel } from '../draw/DrawPanel';
import { ConvolutionAnimation } from './ConvolutionAnimation';
import { FeatureMaps } from './FeatureMaps';
import { ProbeImage } from './ProbeImage';

/** How the inside view is coloured and refreshed: colour scale, refresh rate, and Freeze. */
function InsideToolbar() {
  const mode = useAppStore((s) => s.colorScaleMode);
  const rate = useAppStore((s) => s.refreshPerSecond);
  const frozen = useAppStore((s) => s.frozen);
  const setMode = useAppStore((s) => s.setColorScaleMode);
  const setRate = useAppStore((s) => s.setRefreshRate);
  const setFrozen = useAppStore((s) => s.setFrozen);
  return (
    <div className="inside-toolbar">
      <div className="field inline">
        <label htmlFor="colour-scale">Colour scale</label>
        <select id="colour-scale" value={mode} onChange={(e) => setMode(e.target.value as ColorScaleMode)}>
          {COLOR_SCALE_MODES.map((m) => (
            <option key={m} value={m}>
              {COLOR_SCALE_LABELS[m]}
            </option>
          ))}
        </select>
      </div>
      <div className="field inline">
        <label htmlFor="refresh-rate">Refresh</label>
        <select id="refresh-rate" value={rate} onChange={(e) => setRate(Number(e.target.value))}>
          {REFRESH_RATES.map((r) => (
            <option key={r} value={r}>
              {r === 0 ? 'Off while training' : `${r} per second`}
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="icon-button" aria-pressed={frozen} onClick={() => setFrozen(!frozen)} title="Hold the pictures still while training goes on">
        <Icon name="freeze" /> Freeze
      </button>
    </div>
  );
}

const TABS: { id: InsideTab; label: string }[] = [
  { id: 'maps', label: 'Feature maps' },
  { id: 'convolution', label: 'Convolution' },
];

/** Every layer's maps, or one layer's window sliding over its input: tabs, arrow keys between them. */
function InsideTabs() {
  const tab = useAppStore((s) => s.insideTab);
  const setTab = useAppStore((s) => s.setInsideTab);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = TABS[(TABS.findIndex((t) => t.id === tab) + step + TABS.length) % TABS.length];
    if (!next) return;
    setTab(next.id);
    tabRefs.current[TABS.indexOf(next)]?.focus();
  };
  return (
    <>
      <div className="inside-tabs" role="tablist" aria-label="What to show" onKeyDown={onKeyDown}>
        {TABS.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`inside-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`inside-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`inside-panel-${tab}`} aria-labelledby={`inside-tab-${tab}`}>
        {tab === 'maps' ? <FeatureMaps /> : <ConvolutionAnimation />}
      </div>
    </>
  );
}

/**
 * "Inside the network": the probe image and what every layer makes of it. Reports whether it is on
 * screen, so nothing is computed for a view nobody sees.
 */
export function InsideView() {
  const setVisible = useAppStore((s) => s.setInsideVisible);
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new IntersectionObserver(([entry]) => entry && setVisible(entry.isIntersecting));
    observer.observe(element);
    const onVisibility = () => setVisible(!document.hidden && element.getBoundingClientRect().bottom > 0);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      observer.disconnect();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [setVisible]);
  return (
    <section ref={ref} className="panel inside-panel" aria-labelledby="inside-heading">
      <div className="panel-header">
        <h2 id="inside-heading">Inside the network</h2>
        <InsideToolbar />
      </div>
      <p className="hint inside-hint">What each layer makes of one image, a test image or your drawing, with the current weights. Point at a map for the pixels it looks at; click a convolution or pooling map to see each value computed.</p>
      <ProbeImage />
      <DrawPanel />
      <InsideTabs />
    </section>
  );
}
