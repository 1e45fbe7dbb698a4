import { NetworkBuilder } from '../ui/builder/NetworkBuilder';
import { SummaryView } from '../ui/builder/SummaryView';
import { DiscardModelDialog } from '../ui/DiscardModelDialog';
import { InsideView } from '../ui/inside/InsideView';
import { ExportPanel } from '../ui/library/ExportPanel';
import { MyModels } from '../ui/library/MyModels';
import { ShareLink } from '../ui/library/ShareLink';
import { useModelDrop } from '../ui/library/useModelDrop';
import { StorageNotice } from '../ui/library/StorageNotice';
import { DatasetPicker } from '../ui/DatasetPicker';
import { PresetPicker } from '../ui/PresetPicker';
import { ResultsPanel } from '../ui/ResultsPanel';
import { StatusBar } from '../ui/StatusBar';
import { isTrainingActive } from '../store/trainingSlice';
import { TrainingControls } from '../ui/TrainingControls';
import { TrainingSettingsForm } from '../ui/TrainingSettingsForm';
import { useAppStore } from '../ui/context';

/**
 * The workspace. On a wide screen, one screen with three columns: the network (build it), inside
 * the network (the probe image, every layer's maps, filters, the convolution, why), and training
 * (run it, watch it learn, judge it on the test set); each panel scrolls inside itself. On a narrow
 * screen, one column: inside the network first (what the product is), then training and its
 * results, then the builder.
 */
export function App() {
  const active = useAppStore((s) => isTrainingActive(s.engineState));
  // Model files dropped anywhere on the page open, as "Upload model" does.
  useModelDrop();
  return (
    <div className="app">
      <header className="app-header">
        <h1>Kernelscope</h1>
        <p className="tagline">Build a convolutional network, train it on real MNIST, Fashion-MNIST or colour images in your browser, and watch what every layer sees.</p>
      </header>
      <main className="workspace">
        <section className="panel network-panel" aria-labelledby="network-heading">
          <div className="panel-header">
            <h2 id="network-heading">Network</h2>
          </div>
          <DatasetPicker />
          <PresetPicker />
          <div className="library-row">
            <ShareLink />
            <MyModels />
          </div>
          <NetworkBuilder
            afterList={
              <>
                <details className="summary-details">
                  <summary>Summary as a table, in Keras or in PyTorch</summary>
                  <SummaryView />
                </details>
                <ExportPanel />
              </>
            }
          />
        </section>
        <InsideView />
        <div className="side-column">
          <section className="panel training-panel" aria-labelledby="training-heading">
            <div className="panel-header">
              <h2 id="training-heading">Training</h2>
              <TrainingControls />
            </div>
            <StorageNotice />
            <TrainingSettingsForm disabled={active} />
          </section>
          <ResultsPanel />
        </div>
      </main>
      <StatusBar />
      <DiscardModelDialog />
    </div>
  );
}
