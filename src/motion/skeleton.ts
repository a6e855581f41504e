import type { PoseFormat } from './recording.ts';

export type Joint =
  | 'nose' | 'left_ear' | 'right_ear' | 'left_shoulder' | 'right_shoulder' | 'left_elbow' | 'right_elbow'
  | 'left_wrist' | 'right_wrist' | 'left_hip' | 'right_hip' | 'left_knee' | 'right_knee'
  | 'left_ankle' | 'right_ankle' | 'left_heel' | 'right_heel' | 'left_foot' | 'right_foot';

/** Index of each joint in the MediaPipe/BlazePose 33-landmark order and the COCO-17 order. */
export const JOINT_INDEX: Record<PoseFormat, Partial<Record<Joint, number>>> = {
  blazepose33: {
    nose: 0, left_ear: 7, right_ear: 8, left_shoulder: 11, right_shoulder: 12, left_elbow: 13, right_elbow: 14,
    left_wrist: 15, right_wrist: 16, left_hip: 23, right_hip: 24, left_knee: 25, right_knee: 26,
    left_ankle: 27, right_ankle: 28, left_heel: 29, right_heel: 30, left_foot: 31, right_foot: 32,
  },
  coco17: {
    nose: 0, left_ear: 3, right_ear: 4, left_shoulder: 5, right_shoulder: 6, left_elbow: 7, right_elbow: 8,
    left_wrist: 9, right_wrist: 10, left_hip: 11, right_hip: 12, left_knee: 13, right_knee: 14,
    left_ankle: 15, right_ankle: 16,
  },
};
