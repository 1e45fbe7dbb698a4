import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { LayerAnalysis } from '../../core/analysis/analysisTypes';
import { formatCount, formatShape } from '../../core/spec/format';
import type { Problem, QuickFix } from '../../core/analysis/problems';
import type { LayerSpec } from '../../core/spec/spec';
import { Icon } from '../Icon';
import { describeLayerSettings } from './describeLayer';
import { ProblemMessages } from './ProblemMessages';

interface Props {
  layer: LayerSpec;
  analysis: LayerAnalysis | undefined;
  /** "3. Conv2D": the position a person counts and the kind. */
  name: string;
  problems: readonly Problem[];
  selected: boolean;
  /** A palette item is dragged over this layer. */
  dropTarget: boolean;
  onSelect(): void;
  onDuplicate(): void;
  onRemove(): void;
  onFix(fix: QuickFix): void;
}

/** One layer of the network: drag handle, what it is and does to the shape, and its problems. */
export function NetworkLayerItem({ layer, analysis, name, problems, selected, dropTarget, onSelect, onDuplicate, onRemove, onFix }: Props) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: layer.id });
  const shape = analysis?.outputShape ? formatShape(analysis.outputShape) : '?';
  const params = analysis ? formatCount(analysis.params) : '?';
  const errors = problems.filter((p) => p.severity === 'error');
  const problemsId = `${layer.id}-problems`;
  const className = ['network-layer', selected && 'selected', errors.length > 0 && 'invalid', isDragging && 'dragging', dropTarget && 'drop-target']
    .filter(Boolean)
    .join(' ');
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={className}
      aria-label={`${name}: output ${shape}, ${params} parameters${errors.length > 0 ? ', has a problem' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-layer-id={layer.id}
    >
      <button type="button" ref={setActivatorNodeRef} className="drag-handle" {...attributes} {...listeners} aria-label={`Reorder ${name}`}>
        <Icon name="grip" />
      </button>
      <button type="button" className="layer-select" aria-pressed={selected} aria-describedby={problems.length > 0 ? problemsId : undefined} onClick={onSelect}>
        <span className="layer-name">{name}</span>
        <span className="layer-settings">{describeLayerSettings(layer)}</span>
        <span className="layer-shape">→ {shape}</span>
        <span className="layer-params">{params} params</span>
      </button>
      <span className="layer-actions">
        <button type="button" className="icon-only" onClick={onDuplicate} aria-label={`Duplicate ${name}`} title="Duplicate">
          <Icon name="duplicate" />
        </button>
        <button type="button" className="icon-only" onClick={onRemove} aria-label={`Remove ${name}`} title="Remove">
          <Icon name="remove" />
        </button>
      </span>
      {problems.length > 0 && (
        <div id={problemsId} className="layer-problems">
          <ProblemMessages problems={problems} onFix={onFix} />
        </div>
      )}
    </li>
  );
}
