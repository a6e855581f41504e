/** A frame's overlay: text lines; the path of the hands (the bar) from a frame up to this one; feet marked as on the ground. */
export interface OverlayFrame { lines: string[]; wristTraceFrom?: number; feetOnGround?: ('left' | 'right')[] }
