#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so a checkout works after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
