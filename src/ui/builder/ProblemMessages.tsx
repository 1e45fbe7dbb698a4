import type { Problem, QuickFix } from '../../core/analysis/problems';

/** The analysis' messages, each with its quick-fix button where the core offers one. */
export function ProblemMessages({ problems, onFix }: { problems: readonly Problem[]; onFix(fix: QuickFix): void }) {
  return problems.map((problem, i) => (
    <p key={i} className={problem.severity}>
      <span>{problem.message}</span>
      {problem.fix && (
        <button type="button" className="quick-fix" onClick={() => problem.fix && onFix(problem.fix)}>
          {problem.fix.label}
        </button>
      )}
    </p>
  ));
}
