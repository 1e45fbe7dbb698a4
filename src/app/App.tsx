import { NetworkBuilder } from '../ui/builder/NetworkBuilder';
import { SummaryView } from '../ui/builder/SummaryView';
import { DiscardModelDialog } from '../ui/DiscardModelDialog';
import { MetricsCharts } from '../ui/MetricsCharts';
import { PresetPicker } from '../ui/PresetPicker';
import { StatusBar } from '../ui/StatusBar';
import { isTrainingActive } from '../store/trainingSlice';
import { TrainingControls } from '../ui/TrainingControls';
import { TrainingSettingsForm } from '../ui/TrainingSettingsForm';
import { useAppStore } from '../ui/context';

export function App() {
  const active = useAppStore((s) => isTrainingActive(s.engineState));
  return (
    <div className="app">
      <header className="app-header">
        <h1>Kernelscope</h1>
        <p className="tagline">Build a convolutional network, train it on real MNIST in your browser, and watch it learn.</p>
      </header>
      <main className="layout">
        <section className="panel builder-panel" aria-labelledby="network-heading">
          <h2 id="network-heading">Network</h2>
          <PresetPicker />
          <NetworkBuilder />
          <SummaryView />
        </section>
        <section className="panel" aria-labelledby="training-heading">
          <h2 id="training-heading">Training</h2>
          <TrainingControls />
          <TrainingSettingsForm disabled={active} />
        </section>
        <MetricsCharts />
      </main>
      <StatusBar />
      <DiscardModelDialog />
    </div>
  );
}
