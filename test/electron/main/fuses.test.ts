import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as { electronFuses?: Record<string, boolean> };

describe('Electron fuses in the packaged app', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect, and load only the integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
  });

  it('are options electron-builder knows (a misspelt fuse would be ignored silently otherwise)', () => {
    const scheme = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as {
      definitions: Record<string, unknown>;
    };
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile({ definitions: scheme.definitions, $ref: '#/definitions/FuseOptionsV1' });
    expect(validate(config.electronFuses), JSON.stringify(validate.errors)).toBe(true);
  });
});
