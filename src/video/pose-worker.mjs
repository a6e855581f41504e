// Entry of a pose-estimation worker thread: the TypeScript sources run through tsx, as in the
// main thread (bin/debrief.mjs), and each thread has its own WebAssembly backend.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./pose-thread.ts', import.meta.url).href);
