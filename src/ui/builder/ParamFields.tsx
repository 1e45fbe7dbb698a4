/**
 * Inputs for one layer setting, built from the core's parameter descriptors. Number boxes commit
 * every valid number as the user types (one undo step per field, as the store coalesces them);
 * out-of-range values are kept and flagged, so nothing typed is lost.
 */
import { useId, useRef, useState } from 'react';
import type { Pair } from '../../core/spec/spec';

/** Numbers the focus visits of number boxes: edits within one visit become one undo step. */
let editSessions = 0;

export interface FieldProblem {
  message: string;
}

interface NumberFieldProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  integer: boolean;
  problem?: FieldProblem;
  /** `session` is the same for every value typed during one visit of the box. */
  onCommit(value: number, session: number): void;
}

export function NumberField({ label, value, min, max, step = 1, integer, problem, onCommit }: NumberFieldProps) {
  const id = useId();
  const session = useRef(++editSessions);
  // Text the user typed that is not a number yet ('' or '-'); the stored value shows otherwise.
  const [draft, setDraft] = useState<string | null>(null);
  const hint = integer ? `A whole number from ${min} to ${max}.` : `A number from ${min} up to (not including) ${max}.`;
  const ownProblem = draft !== null ? `Enter a number: ${hint.toLowerCase()}` : null;
  const message = ownProblem ?? problem?.message;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        value={draft ?? String(value)}
        aria-invalid={message ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const parsed = e.target.valueAsNumber;
          const ok = Number.isFinite(parsed) && (!integer || Number.isInteger(parsed));
          setDraft(ok ? null : e.target.value);
          if (ok) onCommit(parsed, session.current);
        }}
        onFocus={() => (session.current = ++editSessions)}
        onBlur={() => setDraft(null)}
      />
      <p id={`${id}-hint`} className={message ? 'field-message error' : 'field-message'}>
        {message ?? hint}
      </p>
    </div>
  );
}

interface PairFieldProps {
  /** "Kernel": inputs "Kernel height" and "Kernel width". */
  base: string;
  value: Pair;
  min: number;
  max: number;
  problem?: FieldProblem;
  onCommit(value: Pair, session?: number): void;
}

/** Height and width, always both (kernels are often not square in teaching examples). */
export function HeightWidthField({ base, value, min, max, problem, onCommit }: PairFieldProps) {
  return (
    <fieldset className="pair-field">
      <legend>{base} size (height × width)</legend>
      <NumberField label={`${base} height`} value={value[0]} min={min} max={max} integer problem={problem} onCommit={(h, session) => onCommit([h, value[1]], session)} />
      <NumberField label={`${base} width`} value={value[1]} min={min} max={max} integer onCommit={(w, session) => onCommit([value[0], w], session)} />
    </fieldset>
  );
}

/**
 * One number for a square setting (stride 2 means 2 × 2), with a switch to set height and width
 * apart; it starts apart when they already differ.
 */
export function SquarePairField({ base, value, min, max, problem, onCommit }: PairFieldProps) {
  const [apart, setApart] = useState(value[0] !== value[1]);
  const id = useId();
  const separate = apart || value[0] !== value[1];
  return (
    <fieldset className="pair-field">
      <legend>{base}</legend>
      {separate ? (
        <>
          <NumberField label={`${base} height`} value={value[0]} min={min} max={max} integer problem={problem} onCommit={(h, session) => onCommit([h, value[1]], session)} />
          <NumberField label={`${base} width`} value={value[1]} min={min} max={max} integer onCommit={(w, session) => onCommit([value[0], w], session)} />
        </>
      ) : (
        <NumberField label={base} value={value[0]} min={min} max={max} integer problem={problem} onCommit={(v, session) => onCommit([v, v], session)} />
      )}
      <div className="check">
        <input
          id={id}
          type="checkbox"
          checked={separate}
          onChange={(e) => {
            setApart(e.target.checked);
            if (!e.target.checked && value[0] !== value[1]) onCommit([value[0], value[0]]);
          }}
        />
        <label htmlFor={id}>Different height and width</label>
      </div>
    </fieldset>
  );
}

interface ChoiceFieldProps {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  problem?: FieldProblem;
  onCommit(value: string): void;
}

export function ChoiceField({ label, value, options, problem, onCommit }: ChoiceFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${id}-problem` : undefined} onChange={(e) => onCommit(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {problem && (
        <p id={`${id}-problem`} className="field-message error">
          {problem.message}
        </p>
      )}
    </div>
  );
}

export function CheckboxField({ label, value, onCommit }: { label: string; value: boolean; onCommit(value: boolean): void }) {
  const id = useId();
  return (
    <div className="field check">
      <input id={id} type="checkbox" checked={value} onChange={(e) => onCommit(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
