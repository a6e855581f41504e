import { defineKind } from '../kind.ts';
import { exerciseCli } from './cli.ts';
import { exerciseContract, type ExerciseOptions, type ExerciseResult } from './kind.ts';
import { exerciseRoutes } from './routes.ts';

/** Prescribed exercises from pose keypoints or video (reference 000). */
export const exercise = defineKind<ExerciseOptions, ExerciseResult>({ ...exerciseContract, routes: exerciseRoutes, cli: exerciseCli });
