// Type-checked ESLint for every workspace package (flat config, found by walking up from each package).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md 8).' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    // Unit-tier tests do no I/O of that kind: call the function in-process; a check of a real process is an int test.
    files: ['**/*.unit.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        ...['node:child_process', 'child_process', 'execa'].map((name) => ({
          name,
          message:
            'A *.unit.test.ts spawns no process: call the function in-process, or move the check to an *.int.test.ts (docs/CONVENTIONS.md).',
        })),
      ],
    },
  },
);
