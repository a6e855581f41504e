// Entry of a compute thread: the TypeScript sources run through tsx, as in the main thread (bin/debrief.mjs).
import { register } from 'tsx/esm/api';

register();
await import(new URL('./thread.ts', import.meta.url).href);
