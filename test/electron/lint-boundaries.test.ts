import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// Lints snippets as if they lived in each folder; type information is not needed for import rules.
const eslint = new ESLint({
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('the folder rule is enforced by lint', () => {
  it.each([
    ['renderer/features/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    ['renderer/features/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    [
      'renderer/features/x.ts',
      "import { startConsoleHost } from '../../electron/core/application/start';\nexport const x = startConsoleHost;\n",
    ],
    ['shared/domain/x.ts', "import { createHash } from 'crypto';\nexport const x = createHash;\n"],
    ['shared/domain/x.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['shared/domain/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['shared/domain/x.ts', 'export const x = () => document.title;\n'],
    ['electron/core/x.ts', "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n"],
  ])('refuses %s: %s', async (file, code) => {
    const rules = await ruleIds(file, code);
    expect(rules.some((rule) => rule === 'no-restricted-imports' || rule === 'no-restricted-globals')).toBe(true);
  });

  it.each([
    ['renderer/features/x.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['electron/main/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ])('allows %s: %s', async (file, code) => {
    const rules = await ruleIds(file, code);
    expect(rules).not.toContain('no-restricted-imports');
  });
});
