import { useState } from 'react';
import { EvaluationPanel } from './evaluation/EvaluationPanel';
import { MetricsCharts } from './MetricsCharts';
import { useAppStore } from './context';
import { Tabs, type TabSpec } from './Tabs';

type ResultsTab = 'curves' | 'test';

/** The test accuracy in the tab's label, so a finished evaluation is seen without opening it. */
function TestSetLabel() {
  const accuracy = useAppStore((s) => s.evaluation.result?.accuracy ?? null);
  return (
    <>
      Test set{accuracy !== null && <span className="tab-badge"> {(accuracy * 100).toFixed(1)}%</span>}
    </>
  );
}

const TABS: readonly TabSpec<ResultsTab>[] = [
  { id: 'curves', label: 'Learning curves' },
  { id: 'test', label: <TestSetLabel /> },
];

/** How the run goes and how good it is: the learning curves (and Compare runs), or the test set. Both stay mounted, so a switch loses nothing. */
export function ResultsPanel() {
  const [tab, setTab] = useState<ResultsTab>('curves');
  return (
    <section className="panel results-panel" aria-label="Results">
      <Tabs label="Results" idPrefix="results" tabs={TABS} selected={tab} onSelect={setTab} keepMounted render={(id) => (id === 'curves' ? <MetricsCharts /> : <EvaluationPanel />)} />
    </section>
  );
}
