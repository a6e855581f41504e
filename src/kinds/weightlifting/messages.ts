import type { Rep, WeightliftingResult } from './analyze.ts';

/** Languages the lift analysis is rendered in. */
export const LANGUAGES = ['en', 'ru', 'es', 'de', 'fr'] as const;
export type Language = typeof LANGUAGES[number];

type Advice = 'bar_drift' | 'depth_short' | 'no_lockout' | 'velocity_loss' | 'early_arm_bend' | 'slow_reps' | 'solid';

/** Recommendation templates; {names} are filled with measured values. */
const ADVICE: Record<Language, Record<Advice, string>> = {
  en: {
    bar_drift: 'Keep the bar closer to the body: it drifted {drift} from its starting line (most in rep {rep}).',
    depth_short: 'Squat deeper: the hips did not go below the knees in rep(s) {reps}.',
    no_lockout: 'Finish every rep with a full lockout: it was not reached in rep(s) {reps}.',
    velocity_loss: 'Bar speed fell {pct}% from the fastest rep to the last: fatigue is building, consider ending the set sooner.',
    early_arm_bend: 'Keep the arms long until the second pull: the elbows bent {deg}° before it.',
    slow_reps: 'Rep {rep} moved at only {v} m/s: close to a maximal effort; choose the load accordingly.',
    solid: 'Clean technique: the bar stayed within {drift} of its line and peaked at {peak}.',
  },
  ru: {
    bar_drift: 'Держите штангу ближе к телу: она отклонилась на {drift} от исходной линии (больше всего в повторении {rep}).',
    depth_short: 'Приседайте глубже: таз не опустился ниже коленей в повторениях {reps}.',
    no_lockout: 'Завершайте каждое повторение полной фиксацией: её не было в повторениях {reps}.',
    velocity_loss: 'Скорость штанги упала на {pct}% от самого быстрого повторения к последнему: копится усталость, подход стоит завершать раньше.',
    early_arm_bend: 'Держите руки прямыми до второй тяги: локти согнулись на {deg}° раньше неё.',
    slow_reps: 'Повторение {rep} шло со скоростью всего {v} м/с: это почти предельное усилие, подбирайте вес с учётом этого.',
    solid: 'Хорошая техника: штанга отклонялась не более чем на {drift}, пиковая скорость {peak}.',
  },
  es: {
    bar_drift: 'Mantén la barra más cerca del cuerpo: se desvió {drift} de su línea inicial (sobre todo en la repetición {rep}).',
    depth_short: 'Baja más en la sentadilla: la cadera no pasó por debajo de las rodillas en las repeticiones {reps}.',
    no_lockout: 'Termina cada repetición con el bloqueo completo: no se alcanzó en las repeticiones {reps}.',
    velocity_loss: 'La velocidad de la barra cayó un {pct}% de la repetición más rápida a la última: hay fatiga, conviene terminar la serie antes.',
    early_arm_bend: 'Mantén los brazos estirados hasta el segundo tirón: los codos se flexionaron {deg}° antes.',
    slow_reps: 'La repetición {rep} se movió a solo {v} m/s: es casi un esfuerzo máximo; ajusta la carga.',
    solid: 'Buena técnica: la barra se mantuvo a menos de {drift} de su línea y alcanzó {peak}.',
  },
  de: {
    bar_drift: 'Halte die Hantel näher am Körper: Sie wich {drift} von ihrer Startlinie ab (am stärksten in Wiederholung {rep}).',
    depth_short: 'Geh tiefer in die Kniebeuge: Die Hüfte kam in Wiederholung(en) {reps} nicht unter die Knie.',
    no_lockout: 'Beende jede Wiederholung mit vollem Lockout: In Wiederholung(en) {reps} wurde er nicht erreicht.',
    velocity_loss: 'Die Hantelgeschwindigkeit fiel von der schnellsten zur letzten Wiederholung um {pct} %: Ermüdung setzt ein, beende den Satz früher.',
    early_arm_bend: 'Halte die Arme bis zum zweiten Zug gestreckt: Die Ellbogen beugten sich vorher um {deg}°.',
    slow_reps: 'Wiederholung {rep} lief nur mit {v} m/s: nahe an der Maximalleistung; wähle das Gewicht entsprechend.',
    solid: 'Saubere Technik: Die Hantel blieb innerhalb von {drift} ihrer Linie und erreichte {peak}.',
  },
  fr: {
    bar_drift: "Gardez la barre plus près du corps : elle s'est écartée de {drift} de sa ligne de départ (surtout à la répétition {rep}).",
    depth_short: 'Descendez plus bas : les hanches ne sont pas passées sous les genoux aux répétitions {reps}.',
    no_lockout: 'Terminez chaque répétition par un verrouillage complet : il manquait aux répétitions {reps}.',
    velocity_loss: "La vitesse de la barre a baissé de {pct} % entre la répétition la plus rapide et la dernière : la fatigue s'installe, arrêtez la série plus tôt.",
    early_arm_bend: "Gardez les bras tendus jusqu'à la deuxième traction : les coudes se sont pliés de {deg}° avant.",
    slow_reps: "La répétition {rep} n'a atteint que {v} m/s : c'est presque un effort maximal ; adaptez la charge.",
    solid: 'Bonne technique : la barre est restée à moins de {drift} de sa ligne et a atteint {peak}.',
  },
};

/** Words on the charts. */
export const LABELS: Record<Language, Record<string, string>> = {
  en: { hip_height: 'Hip height', bar_speed: 'Bar speed', bar_path: 'Bar path', positions: 'Key positions', time: 'time (s)', height: 'height', speed: 'speed', forward: 'forward', up: 'up', pct_height: '% of height', rep: 'rep',
    start: 'start', first_pull_end: 'first pull', transition: 'transition', second_pull_end: 'second pull', catch: 'catch', recovery: 'recovery', bottom: 'bottom', top: 'top', jerk_dip: 'jerk dip', jerk_lockout: 'jerk' },
  ru: { hip_height: 'Высота таза', bar_speed: 'Скорость штанги', bar_path: 'Траектория штанги', positions: 'Ключевые положения', time: 'время (с)', height: 'высота', speed: 'скорость', forward: 'вперёд', up: 'вверх', pct_height: '% роста', rep: 'повт.',
    start: 'старт', first_pull_end: 'первая тяга', transition: 'переход', second_pull_end: 'вторая тяга', catch: 'подсед', recovery: 'вставание', bottom: 'низ', top: 'верх', jerk_dip: 'подсед толчка', jerk_lockout: 'толчок' },
  es: { hip_height: 'Altura de la cadera', bar_speed: 'Velocidad de la barra', bar_path: 'Trayectoria de la barra', positions: 'Posiciones clave', time: 'tiempo (s)', height: 'altura', speed: 'velocidad', forward: 'adelante', up: 'arriba', pct_height: '% de la estatura', rep: 'rep.',
    start: 'inicio', first_pull_end: 'primer tirón', transition: 'transición', second_pull_end: 'segundo tirón', catch: 'recepción', recovery: 'recuperación', bottom: 'abajo', top: 'arriba', jerk_dip: 'flexión del envión', jerk_lockout: 'envión' },
  de: { hip_height: 'Hüfthöhe', bar_speed: 'Hantelgeschwindigkeit', bar_path: 'Hantelweg', positions: 'Schlüsselpositionen', time: 'Zeit (s)', height: 'Höhe', speed: 'Geschwindigkeit', forward: 'vorwärts', up: 'oben', pct_height: '% der Körpergröße', rep: 'Wdh.',
    start: 'Start', first_pull_end: 'erster Zug', transition: 'Übergang', second_pull_end: 'zweiter Zug', catch: 'Umsetzen', recovery: 'Aufstehen', bottom: 'unten', top: 'oben', jerk_dip: 'Ausholen', jerk_lockout: 'Stoßen' },
  fr: { hip_height: 'Hauteur des hanches', bar_speed: 'Vitesse de la barre', bar_path: 'Trajectoire de la barre', positions: 'Positions clés', time: 'temps (s)', height: 'hauteur', speed: 'vitesse', forward: "vers l'avant", up: 'haut', pct_height: '% de la taille', rep: 'rép.',
    start: 'départ', first_pull_end: 'premier tirage', transition: 'transition', second_pull_end: 'deuxième tirage', catch: 'réception', recovery: 'redressement', bottom: 'bas', top: 'haut', jerk_dip: 'flexion du jeté', jerk_lockout: 'jeté' },
};

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));

/** A distance in the result's unit, worded for the language. */
const distance = (v: number, r: WeightliftingResult, lang: Language) =>
  r.calibration.calibrated ? `${Math.round(v * 100)} cm` : `${Math.round(v * 10) / 10} ${LABELS[lang].pct_height}`;

const repList = (reps: Rep[]) => reps.map((r) => r.rep_number).join(', ');

/** Which advice the measurements call for, with the values that justify it. */
export function findings(r: WeightliftingResult): { id: Advice; values: (lang: Language) => Record<string, string | number> }[] {
  const out: ReturnType<typeof findings> = [];
  const drift = (rep: Rep) => (r.calibration.calibrated ? rep.horizontal_drift_m ?? 0 : rep.horizontal_drift_pct_height ?? 0);
  const worst = r.reps.reduce((a, b) => ((b.horizontal_drift_pct_height ?? 0) > (a.horizontal_drift_pct_height ?? 0) ? b : a));
  if ((worst.horizontal_drift_pct_height ?? 0) > 5) out.push({ id: 'bar_drift', values: (lang) => ({ drift: distance(drift(worst), r, lang), rep: worst.rep_number }) });
  const shallow = r.exercise_name === 'back_squat' ? r.reps.filter((x) => x.depth && !x.depth.hip_below_knee) : [];
  if (shallow.length) out.push({ id: 'depth_short', values: () => ({ reps: repList(shallow) }) });
  const unlocked = r.reps.filter((x) => !x.lockout.reached);
  if (unlocked.length) out.push({ id: 'no_lockout', values: () => ({ reps: repList(unlocked) }) });
  if (Number(r.metrics.velocity_loss_pct) > 20) out.push({ id: 'velocity_loss', values: () => ({ pct: Math.round(Number(r.metrics.velocity_loss_pct)) }) });
  const bend = Math.max(...r.reps.map((x) => x.early_arm_bend_deg ?? 0));
  if (bend > 25) out.push({ id: 'early_arm_bend', values: () => ({ deg: Math.round(bend) }) });
  const slowest = r.reps.reduce((a, b) => ((b.mean_concentric_velocity_mps ?? Infinity) < (a.mean_concentric_velocity_mps ?? Infinity) ? b : a));
  if (slowest.mean_concentric_velocity_mps !== null && slowest.mean_concentric_velocity_mps < 0.3 && !['snatch', 'clean', 'clean_and_jerk'].includes(r.exercise_name)) {
    out.push({ id: 'slow_reps', values: () => ({ rep: slowest.rep_number, v: slowest.mean_concentric_velocity_mps! }) });
  }
  if (!out.length) {
    const peak = (lang: Language) => (r.calibration.calibrated ? `${r.metrics.peak_velocity_mps} m/s` : `${r.metrics.peak_velocity_height_per_s} ${LABELS[lang].height}/s`);
    out.push({ id: 'solid', values: (lang) => ({ drift: distance(drift(worst), r, lang), peak: peak(lang) }) });
  }
  return out;
}

export function recommendations(r: WeightliftingResult): Record<Language, string[]> {
  const found = findings(r);
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, found.map((f) => fill(ADVICE[lang][f.id], f.values(lang)))])) as Record<Language, string[]>;
}
