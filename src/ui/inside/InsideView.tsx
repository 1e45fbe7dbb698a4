import { useEffect, useRef, useState } from 'react';
import { COLOR_SCALE_LABELS, COLOR_SCALE_MODES, REFRESH_RATES, type ColorScaleMode } from '../../store/inspectionSlice';
import { useAppStore } from '../context';
import { Icon } from '../Icon';
import type { InsideTab } from '../../store/inspectionSlice';
import { Tabs, type TabSpec } from '../Tabs';
import { ConvolutionAnimation } from './ConvolutionAnimation';
import { FeatureMaps } from './FeatureMaps';
import { FiltersPanel } from './FiltersPanel';
import { ProbeBar } from './ProbeBar';
import { WhyThisAnswer } from './WhyThisAnswer';

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

const TABS: readonly TabSpec<InsideTab>[] = [
  { id: 'maps', label: 'Feature maps' },
  { id: 'filters', label: 'Filters' },
  { id: 'convolution', label: 'Convolution' },
  { id: 'why', label: 'Why this answer' },
];

/** The selected layer's weights, as wide as the tab allows. */
function FiltersTab() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(300);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(200, Math.min(560, Math.floor(entry.contentRect.width)))));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="filters-tab">
      <FiltersPanel width={width} />
    </div>
  );
}

const TAB_CONTENT: Record<InsideTab, () => React.JSX.Element> = {
  maps: FeatureMaps,
  filters: FiltersTab,
  convolution: ConvolutionAnimation,
  why: WhyThisAnswer,
};

/** Every layer's maps, the selected layer's weights, one layer's window sliding over its input, or why the network answers what it does. */
function InsideTabs() {
  const tab = useAppStore((s) => s.insideTab);
  const setTab = useAppStore((s) => s.setInsideTab);
  return (
    <Tabs
      label="What to show"
      idPrefix="inside"
      className="inside-tabs"
      tabs={TABS}
      selected={tab}
      onSelect={setTab}
      render={(id) => {
        const Content = TAB_CONTENT[id];
        return <Content />;
      }}
    />
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
      <div className="inside-body">
        <ProbeBar />
        <InsideTabs />
      </div>
    </section>
  );
}
