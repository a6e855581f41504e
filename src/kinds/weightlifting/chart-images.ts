import { createRequire } from 'node:module';
import type { Recording } from '../../motion/keypoints.ts';
import type { WeightliftingResult } from './analyze.ts';
import { barPathChart, barSpeedChart, hipHeightChart, positionsChart, type Still } from './charts.ts';
import type { Language } from './messages.ts';

export const CHARTS = ['hip_height', 'bar_speed', 'bar_path', 'positions'] as const;
export type Chart = typeof CHARTS[number];

// DejaVu Sans covers Latin, Cyrillic and Greek, so every language's labels render.
const FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

async function toPng(svg: string): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { font: { fontFiles: [FONT], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}

function drawChart(chart: Chart, lang: Language, r: WeightliftingResult, rec: Recording | null, stills: Map<number, Still>) {
  switch (chart) {
    case 'hip_height': return hipHeightChart(r, lang);
    case 'bar_speed': return barSpeedChart(r, lang);
    case 'bar_path': return barPathChart(r, lang);
    case 'positions': return positionsChart(r, rec!, lang, stills);
  }
}

/** The PNG of each chart asked for, in order (`positions` needs the recording). */
export async function chartImages(r: WeightliftingResult, rec: Recording | null, stills: Map<number, Still>, wanted: [Chart, Language][]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const [chart, lang] of wanted) out.push(await toPng(drawChart(chart, lang, r, rec, stills)));
  return out;
}
