import { useId, useMemo, useState } from 'react';
import { kerasSummary, pytorchSummary } from '../../core/summaries/summary';
import { useAppStore } from '../context';
import { NetworkSummaryTable } from '../NetworkSummaryTable';

const FORMATS = [
  { id: 'table', label: 'Table' },
  { id: 'keras', label: 'Keras' },
  { id: 'pytorch', label: 'PyTorch' },
] as const;
type Format = (typeof FORMATS)[number]['id'];

/** The network summarised as a table, as Keras' model.summary() prints it, or as PyTorch's print(model). */
export function SummaryView() {
  const spec = useAppStore((s) => s.spec);
  const [format, setFormat] = useState<Format>('table');
  const name = useId();
  const text = useMemo(() => (format === 'keras' ? kerasSummary(spec) : format === 'pytorch' ? pytorchSummary(spec) : ''), [format, spec]);
  return (
    <section className="summary-view" aria-labelledby={`${name}-heading`}>
      <div className="summary-toolbar">
        <h3 id={`${name}-heading`}>Summary</h3>
        <div role="radiogroup" aria-label="Summary format" className="segmented">
          {FORMATS.map((f) => (
            <label key={f.id}>
              <input type="radio" name={name} value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
              {f.label}
            </label>
          ))}
        </div>
      </div>
      {format === 'table' ? (
        <NetworkSummaryTable />
      ) : (
        <pre className="code-summary" aria-label={format === 'keras' ? 'Keras summary' : 'PyTorch summary'} tabIndex={0}>
          {text}
        </pre>
      )}
    </section>
  );
}
