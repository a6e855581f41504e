import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The capture script, bundled and minified on first use (esbuild, about a tenth of a second). */
export interface CaptureBundle { script: string; module: string; gzippedBytes: { script: number; module: number } }

let built: Promise<CaptureBundle> | null = null;

export function captureBundle(): Promise<CaptureBundle> {
  built ??= (async () => {
    const { build } = await import('esbuild');
    const common = { bundle: true, minify: true, write: false, target: 'es2019', legalComments: 'none', logLevel: 'silent' } as const;
    const [iife, esm] = await Promise.all([
      build({ ...common, entryPoints: [fileURLToPath(new URL('./capture/auto.ts', import.meta.url))], format: 'iife' }),
      build({ ...common, entryPoints: [fileURLToPath(new URL('./capture/core.ts', import.meta.url))], format: 'esm' }),
    ]);
    const script = iife.outputFiles[0].text, module = esm.outputFiles[0].text;
    return { script, module, gzippedBytes: { script: gzipSync(script).length, module: gzipSync(module).length } };
  })();
  return built;
}
