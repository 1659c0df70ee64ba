import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative, resolve, sep } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCliBundle } from '../../helpers/cli-bundle';

// The Windows build cannot run here (no Electron binary, no makensis): what can be checked is that the
// configuration packages every file the app loads at run time, and that electron-builder accepts it.
interface BuilderConfig {
  files: string[];
  extraResources: { from: string; to: string }[];
  win: { icon: string; requestedExecutionLevel?: string; target: { target: string }[] } & Record<string, unknown>;
  nsis: { perMachine: boolean; oneClick: boolean; include: string };
  directories: { buildResources: string };
}

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
};

/** electron-builder's `files` allowlist, for the pattern forms it uses: "dir/**", "file", "!**\/*.ext". */
function packaged(path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!**/*')) {
      if (path.endsWith(pattern.slice('!**/*'.length))) included = false;
    } else if (pattern.endsWith('/**')) {
      if (path.startsWith(pattern.slice(0, -2))) included = true;
    } else if (path === pattern) {
      included = true;
    }
  }
  return included;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

const IMPORT =
  /^\s*(?:import|export)\s+(?:[^'";]*?\s+from\s+)?["']([^"'\n]+)["'];?\s*$|\bimport\(\s*["']([^"'\n]+)["']\s*\)|\brequire\(\s*["']([^"'\n]+)["']\s*\)/gm;

/** What a built JS file imports: relative files and bare packages. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe('electron-builder.yml packages what the app loads at run time', () => {
  let root: string;

  beforeAll(() => {
    // The app as `npm run dist` builds it: the electron-vite bundles and the CLI bundle, under <root>/out.
    root = buildCliBundle();
    execFileSync(
      process.execPath,
      ['node_modules/electron-vite/bin/electron-vite.js', 'build', '--outDir', join(root, 'out')],
      { stdio: 'pipe' },
    );
  }, 180_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const rel = (file: string): string => relative(root, file).split(sep).join(posix.sep);

  it('includes the entry, the preload and renderer the window loads, and the CLI bundle main loads', () => {
    const required = [
      pkg.main,
      // window.ts: join(here, '../preload/index.cjs') and '../renderer/index.html'.
      'out/preload/index.cjs',
      'out/renderer/index.html',
      // index.ts: join(app.getAppPath(), 'out', 'cli', 'embedded.js') for the headless mode.
      'out/cli/embedded.js',
      'out/cli/cli.js',
      'package.json',
    ];
    for (const path of required) {
      expect(path === 'package.json' || existsSync(join(root, path)), `${path} is built`).toBe(true);
      expect(packaged(path), `${path} is packaged`).toBe(true);
    }
    const sources = readFileSync('electron/main/window.ts', 'utf8') + readFileSync('electron/main/index.ts', 'utf8');
    expect(sources).toContain("'../preload/index.cjs'");
    expect(sources).toContain("'../renderer/index.html'");
    expect(sources).toContain("'out', 'cli', 'embedded.js'");
  });

  it('packages every file those bundles reach, and they import only production dependencies', () => {
    const built = walk(join(root, 'out')).filter((file) => !file.endsWith('.map'));
    expect(built.length).toBeGreaterThan(5);
    for (const file of built) expect(packaged(rel(file)), `${rel(file)} is packaged`).toBe(true);
    const bare = new Set<string>();
    // The renderer is a browser bundle (no imports left); main, preload and the CLI run on Node.
    for (const file of built.filter((f) => /\.(c|m)?js$/.test(f) && !rel(f).startsWith('out/renderer/'))) {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = rel(resolve(join(file, '..'), spec));
          expect(existsSync(join(root, target)), `${rel(file)} imports ${spec}`).toBe(true);
          expect(packaged(target), `${target} (imported by ${rel(file)}) is packaged`).toBe(true);
        } else if (!NODE_BUILTINS.has(spec) && spec !== 'electron') {
          bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
        }
      }
    }
    // electron-builder packs only "dependencies": a devDependency imported at run time would crash the app.
    expect(bare.size).toBeGreaterThan(3);
    for (const name of bare) expect(Object.keys(pkg.dependencies), `${name} is a dependency`).toContain(name);
    const html = readFileSync(join(root, 'out/renderer/index.html'), 'utf8');
    for (const [, asset] of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) {
      expect(packaged(`out/renderer/${asset ?? ''}`)).toBe(true);
      expect(existsSync(join(root, 'out/renderer', asset ?? ''))).toBe(true);
    }
  });
});

describe('electron-builder.yml: resources, icons, installer', () => {
  it('is valid for the installed electron-builder (its own JSON schema)', () => {
    const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, nsis: { ...config.nsis, perMachin: true } })).toBe(false);
  });

  it('ships the capture script, autopilot-console.cmd and the licence in resources', () => {
    const resources = Object.fromEntries(config.extraResources.map((entry) => [entry.to, entry.from]));
    expect(resources).toEqual({
      'Capture-AutopilotHash.ps1': 'resources/Capture-AutopilotHash.ps1',
      'bin/autopilot-console.cmd': 'resources/bin/autopilot-console.cmd',
      'LICENSE.txt': 'LICENSE',
    });
    for (const from of Object.values(resources)) expect(existsSync(from), from).toBe(true);
    // The .cmd finds the exe two folders up (<install>\resources\bin -> <install>) and waits for it.
    const cmd = readFileSync('resources/bin/autopilot-console.cmd', 'utf8');
    expect(cmd).toContain('set "APC_EXE=%~dp0..\\..\\Autopilot Console.exe"');
    expect(cmd).toContain('start "" /b /wait "%APC_EXE%" %*');
    expect(cmd.split('\n').every((line) => line === '' || line.endsWith('\r'))).toBe(true);
  });

  it('has a 256-pixel icon for the exe and the installer', () => {
    const ico = readFileSync(config.win.icon);
    expect(ico.readUInt16LE(2)).toBe(1); // ICO
    const png = ico.subarray(ico.readUInt32LE(18));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([256, 256]);
  });

  it('installs per machine, runs as the user, adds PATH only as an option, and keeps signing secrets out', () => {
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, include: 'build/installer.nsh' });
    expect(config.win.requestedExecutionLevel).not.toBe('requireAdministrator');
    const nsh = readFileSync(config.nsis.include, 'utf8');
    expect(nsh).toMatch(/StrCpy \$ApcAddToPath "0"/);
    expect(nsh).toMatch(/\$\{GetOptions\} \$R0 "\/ADDTOPATH"/);
    expect(nsh).toContain('!ifndef BUILD_UNINSTALLER');
    const yml = readFileSync('electron-builder.yml', 'utf8');
    expect(yml).not.toMatch(/cscLink|certificatePassword|certificateFile|cscKeyPassword/i);
    expect(yml).toContain('WIN_CSC_LINK');
  });
});
