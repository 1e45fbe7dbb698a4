import { useEffect, useRef } from 'react';
import { argmax, createProbabilityBarsRenderer, formatPercent } from '../../render/probabilityBars';
import type { LayerBoard } from './layerBoard';
import { useDataset } from '../useDataset';

interface Props {
  index: number;
  title: string;
  board: LayerBoard;
  selected: boolean;
  onSelectLayer(): void;
}

/** The network's answer for the probe: the class probabilities as bars, and the predicted class. */
export function OutputProbabilities({ index, title, board, selected, onSelectLayer }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const answerRef = useRef<HTMLParagraphElement>(null);
  const { classNames } = useDataset();

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const bars = createProbabilityBarsRenderer(svg, { width: 260, height: 110 });
    const unregister = board.register(index, {
      show(output, _scaleOf, probeLabel) {
        bars.update({ probabilities: output.values, label: probeLabel, classNames });
        const predicted = argmax(output.values);
        const name = (c: number) => classNames[c] ?? String(c);
        const answer = `Predicts ${name(predicted)} (${formatPercent(output.values[predicted] ?? 0)})`;
        const verdict = probeLabel === null ? '' : predicted === probeLabel ? ': right' : `: wrong, it is ${name(probeLabel)}`;
        if (answerRef.current) answerRef.current.textContent = answer + verdict;
        svg.setAttribute('aria-label', `${title}: class probabilities. ${answer}${verdict}`);
      },
      highlight: () => {},
    });
    return () => {
      unregister();
      bars.destroy();
    };
  }, [board, index, title, classNames]);

  return (
    <li>
      <div className={selected ? 'layer-maps output selected' : 'layer-maps output'} role="group" aria-label={`${title}: ${classNames.length} class probabilities`} data-layer-index={index}>
      <div className="layer-maps-header">
        <button type="button" className="layer-maps-title" aria-pressed={selected} onClick={onSelectLayer}>
          {title}
        </button>
        <span className="layer-maps-shape">{classNames.length} classes</span>
      </div>
      <div className="output-body">
        <svg ref={svgRef} className="probability-svg" role="img" aria-label={`${title}: class probabilities`} />
        <p ref={answerRef} className="prediction" aria-live="off" />
      </div>
      </div>
    </li>
  );
}
