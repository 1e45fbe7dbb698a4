import { useRef, type ReactNode } from 'react';

export interface TabSpec<T extends string> {
  id: T;
  label: ReactNode;
}

interface TabsProps<T extends string> {
  /** The tab list's accessible name. */
  label: string;
  /** Prefix of the tabs' and panels' ids (unique on the page). */
  idPrefix: string;
  tabs: readonly TabSpec<T>[];
  selected: T;
  onSelect: (id: T) => void;
  /** The panel of one tab. */
  render: (id: T) => ReactNode;
  /** Keeps every panel mounted (hidden when not chosen), so what it holds survives a switch; else only the chosen one is rendered. */
  keepMounted?: boolean;
  className?: string;
}

/** A tab list (the WAI-ARIA pattern: one tab stop, the arrow keys, Home and End move) and its panels. */
export function Tabs<T extends string>({ label, idPrefix, tabs, selected, onSelect, render, keepMounted = false, className }: TabsProps<T>) {
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: React.KeyboardEvent) => {
    const at = tabs.findIndex((t) => t.id === selected);
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const index = (target + tabs.length) % tabs.length;
    const next = tabs[index];
    if (!next) return;
    onSelect(next.id);
    tabRefs.current[index]?.focus();
  };
  const panel = (id: T) => (
    // Focusable, as the pattern asks: a panel scrolls inside itself, and the keyboard must reach it.
    <div key={id} role="tabpanel" tabIndex={0} className="tab-panel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-tab-${id}`} hidden={id !== selected}>
      {render(id)}
    </div>
  );
  return (
    <div className={className ? `tabs ${className}` : 'tabs'}>
      <div className="tab-list" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.id}`}
            aria-selected={selected === t.id}
            aria-controls={`${idPrefix}-panel-${t.id}`}
            tabIndex={selected === t.id ? 0 : -1}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {keepMounted ? tabs.map((t) => panel(t.id)) : panel(selected)}
    </div>
  );
}
