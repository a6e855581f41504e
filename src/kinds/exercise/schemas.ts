import { Type } from 'typebox';

/** Response schemas of the exercise routes; the examples are reference 000's own. */

const IdOrNumber = Type.Union([Type.Integer(), Type.String(), Type.Null()], { description: 'Echoed as sent; an id of digits reads as a number, as reference 000 shows it' });

export const SessionInformationSchema = Type.Object({
  user_id: IdOrNumber,
  prescription_id: IdOrNumber,
  assessments: Type.Array(Type.String()),
}, {
  additionalProperties: true,
  description: 'The session id is also a key of its own, whose value is the id (reference 000: "100": 100)',
  examples: [{ 100: 100, user_id: 36, prescription_id: 9, assessments: ['Squats', 'L Cervical Extension', 'R Shoulder flexion'] }],
});

const MeasurementResultSchema = Type.Object({
  type: Type.Union([Type.Literal('peak'), Type.Literal('static')]),
  frame: Type.Optional(Type.Integer({ description: 'peak: the frame measured' })),
  accuracy: Type.Number({ minimum: 0, maximum: 100 }),
  value: Type.Optional(Type.Number({ description: 'peak: the value measured (degrees, or percent for heights)' })),
  error: Type.Optional(Type.Object({ frame: Type.Integer(), accuracy: Type.Number(), message: Type.String() }, { description: 'static: the worst moment, when the constraint was broken' })),
  measurement_id: Type.Integer(),
  message: Type.String(),
  priority: Type.Integer(),
});

const RepSchema = Type.Object({
  rep_number: Type.Integer(),
  start_frame_number: Type.Integer(),
  peak_frame_number: Type.Integer(),
  end_frame_number: Type.Integer(),
  overall_accuracy_measurement: Type.Number(),
  measurement_results: Type.Array(MeasurementResultSchema),
});

export const AssessmentSchema = Type.Object({
  count: Type.Integer(),
  individual_reps_list: Type.Array(RepSchema),
}, {
  examples: [{
    count: 1,
    individual_reps_list: [{
      rep_number: 1, start_frame_number: 0, peak_frame_number: 50, end_frame_number: 99, overall_accuracy_measurement: 98,
      measurement_results: [
        { type: 'peak', frame: 50, accuracy: 100, value: 66, measurement_id: 1, message: 'Hip flexion', priority: 2 },
        { type: 'peak', frame: 50, accuracy: 100, value: 59, measurement_id: 2, message: 'Knee flexion', priority: 1 },
        { type: 'static', accuracy: 98, error: { frame: 81, accuracy: 69, message: 'Do not lift your toes or heel' }, measurement_id: 4, message: 'Do not lift your toes or heel', priority: 2 },
      ],
    }],
  }],
});

const Direction = Type.Union([Type.Literal('rises'), Type.Literal('falls')]);

export const ExerciseSchema = Type.Object({
  object: Type.Literal('exercise'),
  name: Type.String(),
  aliases: Type.Array(Type.String()),
  side: Type.String(),
  camera_view: Type.String({ description: 'The view the exercise is measured from best: front, side or any' }),
  signal: Type.Object({ metric: Type.String(), direction: Direction, min_amplitude: Type.Number(), min_rep_ms: Type.Number() }),
  counted_from: Type.Array(Type.Object({ metric: Type.String(), side: Type.String(), direction: Direction })),
  posture: Type.Union([Type.String(), Type.Null()]),
  measurements: Type.Array(Type.Object({
    measurement_id: Type.Integer(), type: Type.Union([Type.Literal('peak'), Type.Literal('static')]), metric: Type.String(), message: Type.String(),
    priority: Type.Integer(), plane: Type.String(),
    target: Type.Optional(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
    limit: Type.Optional(Type.Object({ min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) })),
    relative_to_rep_start: Type.Optional(Type.Boolean()),
  })),
});
