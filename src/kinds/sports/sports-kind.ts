import type { KindDefinition } from '../kind.ts';
import type { TaskContext, TaskTable } from '../context.ts';
import { SPORTS_INPUTS, sportsInput, type SportsResultBase } from './common.ts';
import { exportDocument } from './export.ts';
import { sportsReportPage } from './report-page.ts';
import { sportsRoutes } from './routes.ts';
import type { ExportArgs, Sport, SportsTasks } from './sport.ts';

type Shared = 'name' | 'inputFor' | 'requiredInputs' | 'reportPage';

/**
 * A sports kind: one motion input (`video` or `keypoints`), the reference 001 session and export
 * routes, the report page's frame; the definition brings its analysis, overlay and anything else.
 */
export function sportsKind<Options extends Record<string, unknown>, Result extends SportsResultBase, Tasks extends TaskTable = Record<never, never>>(
  sport: Sport<Options, Result>,
  definition: Omit<KindDefinition<Options, Result, SportsTasks & Tasks>, Shared | 'tasks'> & { tasks?: Tasks },
): KindDefinition<Options, Result, SportsTasks & Tasks> {
  const { tasks, routes, ...rest } = definition;
  return {
    ...rest,
    name: sport.name,
    inputFor: (name, _options, settings) => sportsInput(name, settings),
    requiredInputs: () => [SPORTS_INPUTS],
    reportPage: (session, result) => sportsReportPage(session, result, `${sport.reportHeading}: ${sport.title(session.options)}`, sport.reportBody(result)),
    // Tasks of its own besides the export (none for most): the spread of an absent table is none.
    tasks: { ...tasks, export: (a: ExportArgs, ctx: TaskContext) => exportDocument(sport, a, ctx.settings) } as SportsTasks & Tasks,
    routes(app, ctx) {
      sportsRoutes(app, ctx, sport);
      routes?.(app, ctx);
    },
  };
}
