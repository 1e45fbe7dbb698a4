/** Syntax colouring of exported code with highlight.js (core + the two languages), loaded on first use. */
export type CodeLanguage = 'python' | 'typescript';

let loading: Promise<(code: string, language: CodeLanguage) => string> | null = null;

/** HTML of the coloured code; highlight.js escapes the text itself. */
export function loadHighlighter(): Promise<(code: string, language: CodeLanguage) => string> {
  loading ??= Promise.all([import('highlight.js/lib/core'), import('highlight.js/lib/languages/python'), import('highlight.js/lib/languages/typescript')]).then(
    ([{ default: hljs }, { default: python }, { default: typescript }]) => {
      hljs.registerLanguage('python', python);
      hljs.registerLanguage('typescript', typescript);
      return (code, language) => hljs.highlight(code, { language }).value;
    },
  );
  return loading;
}
