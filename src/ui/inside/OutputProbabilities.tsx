import { useEffect, useRef } from 'react';
import { argmax, createProbabilityBarsRenderer, formatPercent } from '../../render/probabilityBars';
import type { LayerBoard } from './layerBoard';

interface Props {
  index: number;
  title: string;
  board: LayerBoard;
  selected: boolean;
  onSelectLayer(): void;
}

/** The network's answer for the probe: the ten class probabilities as bars, and the predicted digit. */
export function OutputProbabilities({ index, title, board, selected, onSelectLayer }: Props) {
  const svgRef = useRef<SVGSVGElement>(null);
  const answerRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const bars = createProbabilityBarsRenderer(svg, { width: 260, height: 110 });
    const unregister = board.register(index, {
      show(output, _scaleOf, probeLabel) {
        bars.update({ probabilities: output.values, label: probeLabel });
        const predicted = argmax(output.values);
        const answer = `Predicts ${predicted} (${formatPercent(output.values[predicted] ?? 0)})`;
        const verdict = probeLabel === null ? '' : predicted === probeLabel ? ': right' : `: wrong, it is a ${probeLabel}`;
        if (answerRef.current) answerRef.current.textContent = answer + verdict;
        svg.setAttribute('aria-label', `${title}: class probabilities. ${answer}${verdict}`);
      },
      highlight: () => {},
    });
    return () => {
      unregister();
      bars.destroy();
    };
  }, [board, index, title]);

  return (
    <li>
      <div className={selected ? 'layer-maps output selected' : 'layer-maps output'} role="group" aria-label={`${title}: 10 class probabilities`} data-layer-index={index}>
      <div className="layer-maps-header">
        <button type="button" className="layer-maps-title" aria-pressed={selected} onClick={onSelectLayer}>
          {title}
        </button>
        <span className="layer-maps-shape">10 classes</span>
      </div>
      <div className="output-body">
        <svg ref={svgRef} className="probability-svg" role="img" aria-label={`${title}: class probabilities`} />
        <p ref={answerRef} className="prediction" aria-live="off" />
      </div>
      </div>
    </li>
  );
}
