/**
 * A conv or pool layer's padding: 'valid', 'same' or explicit cells per side, the way PyTorch
 * says padding=1 or padding=(1, 2). The select is named "Padding"; explicit sizes show one number
 * box for every side, or rows and columns apart.
 */
import { useId, useState } from 'react';
import type { Padding, Pair } from '../../core/spec/spec';
import { NumberField, type FieldProblem } from './ParamFields';

interface PaddingFieldProps {
  value: Padding;
  min: number;
  max: number;
  /** Words under the control, e.g. how a pool treats padded cells. */
  note?: string;
  problem?: FieldProblem;
  onCommit(value: Padding, session?: number): void;
}

/** What the select shows for each kind of padding. */
const CHOICES = [
  { value: 'valid', label: 'valid (none)' },
  { value: 'same', label: 'same' },
  { value: 'explicit', label: 'explicit sizes' },
] as const;

export function PaddingField({ value, min, max, note, problem, onCommit }: PaddingFieldProps) {
  const id = useId();
  const explicit: Pair | null = Array.isArray(value) ? value : null;
  const [apart, setApart] = useState(explicit !== null && explicit[0] !== explicit[1]);
  const separate = explicit !== null && (apart || explicit[0] !== explicit[1]);
  const describedBy = [problem ? `${id}-problem` : null, note ? `${id}-note` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="pair-field padding-field">
      <legend>Padding</legend>
      <div className="field">
        <label htmlFor={id}>Padding</label>
        <select
          id={id}
          value={explicit ? 'explicit' : String(value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onCommit(e.target.value === 'explicit' ? [1, 1] : (e.target.value as 'valid' | 'same'))}
        >
          {CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      {explicit &&
        (separate ? (
          <>
            <NumberField label="Padding rows (top and bottom)" value={explicit[0]} min={min} max={max} integer onCommit={(h, session) => onCommit([h, explicit[1]], session)} />
            <NumberField label="Padding columns (left and right)" value={explicit[1]} min={min} max={max} integer onCommit={(w, session) => onCommit([explicit[0], w], session)} />
          </>
        ) : (
          <NumberField label="Padding cells on each side" value={explicit[0]} min={min} max={max} integer onCommit={(n, session) => onCommit([n, n], session)} />
        ))}
      {explicit && (
        <div className="check">
          <input
            id={`${id}-apart`}
            type="checkbox"
            checked={separate}
            onChange={(e) => {
              setApart(e.target.checked);
              if (!e.target.checked && explicit[0] !== explicit[1]) onCommit([explicit[0], explicit[0]]);
            }}
          />
          <label htmlFor={`${id}-apart`}>Different rows and columns</label>
        </div>
      )}
      {problem && (
        <p id={`${id}-problem`} className="field-message error">
          {problem.message}
        </p>
      )}
      {note && (
        <p id={`${id}-note`} className="field-message">
          {note}
        </p>
      )}
    </fieldset>
  );
}
