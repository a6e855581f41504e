import { Type } from 'typebox';
import { nullable } from '../../schemas.ts';

/** Response schemas of reference 004's routes, with its field descriptions and example. */

const Grade = Type.String({ description: 'good, mid or bad' });

export const RoleplaySessionSchema = Type.Object({
  id: Type.String({ description: 'Unique session identifier' }),
  user: nullable(Type.Object({ id: Type.String(), email: nullable(Type.String()), first_name: nullable(Type.String()), last_name: nullable(Type.String()) })),
  scenario: nullable(Type.Object({ id: Type.String(), name: Type.String(), slug: Type.String() }, { description: 'A compact scenario reference for embedding in other responses.' })),
  score: nullable(Type.Number({ description: 'Session score (0-100 scale)' })),
  rank: nullable(Type.Union(['gold', 'silver', 'bronze', 'unranked'].map((r) => Type.Literal(r)), { description: 'Performance rank based on score' })),
  duration_seconds: nullable(Type.Number({ description: 'Session duration in seconds' })),
  is_valid_attempt: Type.Boolean({ description: 'Completed, graded, and scored' }),
  outcome_feedback: nullable(Type.String({ description: 'Overall outcome summary from the evaluator' })),
  positive_feedback: nullable(Type.String({ description: 'What the participant did well' })),
  constructive_feedback: nullable(Type.String({ description: 'Areas for improvement' })),
  created_at: Type.String({ format: 'date-time', description: 'When the session was created' }),
  transcript: nullable(Type.Array(Type.Object({ speaker: Type.String(), text: Type.String(), seconds_from_start: nullable(Type.Number()) }),
    { description: 'Conversation lines without system messages (only with ?include=transcript)' })),
  evaluations: nullable(Type.Array(Type.Object({
    criterion_name: Type.String(),
    items: Type.Array(Type.Object({
      name: Type.String(), grade: Grade, feedback: Type.String(),
      feedback_examples: Type.Array(Type.Object({ quote: Type.String(), feedback: Type.String(), suggestion_quote: nullable(Type.String()), grade: Grade, salience: Type.String() })),
    })),
  }), { description: 'Rubric criteria with grades (only with ?include=evaluations)' })),
}, {
  examples: [{
    id: 'abc123def456',
    user: { id: 'u1a2b3c4d5e6', email: 'jane@example.com', first_name: 'Jane', last_name: 'Smith' },
    scenario: { id: 's1a2b3c4d5e6', name: 'Procurement Discovery', slug: 'procurement-discovery' },
    score: 82.5, rank: 'gold', duration_seconds: 347, is_valid_attempt: true,
    outcome_feedback: 'Strong discovery questioning with good rapport building.',
    positive_feedback: 'Excellent use of open-ended questions to uncover needs.',
    constructive_feedback: 'Consider probing deeper into budget constraints.',
    created_at: '2026-03-15T14:30:00Z',
    transcript: [
      { speaker: 'ai', text: "Hi, I'm the procurement lead at Globex. Thanks for meeting with me today.", seconds_from_start: 0 },
      { speaker: 'user', text: "Thanks for your time. I'd love to learn more about your current process.", seconds_from_start: 4.2 },
    ],
    evaluations: [{
      criterion_name: 'Communication Skills',
      items: [{
        name: 'Discovery Questions', grade: 'good', feedback: 'Asked targeted questions about pain points and current workflow.',
        feedback_examples: [{ quote: 'Tell me about your current procurement process.', feedback: 'Great open-ended discovery question.', suggestion_quote: null, grade: 'good', salience: 'high' }],
      }],
    }],
  }],
});

export const RoleplaySessionListSchema = Type.Object({
  data: Type.Array(RoleplaySessionSchema),
  pagination: Type.Object({ page: Type.Integer(), page_size: Type.Integer(), total_count: Type.Integer(), total_pages: Type.Integer() }),
});
