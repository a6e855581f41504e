// Prints the capture script's size, raw and gzipped: npm run size:capture
import { captureBundle } from '../src/kinds/behavior/capture-build.ts';

const b = await captureBundle();
console.log(`/capture.js   ${(b.script.length / 1024).toFixed(1)} KiB, ${(b.gzippedBytes.script / 1024).toFixed(1)} KiB gzipped`);
console.log(`/capture.mjs  ${(b.module.length / 1024).toFixed(1)} KiB, ${(b.gzippedBytes.module / 1024).toFixed(1)} KiB gzipped`);
