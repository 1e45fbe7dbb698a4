import { useRef } from 'react';
import { useAppStore, useFiles } from '../context';

/** Download the trained model (.kernelscope, or tfjs's model.json + weights) and open such files again. */
export function ModelFiles() {
  const files = useFiles();
  const trained = useAppStore((s) => s.progress.step > 0);
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="model-files" role="group" aria-label="Model files">
      <button type="button" disabled={!trained} onClick={() => void files.downloadModel()}>
        Download model
      </button>
      <button type="button" disabled={!trained} onClick={() => void files.downloadLayersModel()} title="model.json and model.weights.bin, which tf.loadLayersModel loads">
        Download for tfjs
      </button>
      <button type="button" onClick={() => input.current?.click()}>
        Upload model
      </button>
      <input
        ref={input}
        type="file"
        className="visually-hidden"
        aria-label="Upload model"
        tabIndex={-1}
        multiple
        accept=".kernelscope,.safetensors,.json,.bin"
        onChange={(e) => {
          const chosen = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (chosen.length > 0) void files.open(chosen);
        }}
      />
      <p className="hint">A .kernelscope file, or model.json with its .bin chosen together; you can also drop them onto the page.</p>
    </div>
  );
}
