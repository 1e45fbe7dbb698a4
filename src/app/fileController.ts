/**
 * Model files in and out: "Download model" (one .kernelscope file), "Download for tfjs" (model.json
 * and its weights, which tf.loadLayersModel loads), and opening either kind again from a file
 * picker or a drop onto the page. A file that cannot be read is refused with what is wrong in it,
 * and the current work stays as it was.
 */
import { knownDataset } from '../store/datasets';
import { datasetChangeNote } from '../core/dataset/specDataset';
import { decodeKernelscopeFile, encodeKernelscopeFile, KERNELSCOPE_FILE_EXTENSION, MAX_MODEL_FILE_BYTES } from '../core/export/kernelscopeFile';
import { decodeLayersModel, encodeLayersModel, LAYERS_MODEL_FILE, LAYERS_WEIGHTS_FILE } from '../core/export/layersModelFile';
import type { Result, SavedModel } from '../core/export/savedModel';
import { PRESETS } from '../core/editing/presets';
import type { EngineHandle } from '../engine/client';
import type { AppStore } from '../store/appStore';
import { applyModel, captureModel } from './trainedModels';
import { errorMessage } from '../core/spec/describeValue';

export interface FileController {
  downloadModel(): Promise<void>;
  downloadLayersModel(): Promise<void>;
  /** Opens a .kernelscope file, or a model.json with its weight files. */
  open(files: readonly File[]): Promise<void>;
}

/** Saves bytes under a file name through the browser's download. */
export function downloadBytes(data: string | Uint8Array | Blob, fileName: string, type: string): void {
  // Our arrays are never views of shared memory.
  const url = URL.createObjectURL(data instanceof Blob ? data : new Blob([data as BlobPart], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The download has its own reference by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** 'Small CNN' -> 'small-cnn': a file name from the model's name. */
const fileStem = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'kernelscope-model';

async function readModelFiles(files: readonly File[]): Promise<Result<SavedModel>> {
  const tooBig = files.find((f) => f.size > MAX_MODEL_FILE_BYTES);
  if (tooBig) return { ok: false, message: `"${tooBig.name}" is ${(tooBig.size / 1e6).toFixed(0)} MB, larger than any Kernelscope model; it was not read.` };
  const json = files.find((f) => f.name.toLowerCase().endsWith('.json'));
  if (json) {
    const bins = new Map<string, Uint8Array>();
    for (const file of files) if (file !== json) bins.set(file.name, new Uint8Array(await file.arrayBuffer()));
    return decodeLayersModel(await json.text(), bins);
  }
  const [file] = files;
  if (!file) return { ok: false, message: 'No file was chosen.' };
  return decodeKernelscopeFile(new Uint8Array(await file.arrayBuffer()));
}

export function createFileController(store: AppStore, handle: Promise<EngineHandle>): FileController {
  const notice = (kind: 'info' | 'problem', text: string) => store.getState().setLibraryNotice({ kind, text });
  const modelName = () => PRESETS.find((p) => p.id === store.getState().presetId)?.name ?? 'My network';

  const current = async (): Promise<SavedModel | null> => {
    const captured = await captureModel(store, await handle, modelName());
    if (!captured) notice('problem', 'There is no trained model to download yet: train the network first.');
    return captured?.model ?? null;
  };

  return {
    downloadModel: async () => {
      const model = await current();
      if (!model) return;
      const bytes = encodeKernelscopeFile(model);
      downloadBytes(bytes, `${fileStem(model.name)}${KERNELSCOPE_FILE_EXTENSION}`, 'application/octet-stream');
      notice('info', `Downloaded "${model.name}" (${(bytes.byteLength / 1e6).toFixed(2)} MB).`);
    },
    downloadLayersModel: async () => {
      const model = await current();
      if (!model) return;
      const artifacts = await (await handle).api.layersArtifacts();
      if (!artifacts) return;
      const { modelJson, weights } = encodeLayersModel(artifacts, model);
      downloadBytes(modelJson, LAYERS_MODEL_FILE, 'application/json');
      downloadBytes(weights, LAYERS_WEIGHTS_FILE, 'application/octet-stream');
      notice('info', `Downloaded ${LAYERS_MODEL_FILE} and ${LAYERS_WEIGHTS_FILE}, which tf.loadLayersModel loads.`);
    },
    open: async (files) => {
      let read: Result<SavedModel>;
      try {
        read = await readModelFiles(files);
      } catch (error) {
        read = { ok: false, message: `The file could not be read: ${errorMessage(error)}` };
      }
      if (!read.ok) return notice('problem', `Nothing was changed. ${read.message}`);
      const model = read.value;
      const name = model.name;
      store.getState().confirmDiscard(`Opening "${name}"`, () => {
        void (async () => {
          try {
            const before = store.getState().spec;
            await applyModel(store, await handle, model, `Open "${name}"`);
            notice('info', `Opened "${name}" from the file.${datasetChangeNote(before, store.getState().spec, (id) => knownDataset(id, store.getState().ownDatasets))}`);
          } catch (error) {
            notice('problem', `"${name}" could not be opened: ${errorMessage(error)}`);
          }
        })();
      });
    },
  };
}
