export type PoseFormat = 'blazepose33' | 'coco17';
export const POINT_COUNT: Record<PoseFormat, number> = { blazepose33: 33, coco17: 17 };

/**
 * A keypoint recording in a flat array, 4 numbers per point (x, y, z, score), frame after frame.
 * Coordinates are in units of the frame height (x scaled by the aspect ratio), so angles are
 * those of the person and not of a stretched 0–1 square; y grows downwards. A frame where the
 * person was not seen has score 0 everywhere.
 */
export interface Recording {
  format: PoseFormat;
  pointCount: number;
  frameCount: number;
  data: Float64Array;
  /** Milliseconds from the first frame, strictly increasing. */
  timesMs: Float64Array;
  fps: number;
  /** The source gave depth (z): joint angles are measured in 3D. */
  hasDepth: boolean;
  /** Whether each frame had a person at all. */
  seen: Uint8Array;
  /** Source units per recording unit (the frame height in pixels, or 1 for 0–1 coordinates), for exports. */
  sourceScale: number;
  /** World landmarks as given (metres, [x, y, z] per point), when the source sent them. */
  world: Float64Array | null;
  /**
   * The points with depth rebuilt for joint angles (see depth.ts), in `data`'s layout: joint angles
   * in 3D are read from these. Null without depth.
   */
  joints3d: Float64Array | null;
  /** The pose model that read the video these keypoints came from (`model` in the document), when it says. */
  poseModel: { name: string; version: string } | null;
}
