/** What a drill returns: one JSON line of figures per drill, with the invariants that failed. */
import { SIZE } from './env';
import { Invariants } from './stats';

export interface DrillLine {
  drill: string;
  figures: Record<string, unknown>;
  inv: Invariants;
}

export type DrillFn = () => Promise<DrillLine[]>;

export function toJson(line: DrillLine): Record<string, unknown> {
  return {
    drill: line.drill,
    size: SIZE,
    ok: line.inv.failed.length === 0,
    ...line.figures,
    invariantsChecked: line.inv.checked,
    failed: line.inv.failed,
    warnings: line.inv.warnings,
  };
}
