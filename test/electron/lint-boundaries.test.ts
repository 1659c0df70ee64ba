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
      "import { startApplication } from '../../electron/core/application/start';\nexport const x = startApplication;\n",
    ],
    ['shared/domain/x.ts', "import { createHash } from 'crypto';\nexport const x = createHash;\n"],
    ['shared/domain/x.ts', "import { useState } from 'react';\nexport const x = useState;\n"],
    ['shared/domain/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['shared/domain/x.ts', 'export const x = () => document.title;\n'],
    ['electron/core/x.ts', "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n"],
    ['electron/web/x.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    ['electron/main/gui.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    ['electron/main/x.ts', "import { contextBridge } from 'electron';\nexport const x = contextBridge;\n"],
    ['electron/main/ipc.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n"],
    [
      'electron/main/x.ts',
      "import { useDevices } from '../../renderer/stores/devices-store';\nexport const x = useDevices;\n",
    ],
    ['electron/main/x.ts', "import { api } from '../preload/index';\nexport const x = api;\n"],
    ['electron/preload/index.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    ['electron/preload/index.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
    [
      'electron/preload/index.ts',
      "import { startApplication } from '../core/application/start';\nexport const x = startApplication;\n",
    ],
    ['electron/preload/index.ts', "import { push } from '../main/ipc';\nexport const x = push;\n"],
  ])('refuses %s: %s', async (file, code) => {
    const rules = await ruleIds(file, code);
    expect(rules.some((rule) => rule === 'no-restricted-imports' || rule === 'no-restricted-globals')).toBe(true);
  });

  it.each([
    ['renderer/features/x.ts', "import { z } from 'zod';\nexport const x = z;\n"],
    ['electron/main/x.ts', "import { app } from 'electron';\nexport const x = app;\n"],
    ['electron/main/ipc.ts', "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n"],
    [
      'electron/main/gui.ts',
      "import { startApplication } from '../core/application/start';\nexport const x = startApplication;\n",
    ],
    [
      'electron/preload/index.ts',
      "import { contextBridge, ipcRenderer } from 'electron';\nexport const x = [contextBridge, ipcRenderer];\n",
    ],
    [
      'electron/preload/index.ts',
      "import { INVOKE_CHANNELS } from '../../shared/ipc/channels';\nexport const x = 1;\n",
    ],
    ['electron/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
  ])('allows %s: %s', async (file, code) => {
    const rules = await ruleIds(file, code);
    expect(rules).not.toContain('no-restricted-imports');
  });
});
