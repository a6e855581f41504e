// The /capture.js entry: `<script src="…/capture.js" data-key="pub_…" data-user-id="…" async>`.
import { startCapture, type DebriefCapture } from './core.ts';

declare global { interface Window { debrief?: DebriefCapture } }

const script = document.currentScript as HTMLScriptElement | null;
const key = script?.dataset.key;
if (script && key && !window.debrief) {
  window.debrief = startCapture({ key, endpoint: script.dataset.endpoint ?? new URL(script.src).origin, userId: script.dataset.userId });
}
