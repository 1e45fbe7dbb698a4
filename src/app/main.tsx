import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../store/appStore';
import { ControllerContext, EvaluationContext, ExportContext, FilesContext, InferenceContext, LibraryContext, LinkContext, OwnDataContext, StoreContext } from '../ui/context';
import { App } from './App';
import { createEngineController, type EngineController } from './engineController';
import { startCheckpoints, type CheckpointController, type CheckpointTimings, type RestoreTimings } from './checkpointController';
import { createInferenceController, type InferenceController } from './inferenceController';
import { createEvaluationController } from './evaluationController';
import { createExportController } from './exportController';
import { createFileController } from './fileController';
import { createLibraryController } from './libraryController';
import { createLinkController, openLinkAtStart } from './linkController';
import { ModelDatabase } from './modelDatabase';
import { createOwnDataController, readOwnDatasets } from './ownDataController';
import { startInspection } from './inspectionController';
import { restoreNetwork, saveNetworkChanges } from './networkStorage';
import { readEngineOptions } from './urlOptions';
import './styles.css';
import { errorMessage } from '../core/spec/describeValue';

declare global {
  interface Window {
    /** The running engine, for the browser tests and the benchmark. */
    kernelscope?: EngineController;
    /** The drawing pad's network copy and its latency log, likewise. */
    kernelscopeInference?: InferenceController;
    /** The checkpoint writer, likewise (tests wait for its writes; the benchmark reads its timings). */
    kernelscopeCheckpoints?: CheckpointController & { timings: CheckpointTimings[]; restoreTimings: RestoreTimings | null };
  }
}

// Created once, outside React, so StrictMode's double effects never start a second worker.
const store = createAppStore();
// Before the network is restored: a network for one of the user's own datasets needs its description.
store.getState().setOwnDatasets(await readOwnDatasets());
restoreNetwork(store, localStorage);
saveNetworkChanges(store, localStorage);
// After the saving starts, so the network a link opens is the one a reload shows.
openLinkAtStart(store, location, history);
const controller = createEngineController(store, readEngineOptions(location.search));
window.kernelscope = controller;
const database = ModelDatabase.open().catch((error: unknown) => {
  store.getState().setStorageNotice({ kind: 'problem', text: `${errorMessage(error)} A reload will lose the trained model.` });
  return null;
});
const checkpoints = startCheckpoints(store, controller.handle, database);
window.kernelscopeCheckpoints = checkpoints;
// The inside view builds a fresh network once the engine is up; waiting for the restore first keeps
// that fresh network from replacing the restored one.
const inference = createInferenceController(store, controller.handle);
window.kernelscopeInference = inference;
startInspection(
  store,
  controller.handle.then(async (handle) => {
    await checkpoints.restored;
    return handle;
  }),
  inference,
);
// The copy loads when the page has a moment after start, so the first stroke is answered at once.
controller.handle.then(
  () => (window.requestIdleCallback ? window.requestIdleCallback(() => inference.activate(), { timeout: 3000 }) : window.setTimeout(() => inference.activate(), 500)),
  () => {},
);
const library = createLibraryController(store, controller.handle, database);
const files = createFileController(store, controller.handle);
const links = createLinkController(store, location);
const exporter = createExportController(store, controller.handle);
const evaluator = createEvaluationController(store, controller.handle);
const ownData = createOwnDataController(store);

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element.');
createRoot(rootElement).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <ControllerContext.Provider value={controller}>
        <InferenceContext.Provider value={inference}>
          <LibraryContext.Provider value={library}>
            <FilesContext.Provider value={files}>
              <LinkContext.Provider value={links}>
                <ExportContext.Provider value={exporter}>
                  <EvaluationContext.Provider value={evaluator}>
                    <OwnDataContext.Provider value={ownData}>
                      <App />
                    </OwnDataContext.Provider>
                  </EvaluationContext.Provider>
                </ExportContext.Provider>
              </LinkContext.Provider>
            </FilesContext.Provider>
          </LibraryContext.Provider>
        </InferenceContext.Provider>
      </ControllerContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
