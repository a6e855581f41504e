/**
 * The One-Euro filter (Casiez et al.): a low-pass whose cutoff rises with speed, so a still
 * joint stops jittering while a fast one does not lag. Times in seconds, values in pixels.
 */
export class OneEuro {
  private x: number | null = null;
  private dx = 0;
  private t = 0;
  constructor(private minCutoff = 2.5, private beta = 0.02, private dCutoff = 2.5) {}

  private static alpha(cutoff: number, dt: number) {
    const tau = 1 / (2 * Math.PI * cutoff);
    return 1 / (1 + tau / dt);
  }

  filter(value: number, timeS: number): number {
    if (this.x === null || timeS <= this.t) {
      this.x = value;
      this.t = timeS;
      return value;
    }
    const dt = timeS - this.t;
    const rawSpeed = (value - this.x) / dt;
    this.dx += OneEuro.alpha(this.dCutoff, dt) * (rawSpeed - this.dx);
    const cutoff = this.minCutoff + this.beta * Math.abs(this.dx);
    this.x += OneEuro.alpha(cutoff, dt) * (value - this.x);
    this.t = timeS;
    return this.x;
  }

  reset() { this.x = null; this.dx = 0; }
}
