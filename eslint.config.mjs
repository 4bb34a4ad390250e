// ESLint 9 flat config: Next 16's own rules (core web vitals, React, hooks, a11y, import) and
// typescript-eslint's recommended set; eslint-config-prettier last, so layout is Prettier's alone.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

export default defineConfig([
  ...nextVitals,
  // typescript-eslint's `recommended`, plus Next's two unused-* rules downgraded to warnings.
  ...nextTs,
  {
    // Next's TypeScript block names only .ts/.tsx; the scripts' .mts entry points are TypeScript too.
    files: ['**/*.{ts,tsx,mts,cts}'],
    languageOptions: { parser: tseslint.parser },
  },
  {
    rules: {
      // An unused binding is a mistake, not a style point: error, but `_name` marks one kept on purpose
      // (a positional parameter, a destructured rest sibling).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-unused-expressions': 'error',
      // scripts/checks/boundaries.ts treats only `type`-marked imports as erased; a type pulled in through
      // a plain import would count as a runtime edge (client reach, cycles). `import('x').T` stays allowed.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      // The code compares with === throughout; `== null` is the one idiom worth keeping.
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['e2e/**'],
    rules: {
      // Playwright fixtures hand each test to a callback named `use`; it is not React's use() hook.
      'react-hooks/rules-of-hooks': 'off',
    },
  },
  prettier,
  // Build output, test and bench artefacts, data: none of it is source (the same list as .gitignore's).
  globalIgnores([
    '.next/**',
    'next-env.d.ts',
    'public/**',
    'test-results/**',
    'playwright-report/**',
    'e2e/.artifacts/**',
    'bench/results/**',
    'data/**',
    '.scratch/**',
  ]),
]);
