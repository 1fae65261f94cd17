/** What a drill returns: one JSON line of figures per drill, with the invariants that failed. */
import { SIZE } from './env';
import { PG_OVERRIDES } from './stack';
import { Invariants } from './stats';

export interface DrillLine {
  drill: string;
  figures: Record<string, unknown>;
  inv: Invariants;
}

export type DrillFn = () => Promise<DrillLine[]>;

export function toJson(line: DrillLine): { ok: boolean } & Record<string, unknown> {
  return {
    drill: line.drill,
    size: SIZE,
    ok: line.inv.failed.length === 0,
    ...(PG_OVERRIDES.length ? { pgOverrides: PG_OVERRIDES } : {}),
    ...line.figures,
    invariantsChecked: line.inv.checked,
    failed: line.inv.failed,
    warnings: line.inv.warnings,
  };
}
