// ESLint flat config: typescript-eslint's recommended rules plus a few that keep code honest.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const regexp = require('eslint-plugin-regexp');

module.exports = tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'integrations/**/public/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'error',
    },
  },
  {
    // A regex that backtracks super-linearly froze the process on one long message (issue 18).
    files: ['bot/**', 'dialogs/**', 'integrations/**', 'knowledge/**'],
    plugins: { regexp },
    rules: { 'regexp/no-super-linear-backtracking': 'error' },
  },
  {
    files: ['test/**', 'bench/**', 'knowledge/eval-*.ts', 'knowledge/train-*.ts', 'knowledge/*/evaluate.ts', 'knowledge/quiz/coverage.ts', '**/*.js'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly' },
    },
  },
);
