import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppStore } from '../store/appStore';
import { ControllerContext, InferenceContext, StoreContext } from '../ui/context';
import { App } from './App';
import { createEngineController, type EngineController } from './engineController';
import { createInferenceController, type InferenceController } from './inferenceController';
import { startInspection } from './inspectionController';
import { restoreNetwork, saveNetworkChanges } from './networkStorage';
import { readEngineOptions } from './urlOptions';
import './styles.css';

declare global {
  interface Window {
    /** The running engine, for the browser tests and the benchmark. */
    kernelscope?: EngineController;
    /** The drawing pad's network copy and its latency log, likewise. */
    kernelscopeInference?: InferenceController;
  }
}

// Created once, outside React, so StrictMode's double effects never start a second worker.
const store = createAppStore();
restoreNetwork(store, localStorage);
saveNetworkChanges(store, localStorage);
const controller = createEngineController(store, readEngineOptions(location.search));
window.kernelscope = controller;
startInspection(store, controller.handle);
const inference = createInferenceController(store, controller.handle);
window.kernelscopeInference = inference;

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element.');
createRoot(rootElement).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <ControllerContext.Provider value={controller}>
        <InferenceContext.Provider value={inference}>
          <App />
        </InferenceContext.Provider>
      </ControllerContext.Provider>
    </StoreContext.Provider>
  </StrictMode>,
);
