import { useEffect, useMemo, useRef, useState } from 'react';
import { EXPORT_FILES, type ExportLanguage } from '../../core/export/exportFiles';
import { useAppStore, useExport, useFiles } from '../context';
import { useDataset } from '../useDataset';
import { loadHighlighter, type CodeLanguage } from './highlight';

const LANGUAGES: { id: ExportLanguage; label: string; highlight: CodeLanguage }[] = [
  { id: 'pytorch', label: 'PyTorch', highlight: 'python' },
  { id: 'tfjs', label: 'TensorFlow.js', highlight: 'typescript' },
];

/** The network as code to take elsewhere, with its weights: PyTorch (+ .safetensors) or TensorFlow.js. */
function ExportCode() {
  const exporter = useExport();
  const files = useFiles();
  const spec = useAppStore((s) => s.spec);
  const settings = useAppStore((s) => s.settings);
  const trained = useAppStore((s) => s.progress.step > 0);
  const own = useDataset().source.kind === 'user';
  const [language, setLanguage] = useState<ExportLanguage>('pytorch');
  const [html, setHtml] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const current = LANGUAGES.find((l) => l.id === language) ?? LANGUAGES[0]!;
  // spec and settings are what the code is made of.
  const code = useMemo(() => exporter.code(language), [exporter, language, spec, settings]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    let live = true;
    setHtml(null);
    if (code.ok) void loadHighlighter().then((highlight) => live && setHtml(highlight(code.value, current.highlight)));
    return () => {
      live = false;
    };
  }, [code, current.highlight]);

  const copy = async () => {
    if (!code.ok) return;
    try {
      await navigator.clipboard.writeText(code.value);
      setMessage('Copied the code.');
    } catch {
      setMessage('The browser did not allow copying; select the code and copy it.');
    }
  };

  return (
    <section aria-label="Export" className="export-panel">
      <fieldset className="export-language">
        <legend>Export as</legend>
        {LANGUAGES.map((l) => (
          <label key={l.id}>
            <input type="radio" name="export-language" value={l.id} checked={language === l.id} onChange={() => setLanguage(l.id)} /> {l.label}
          </label>
        ))}
      </fieldset>
      <div className="export-buttons">
        <button type="button" disabled={!code.ok} onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" disabled={!code.ok} onClick={() => exporter.downloadCode(language)}>
          Download {EXPORT_FILES[language].code}
        </button>
        {language === 'pytorch' ? (
          <>
            <button type="button" disabled={!code.ok} onClick={() => void exporter.downloadTorchWeights().then((r) => setMessage(r.ok ? r.value : r.message))}>
              Download weights (.safetensors)
            </button>
            {own && (
              <button type="button" onClick={() => void exporter.downloadDataset().then((r) => setMessage(r.ok ? r.value : r.message))}>
                Download dataset (.zip)
              </button>
            )}
          </>
        ) : (
          <button type="button" disabled={!code.ok || !trained} onClick={() => void files.downloadLayersModel()}>
            Download for tfjs
          </button>
        )}
      </div>
      <p className="hint">
        {language === 'pytorch'
          ? `The weights file is in PyTorch’s layout; the script loads it with --weights and gives the browser’s predictions.${own ? ' Your images go as a zip in ImageFolder’s layout, split as here; unzip it next to the script.' : ''}`
          : 'tf.loadLayersModel loads the model.json and weights from "Download for tfjs".'}
      </p>
      <p role="status" className="hint">
        {message}
      </p>
      {code.ok ? (
        <pre className="export-code" tabIndex={0} aria-label={`${current.label} code`}>
          {html === null ? <code>{code.value}</code> : <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />}
        </pre>
      ) : (
        <p role="alert" className="notice problem">
          {code.message}
        </p>
      )}
    </section>
  );
}

/**
 * A button that opens the export in a wide dialog: code wants more width than the network column
 * has. The code is generated only while the dialog is open.
 */
export function ExportPanel() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (open && element && !element.open) element.showModal();
  }, [open]);
  return (
    <>
      <button type="button" className="export-open" onClick={() => setOpen(true)}>
        Export to PyTorch or TensorFlow.js
      </button>
      <dialog ref={dialog} className="export-dialog" aria-labelledby="export-title" onClose={() => setOpen(false)}>
        <div className="export-dialog-header">
          <h2 id="export-title">Export</h2>
          <button type="button" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        {open && <ExportCode />}
      </dialog>
    </>
  );
}
