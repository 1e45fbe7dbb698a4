import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TFJS = '@tensorflow/';
const UI_LIBS = 'react|react-dom|zustand';
const D3 = 'd3';

/**
 * Folder boundaries from the design guide (../shared/ARCHITECTURE.md): `packages` and app `folders`
 * that files matching `files` must not import.
 */
function forbid(files, { packages = [], folders = [] }, message) {
  const patterns = [];
  if (packages.length) patterns.push({ regex: `^(${packages.join('|')})`, message });
  if (folders.length) patterns.push({ regex: `^\\.\\.?/(.*/)?(${folders.join('|')})/`, message });
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', '.scratch', 'test-results', 'playwright-report', 'bench/results.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**', 'src/app/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  forbid(['src/core/**'], { packages: [TFJS, UI_LIBS, D3], folders: ['data', 'tf', 'engine', 'store', 'ui', 'app', 'render'] }, 'src/core is pure TypeScript: no tfjs, React, d3 or other app folders.'),
  forbid(['src/data/**'], { packages: [TFJS, UI_LIBS, D3], folders: ['tf', 'engine', 'store', 'ui', 'app', 'render'] }, 'src/data may import only src/core.'),
  forbid(['src/tf/**'], { packages: [UI_LIBS, D3], folders: ['engine', 'store', 'ui', 'app', 'render'] }, 'src/tf may import only tfjs, src/core and src/data.'),
  forbid(['src/engine/**'], { packages: [UI_LIBS, D3], folders: ['store', 'ui', 'app', 'render'] }, 'src/engine must not depend on the UI.'),
  forbid(['src/render/**'], { packages: [TFJS, UI_LIBS], folders: ['store', 'ui', 'app', 'engine', 'tf'] }, 'Renderers take data and draw: no store, no tfjs, no React.'),
  forbid(['src/store/**', 'src/ui/**', 'src/app/**'], { packages: [TFJS], folders: ['tf'] }, 'Only src/tf and src/engine import tfjs; the page talks to the engine.'),
  {
    files: ['scripts/**', 'tests/**', 'bench/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
