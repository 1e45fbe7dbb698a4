import { formatCount, formatShape } from '../core/spec/format';
import { useAppStore } from './context';
import { useNetworkAnalysis } from './useNetworkAnalysis';

/** A read-only view of the network: each layer's output shape and parameters, and the totals. */
export function NetworkSummaryTable() {
  const spec = useAppStore((s) => s.spec);
  const analysis = useNetworkAnalysis();
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const selectLayer = useAppStore((s) => s.selectLayer);
  return (
    <div className="network-summary">
      <table aria-label="Network layers">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Layer</th>
            <th scope="col">Output shape</th>
            <th scope="col" className="num">
              Parameters
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>0</td>
            <td>Input</td>
            <td>{formatShape(spec.inputShape)}</td>
            <td className="num">0</td>
          </tr>
          {analysis.layers.map((layer) => (
            <tr key={layer.index} className={layer.id === selectedLayerId ? 'selected' : undefined} aria-current={layer.id === selectedLayerId ? 'true' : undefined}>
              <td>{layer.index + 1}</td>
              <td>
                <button type="button" className="link-button" aria-pressed={layer.id === selectedLayerId} onClick={() => selectLayer(layer.id)}>
                  {layer.label}
                </button>
              </td>
              <td>{layer.outputShape ? formatShape(layer.outputShape) : '—'}</td>
              <td className="num">{formatCount(layer.params)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={3}>
              Total parameters
            </th>
            <td className="num">
              {formatCount(analysis.totalParams)}
            </td>
          </tr>
        </tfoot>
      </table>
      {analysis.problems.length > 0 && (
        <ul className="problems" aria-label="Problems">
          {analysis.problems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
